// The directory the CLI's modules are built into, dist/cli/, for the files the build writes next to them
// (build-info.json, the worker's script). The modules are also bundled (src/cli/bundle-cli.ts) into chunks
// written to that same directory, so a URL made from this module's is the same in both forms, where a module
// deeper down (cli/parallel/) would find its own directory only in the unbundled one.

/** dist/cli/ as a file URL (src/cli/ when run from the TypeScript sources). */
export const cliDirectory = new URL('./', import.meta.url);
