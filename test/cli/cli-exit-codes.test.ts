import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli/main.js');
const run = (args: string[], input?: string) =>
	spawnSync('node', [cli, '--now', '2026-11-28T12:00:00Z', '--no-live', ...args], {cwd: root, input: input ?? '', encoding: 'utf8'});

describe('the kubesleuth command', () => {
	it('exits 1 with a report when it finds the incident', () => {
		const result = run(['--format', 'text', 'fixtures/demo']);
		expect(result.status).toBe(1);
		expect(result.stdout).toMatch(/^kubesleuth: INCIDENT/);
		expect(result.stdout).toContain('apiserver-loopback-cert-expired');
		expect(result.stderr).toBe('');
	});

	it('exits 0 on a healthy apiserver', () => {
		const result = run(['fixtures/incidents/healthy']);
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^kubesleuth: HEALTHY/);
	});

	it('reads piped logs from stdin, with no path or with -', () => {
		const text = spawnSync('bash', ['-c', 'cat fixtures/incidents/loopback-expired-kubectl/kubectl-logs.log'], {cwd: root, encoding: 'utf8'}).stdout;
		for (const args of [[], ['-']]) {
			const result = run(['--format', 'json', ...args], text);
			expect(result.status).toBe(1);
			const report = JSON.parse(result.stdout) as {findings: {id: string}[]; input: {sources: {name: string; envelope: string}[]}};
			expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
			expect(report.input.sources[0]).toMatchObject({name: '-', envelope: 'kubectl'});
		}
	});

	it('exits 2 with one sentence when nothing can be read', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-empty-'));
		const missing = run([path.join(dir, 'missing.log')]);
		expect(missing.status).toBe(2);
		expect(missing.stdout).toBe('');
		expect(missing.stderr).toBe(`kubesleuth: no readable input: ${path.join(dir, 'missing.log')}: no such file or directory\n`);
		const empty = run([]);
		expect(empty.status).toBe(2);
		expect(empty.stderr.trim().split('\n')).toHaveLength(1);
	});

	it('refuses binary data piped in, with one sentence', () => {
		const noise = spawnSync('node', [cli, '--no-live'], {cwd: root, input: randomBytes(20_000)});
		expect(noise.status).toBe(2);
		expect(noise.stderr.toString()).toBe('kubesleuth: no readable input: -: reading stopped: looks like binary data, not a log; skipped\n');
	});

	it('exits 2 on a usage error', () => {
		expect(run(['--format', 'yaml', 'fixtures/demo']).status).toBe(2);
		expect(run(['--since', 'yesterday-ish', 'fixtures/demo']).stderr).toContain('--since takes an ISO 8601 time');
		expect(run(['--no-such-flag']).status).toBe(2);
	});

	it('prints usable help and its version', () => {
		const help = run(['--help']);
		expect(help.status).toBe(0);
		for (const word of ['--format', '--since', '--year', '--self-ip', 'probe', 'certs', 'rules', 'export']) expect(help.stdout).toContain(word);
		expect(run(['--version']).stdout).toMatch(/^kubesleuth \d+\.\d+\.\d+ \(commit (?:[0-9a-f]+(?:-dirty)?|unknown), node v\d+\.\d+\.\d+\)\n$/);
	});

	it('writes Markdown for an incident document', () => {
		const result = run(['--format', 'markdown', 'fixtures/demo']);
		expect(result.stdout).toMatch(/^# kubesleuth: INCIDENT/);
		expect(result.stdout).toContain('## CRITICAL: The apiserver');
		expect(result.stdout).toContain('### Evidence');
	});

	it('bounds the diagnosis to --since/--until', () => {
		// Before the failures began, the logs can only predict the expiry, which fell after their end.
		const before = run(['--format', 'json', '--until', '2026-11-27T00:00:00Z', 'fixtures/demo']);
		const report = JSON.parse(before.stdout) as {findings: {id: string; summary: string}[]; input: {sources: {warnings: string[]}[]}};
		expect(report.findings.map((f) => f.id)).toEqual(['apiserver-loopback-cert-expiring']);
		expect(report.input.sources[0]?.warnings[0]).toMatch(/^\d+ records outside the --since\/--until window were left out$/);
		const during = run(['--format', 'json', '--since', '2026-11-27T00:00:00Z', 'fixtures/demo']);
		expect((JSON.parse(during.stdout) as {findings: {id: string}[]}).findings[0]?.id).toBe('apiserver-loopback-cert-expired');
	});
});
