// Build step (src/cli/copy-assets.ts): the live view's modules (src/render/ui/live-view-modules.ts: Ink, React
// and the view) bundled into one file, dist/render/ui/live-view-bundle.js, in place of the re-export tsc wrote
// there. Node.js loads one file of that size in a fraction of the time it takes for the ~600 modules it holds,
// and that time is what the live view's first frame waits for. The single executable bundles the modules
// themselves instead (src/cli/package-executable.ts).
import path from 'node:path';
import {nodeModuleBundle, withoutReactDevtools, yogaWithoutFetch} from './esbuild-plugins.js';

/** The bundle's file name, next to live-view-modules.js. */
export const liveViewBundle = 'live-view-bundle.js';

/** Writes the bundle into dist; returns how many files went into it. */
export async function bundleLiveView(distDir: string): Promise<{inputs: number; bytes: number}> {
	// Imported here: the build has its devDependencies, nothing that runs kubesleuth needs esbuild.
	const esbuild = await import('esbuild');
	const ui = path.join(distDir, 'render', 'ui');
	const result = await esbuild.build({
		entryPoints: [path.join(ui, 'live-view-modules.js')],
		outfile: path.join(ui, liveViewBundle),
		allowOverwrite: true,
		...nodeModuleBundle,
		// The view runs React's production build (src/cli/live-view-command.ts sets NODE_ENV): the development one is left out.
		define: {'process.env.NODE_ENV': '"production"'},
		plugins: [withoutReactDevtools, yogaWithoutFetch],
	});
	const output = Object.values(result.metafile.outputs)[0];
	return {inputs: Object.keys(result.metafile.inputs).length, bytes: output?.bytes ?? 0};
}
