// esbuild plugins and options shared by the builds that bundle with it: the single executable
// (src/cli/package-executable.ts), the CLI's bundle (src/cli/bundle-cli.ts) and the live view's (src/cli/bundle-live-view.ts).
import {readFileSync} from 'node:fs';
import type {BuildOptions, Plugin} from 'esbuild';

/** An ES module bundle for Node.js 20 and later, as `npm run build` writes them into dist, with a metafile to report from. */
export const nodeModuleBundle = {
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	metafile: true,
	logLevel: 'warning',
	minifySyntax: true,
	// CommonJS packages in a bundle (commander, react) require Node's built-in modules; an ES module has no require of its own.
	banner: {js: "import {createRequire as kubesleuthCreateRequire} from 'node:module';\nconst require = kubesleuthCreateRequire(import.meta.url);"},
} as const satisfies BuildOptions;

/**
 * Ink's React devtools support (only with DEV=true) imports react-devtools-core, which is not installed, and reads
 * ink's package.json from disk, which the executable does not have: it is left out, as if DEV were unset, and so is
 * ink's devtools module (with the WebSocket library it brings, a tenth of the live view's bundle).
 */
export const withoutReactDevtools: Plugin = {
	name: 'without-react-devtools',
	setup(build) {
		build.onResolve({filter: /^react-devtools-core$/}, (args) => ({path: args.path, namespace: 'not-in-executable'}));
		build.onResolve({filter: /^\.\/devtools\.js$/}, (args) => (/[\\/]ink[\\/]build[\\/]/.test(args.importer) ? {path: 'ink/build/devtools.js', namespace: 'not-in-executable'} : undefined));
		build.onLoad({filter: /.*/, namespace: 'not-in-executable'}, (args) => ({
			contents: `const error = new Error(${JSON.stringify(`${args.path} is not part of kubesleuth's bundles`)}); error.code = 'ERR_MODULE_NOT_FOUND'; throw error;`,
			loader: 'js',
		}));
		build.onLoad({filter: /[\\/]ink[\\/]build[\\/]utils\.js$/}, (args) => {
			const text = readFileSync(args.path, 'utf8');
			const devCheck = "process.env['DEV'] === 'true'";
			if (!text.includes(devCheck)) {
				return {errors: [{text: `ink changed: ${args.path} no longer contains ${devCheck}; update without-react-devtools in src/cli/esbuild-plugins.ts`}]};
			}

			return {contents: text.replace(devCheck, 'false'), loader: 'js'};
		});
	},
};

/**
 * yoga-layout (Ink's layout engine) carries its WebAssembly as base64 and reads it back with fetch() when there is
 * one, which loads Node.js's whole fetch implementation (undici) for a data: URL: tens of milliseconds before the
 * live view's first frame. It is told there is no fetch, so it decodes the base64 itself, as it does without one.
 */
export const yogaWithoutFetch: Plugin = {
	name: 'yoga-without-fetch',
	setup(build) {
		build.onLoad({filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, (args) => {
			const text = readFileSync(args.path, 'utf8');
			const fetchCheck = '"function"!=typeof fetch';
			if (!text.includes(fetchCheck)) {
				return {errors: [{text: `yoga-layout changed: ${args.path} no longer checks ${fetchCheck}; update yoga-without-fetch in src/cli/esbuild-plugins.ts`}]};
			}

			return {contents: text.replaceAll(fetchCheck, '!0'), loader: 'js'};
		});
	},
};
