import * as childProcess from 'node:child_process';
import {appendFile, copyFile, mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {readExeVersion} from '../../src/host/read-apiserver-process.js';

// Every way to start a program, wrapped so that a call is seen; the test starts its stand-in through them too.
vi.mock('node:child_process', async (importOriginal) => {
	const actual = await importOriginal<typeof import('node:child_process')>();
	const spy = <T extends (...args: never[]) => unknown>(f: T) => vi.fn(f);
	return {...actual, spawn: spy(actual.spawn), spawnSync: spy(actual.spawnSync), exec: spy(actual.exec), execSync: spy(actual.execSync), execFile: spy(actual.execFile), execFileSync: spy(actual.execFileSync), fork: spy(actual.fork)};
});

const starters = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
const calls = (): number => starters.reduce((n, name) => n + vi.mocked(childProcess[name]).mock.calls.length, 0);

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
	await stop?.();
	stop = undefined;
});

describe('the version of the running apiserver', () => {
	it('is read from the bytes of /proc/<pid>/exe (what readApiserverProcess uses on the live /proc), and nothing is run to find it', async () => {
		// A copy of bash named kube-apiserver with a gitVersion string appended (bytes after an ELF's sections are ignored).
		const directory = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-version-'));
		const binary = path.join(directory, 'kube-apiserver');
		await copyFile('/bin/bash', binary);
		await appendFile(binary, "\0-X 'k8s.io/component-base/version.gitVersion=v1.29.3'\0");
		const child = childProcess.spawn(binary, ['-c', 'echo started; sleep 30; :'], {stdio: ['ignore', 'pipe', 'ignore']});
		const exited = new Promise((resolve) => child.once('exit', resolve));
		stop = async () => {
			child.kill();
			await exited;
			await rm(directory, {recursive: true, force: true});
		};

		// Once the stand-in prints, it has exec'd: its cmdline and exe are its own.
		await new Promise((resolve) => child.stdout!.once('data', resolve));
		const before = calls();
		expect(await readExeVersion(child.pid!)).toEqual({version: 'v1.29.3', from: `the gitVersion string in its binary (/proc/${child.pid}/exe)`});
		expect(calls()).toBe(before);
	});

	it('the module that reads the process imports nothing that starts programs', async () => {
		for (const file of ['read-apiserver-process.ts', 'read-binary-version.ts', 'parse-proc-files.ts']) {
			const text = await readFile(path.resolve(import.meta.dirname, '../../src/host', file), 'utf8');
			expect(text, file).not.toMatch(/child_process|\bexecFile\b|\bspawn\b/);
		}
	});
});
