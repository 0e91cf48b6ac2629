// The CLI's bundle that `npm run build` writes (src/cli/bundle-cli.ts): dist/cli/main.js, the program the package
// runs, and its chunks. It must do what the modules it holds do, load its chunks only as a run needs them, and
// find the files next to it (the rules, build-info.json, the worker's script) from where its chunks are; that
// the workers run from it is shown by test/cli/parallel/plan-in-workers.test.ts, which runs main.js.
// Needs a fresh build (npm test does that first).
import {spawnSync} from 'node:child_process';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const cliDir = path.join(root, 'dist/cli');
const fixed = ['--format', 'json', '--no-live', '--utc', '--now', '2026-11-28T12:00:00Z'];

function run(script: string, args: readonly string[], env: Record<string, string> = {}): {code: number | null; stdout: string; stderr: string} {
	const outcome = spawnSync(process.execPath, [path.join(cliDir, script), ...args], {cwd: root, encoding: 'utf8', env: {...process.env, ...env}});
	return {code: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr};
}

/** A JSON report without the moment it was made. */
const withoutTime = (text: string): unknown => ({...(JSON.parse(text) as Record<string, unknown>), generatedAt: undefined});

describe('the CLI bundle', () => {
	it('is what the package runs, and writes the same report as the modules it was made from', () => {
		const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {bin: Record<string, string>};
		expect(pkg.bin['kubesleuth']).toBe('dist/cli/main.js');
		for (const args of [['fixtures/demo'], ['--only', 'loopback-certificate', 'fixtures/demo'], ['fixtures/demo/var/log/pods/*/kube-apiserver']]) {
			const bundled = run('main.js', [...fixed, ...args]);
			const modules = run('cli-entry.js', [...fixed, ...args]);
			expect(bundled.stderr, args.join(' ')).toBe('');
			expect(bundled.code).toBe(1);
			expect(modules.code).toBe(1);
			expect(withoutTime(bundled.stdout)).toEqual(withoutTime(modules.stdout));
		}
	});

	it('says the version and commit the build recorded', () => {
		const info = JSON.parse(readFileSync(path.join(cliDir, 'build-info.json'), 'utf8')) as {version: string; commit: string};
		expect(run('main.js', ['--version']).stdout).toBe(run('cli-entry.js', ['--version']).stdout);
		expect(run('main.js', ['--version']).stdout).toContain(info.version);
	});

	it('keeps what only some runs need in chunks of their own, loaded by import() when they do', () => {
		const packages = JSON.parse(readFileSync(path.join(cliDir, 'bundle-packages.json'), 'utf8')) as Record<string, string[]>;
		// Every file of the bundle is listed, and every listed file is there.
		const onDisk = readdirSync(cliDir).filter((name) => name === 'main.js' || /^chunk-[A-Z0-9]+\.js$/.test(name));
		expect(Object.keys(packages).sort()).toEqual(onDisk.sort());
		expect(packages['main.js']).toContain('commander');
		for (const name of ['yaml', 'zod', 'fast-glob', 'tar', 'ink', 'react']) expect(packages['main.js'], name).not.toContain(name);
		// The live view's own bundle stays a file of its own: no chunk holds Ink.
		expect(Object.values(packages).flat()).not.toContain('ink');
		const main = readFileSync(path.join(cliDir, 'main.js'), 'utf8');
		expect(main.startsWith('#!/usr/bin/env node\n')).toBe(true);
	});
});
