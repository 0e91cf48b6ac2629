// Which packages a run of the built CLI loads: the built-in rules come validated from the build, so a
// diagnosis with them alone needs neither yaml nor zod, and a report never needs ink or react. Runs
// dist/cli/main.js (npm test builds first) with a module hook that logs what is loaded. main.js is a bundle
// (src/cli/bundle-cli.ts): the packages a loaded chunk holds are read from the list the build wrote of them.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli/main.js');
const hooks = path.join(root, 'test/helpers/log-modules.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'kubesleuth-modules-'));
const fixed = ['--now', '2026-11-28T12:00:00Z'];
/** The npm packages in each file of the CLI's bundle, as the build listed them. */
const bundled = JSON.parse(readFileSync(path.join(root, 'dist/cli/bundle-packages.json'), 'utf8')) as Record<string, string[]>;

afterAll(() => {
	rmSync(work, {recursive: true, force: true});
});

let runs = 0;
/** Runs the CLI; returns its exit code, output and the npm packages it loaded. */
function run(args: readonly string[]): {code: number | null; stdout: string; stderr: string; packages: Set<string>} {
	const log = path.join(work, `modules-${runs++}.log`);
	const outcome = spawnSync(process.execPath, ['--import', hooks, cli, ...args], {cwd: root, encoding: 'utf8', env: {...process.env, KUBESLEUTH_MODULE_LOG: log}});
	let text = '';
	try {
		text = readFileSync(log, 'utf8');
	} catch {
		// Nothing was logged: the packages set stays empty and the assertions below say so.
	}

	const packages = new Set([...text.matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]!));
	for (const [, file] of text.matchAll(/\/dist\/cli\/([^/\s]+\.js)\b/g)) for (const name of bundled[file!] ?? []) packages.add(name);
	return {code: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr, packages};
}

// fast-glob too: only a path that is a pattern needs it.
const startupOnly = ['yaml', 'zod', 'ink', 'react', 'fast-glob'];

describe('the packages a run loads', () => {
	it('a report from the built-in rules loads neither yaml nor zod, nor ink and react', () => {
		const result = run(['--format', 'json', '--no-live', ...fixed, 'fixtures/demo']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('apiserver-loopback-cert-expired');
		// The log works: the run's own packages are in it.
		expect(result.packages).toContain('commander');
		for (const name of startupOnly) expect([...result.packages], name).not.toContain(name);
	});

	it('nor does a text report with the live reading on, or one with --only', () => {
		for (const args of [['--format', 'text', ...fixed, 'fixtures/demo'], ['--format', 'json', '--no-live', '--only', 'loopback-certificate', ...fixed, 'fixtures/demo']]) {
			const result = run(args);
			expect(result.code, result.stderr).toBe(1);
			expect(result.stdout).toContain('apiserver-loopback-cert-expired');
			for (const name of startupOnly) expect([...result.packages], `${name} with ${args.join(' ')}`).not.toContain(name);
		}
	});

	it('a path that is a pattern loads fast-glob, which expands it', () => {
		const result = run(['--format', 'json', '--no-live', ...fixed, 'fixtures/demo/var/log/pods/*/kube-apiserver']);
		expect(result.code, result.stderr).toBe(1);
		expect(result.stdout).toContain('apiserver-loopback-cert-expired');
		expect(result.packages).toContain('fast-glob');
	});

	it('a user rule file, given with --rules or to rules check, is parsed and validated with yaml and zod', () => {
		const rule = 'fixtures/rules/example-user-rule.yaml';
		const check = run(['rules', 'check', rule]);
		expect(check.stdout).toContain(`${rule}: ok`);
		const diagnose = run(['--format', 'json', '--no-live', ...fixed, '--rules', rule, 'fixtures/rules/example-user-rule.log']);
		expect(diagnose.stderr).toBe('');
		for (const result of [check, diagnose]) {
			expect(result.packages).toContain('yaml');
			expect(result.packages).toContain('zod');
			expect(result.packages).not.toContain('ink');
		}
	});
});
