import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCliInProcess} from '../helpers/run-cli-in-process.js';

const root = path.resolve(import.meta.dirname, '../..');
// In this process through runCli: these tests are about what the command says, not about the process.
const run = async (args: string[], input?: string | Buffer) => {
	const result = await runCliInProcess(['--now', '2026-11-28T12:00:00Z', '--no-live', ...args], input === undefined ? {} : {stdin: input});
	return {status: result.code, stdout: result.stdout, stderr: result.stderr};
};

describe('the kubesleuth command', () => {
	it('exits 1 with a report when it finds the incident', async () => {
		const result = await run(['--format', 'text', 'fixtures/demo']);
		expect(result.status).toBe(1);
		expect(result.stdout).toMatch(/^kubesleuth: INCIDENT/);
		expect(result.stdout).toContain('apiserver-loopback-cert-expired');
		expect(result.stderr).toBe('');
	});

	it('exits 0 on a healthy apiserver', async () => {
		const result = await run(['fixtures/incidents/healthy']);
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^kubesleuth: HEALTHY/);
	});

	it('reads piped logs from stdin, with no path or with -', async () => {
		const text = readFileSync(path.join(root, 'fixtures/incidents/loopback-expired-kubectl/kubectl-logs.log'), 'utf8');
		for (const args of [[], ['-']]) {
			const result = await run(['--format', 'json', ...args], text);
			expect(result.status).toBe(1);
			const report = JSON.parse(result.stdout) as {findings: {id: string}[]; input: {sources: {name: string; envelope: string}[]}};
			expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
			expect(report.input.sources[0]).toMatchObject({name: '-', envelope: 'kubectl'});
		}
	});

	it('exits 2 with one sentence when nothing can be read', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-empty-'));
		const missing = await run([path.join(dir, 'missing.log')]);
		expect(missing.status).toBe(2);
		expect(missing.stdout).toBe('');
		expect(missing.stderr).toBe(`kubesleuth: no readable input: ${path.join(dir, 'missing.log')}: no such file or directory\n`);
		const empty = await run([]);
		expect(empty.status).toBe(2);
		expect(empty.stderr.trim().split('\n')).toHaveLength(1);
	});

	it('refuses binary data piped in, with one sentence', async () => {
		const noise = await runCliInProcess(['--no-live'], {stdin: randomBytes(20_000)});
		expect(noise.code).toBe(2);
		expect(noise.stderr).toBe('kubesleuth: no readable input: stdin: reading stopped: looks like binary data, not a log; skipped\n');
	});

	it('exits 2 on a usage error', async () => {
		expect((await run(['--format', 'yaml', 'fixtures/demo'])).status).toBe(2);
		expect((await run(['--since', 'yesterday-ish', 'fixtures/demo'])).stderr).toContain('--since takes an ISO 8601 time');
		expect((await run(['--no-such-flag'])).status).toBe(2);
	});

	it('prints usable help and its version', async () => {
		const help = await run(['--help']);
		expect(help.status).toBe(0);
		for (const word of ['--format', '--since', '--year', '--self-ip', 'probe', 'certs', 'rules', 'export']) expect(help.stdout).toContain(word);
		// The version is the build's (dist/cli/build-info.json): asked of the built CLI.
		expect(spawnSync('node', [path.join(root, 'dist/cli/main.js'), '--version'], {encoding: 'utf8'}).stdout).toMatch(/^kubesleuth \d+\.\d+\.\d+ \(commit (?:[0-9a-f]+(?:-dirty)?|unknown), node v\d+\.\d+\.\d+\)\n$/);
	});

	it('writes Markdown for an incident document', async () => {
		const result = await run(['--format', 'markdown', 'fixtures/demo']);
		expect(result.stdout).toMatch(/^# kubesleuth: INCIDENT/);
		expect(result.stdout).toContain('## CRITICAL: The apiserver');
		expect(result.stdout).toContain('### Evidence');
	});

	it('bounds the diagnosis to --since/--until', async () => {
		// Before the failures began, the logs can only predict the expiry, which fell after their end.
		const before = await run(['--format', 'json', '--until', '2026-11-27T00:00:00Z', 'fixtures/demo']);
		const report = JSON.parse(before.stdout) as {findings: {id: string; summary: string}[]; input: {sources: {warnings: string[]}[]}};
		expect(report.findings.map((f) => f.id)).toEqual(['apiserver-loopback-cert-expiring']);
		expect(report.input.sources[0]?.warnings[0]).toMatch(/^\d+ records outside the --since\/--until window were left out$/);
		const during = await run(['--format', 'json', '--since', '2026-11-27T00:00:00Z', 'fixtures/demo']);
		expect((JSON.parse(during.stdout) as {findings: {id: string}[]}).findings[0]?.id).toBe('apiserver-loopback-cert-expired');
	});
});
