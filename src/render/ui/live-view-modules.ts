// What the live view needs before its first frame: Ink, React and the view itself, as one import. Loaded as
// they are, they are some 600 modules (ink alone imports all of es-toolkit's compat functions for one of
// them), which takes the Node.js module loader longer than everything else before the first frame; so the
// build bundles this module into dist/render/ui/live-view-bundle.js (src/cli/bundle-live-view.ts).
export {render} from 'ink';
export {createElement} from 'react';
export {LiveApp} from './live-app.js';
