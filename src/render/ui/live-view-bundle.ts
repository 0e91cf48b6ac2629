// Run from the TypeScript sources (the tests), the live view's modules as they are; in dist, the build replaces
// this module's output with the bundle of live-view-modules.ts (src/cli/bundle-live-view.ts).
export * from './live-view-modules.js';
