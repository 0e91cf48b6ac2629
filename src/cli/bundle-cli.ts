// Build step (src/cli/copy-assets.ts): the CLI (dist/cli/cli-entry.js and what it imports) bundled into
// dist/cli/main.js, the program `kubesleuth` runs, and chunks next to it. A report otherwise loads some 130
// modules one by one, each resolved, read and compiled on its own: the bundle loads about twenty files and starts
// about 50 ms sooner, which on a small file is a quarter of the run. Each dynamic import stays a chunk of its own,
// so what a run does not use (yaml and zod for user rules, fast-glob for patterns, tar for bundles, the probe)
// is still not loaded. The live view's own bundle (src/cli/bundle-live-view.ts) is loaded from where it is.
// The chunks are written to dist/cli, where the modules they hold were: the URLs those modules make from their
// own (src/cli/cli-directory.ts) stay the same. The single executable bundles cli-entry.js itself instead.
import {readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {Plugin} from 'esbuild';
import {liveViewBundle} from './bundle-live-view.js';
import {nodeModuleBundle} from './esbuild-plugins.js';

/** The bundle's entry file, the package's bin, and the prefix of its chunks' names, in dist/cli. */
export const cliBundle = 'main.js';
const chunkPrefix = 'chunk-';
/** Which npm packages each file of the bundle holds (for test/cli/load-rules-modules.test.ts), in dist/cli. */
export const bundlePackagesFile = 'bundle-packages.json';

/** The live view's bundle is loaded from its own file, at the same relative path. */
const liveViewOutside: Plugin = {
	name: 'live-view-outside',
	setup(build) {
		build.onResolve({filter: new RegExp(`[\\\\/]${liveViewBundle.replace('.', '\\.')}$`)}, (args) => ({path: args.path, external: true}));
	},
};

/** The npm package a bundled input file comes from, or undefined for kubesleuth's own. */
function packageOf(input: string): string | undefined {
	const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.replaceAll('\\', '/'));
	return match?.[1];
}

/** Writes the bundle into dist/cli; returns how many modules went into it and how many files came out. */
export async function bundleCli(distDir: string): Promise<{inputs: number; files: number}> {
	// Imported here: the build has its devDependencies, nothing that runs kubesleuth needs esbuild.
	const esbuild = await import('esbuild');
	const cli = path.join(distDir, 'cli');
	// Chunks of an earlier build are named by a hash of their contents: the old ones go first.
	for (const name of readdirSync(cli)) if (name.startsWith(chunkPrefix) && name.endsWith('.js')) rmSync(path.join(cli, name));
	const result = await esbuild.build({
		entryPoints: {[cliBundle.replace(/\.js$/, '')]: path.join(cli, 'cli-entry.js')},
		outdir: cli,
		chunkNames: `${chunkPrefix}[hash]`,
		...nodeModuleBundle,
		splitting: true,
		plugins: [liveViewOutside],
	});
	const packages: Record<string, string[]> = {};
	for (const [file, output] of Object.entries(result.metafile.outputs)) {
		if (!file.endsWith('.js')) continue;
		const names = new Set(Object.keys(output.inputs).map(packageOf).filter((name) => name !== undefined));
		packages[path.basename(file)] = [...names].sort();
	}

	writeFileSync(path.join(cli, bundlePackagesFile), JSON.stringify(packages, null, '\t') + '\n');
	return {inputs: Object.keys(result.metafile.inputs).length, files: Object.keys(packages).length};
}
