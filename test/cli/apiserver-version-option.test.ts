import {describe, expect, it} from 'vitest';
import {runCliInProcess} from '../helpers/run-cli-in-process.js';

const demo = ['--no-live', '--now', '2026-11-28T12:00:00Z', 'fixtures/demo'];
type Apiserver = {readonly version: string | null; readonly versionFrom: string | null};
const apiserverOf = (stdout: string): Apiserver => (JSON.parse(stdout) as {context: {apiserver: Apiserver}}).context.apiserver;

describe('--apiserver-version', () => {
	it('takes a Kubernetes version, canonical, and the report says it came from the flag', async () => {
		const result = await runCliInProcess(['--format', 'json', '--apiserver-version', '1.33.2+k3s1', ...demo]);
		expect(result.stderr).toBe('');
		expect(apiserverOf(result.stdout)).toMatchObject({version: 'v1.33.2+k3s1', versionFrom: '--apiserver-version flag'});
		const text = await runCliInProcess(['--format', 'text', '--apiserver-version', 'v1.28.9', ...demo]);
		expect(text.stdout).toContain('  Version: v1.28.9 (--apiserver-version flag); loopback certificate lifetime 365 days');
	});

	it('without it the report says which log line the version came from', async () => {
		const result = await runCliInProcess(['--format', 'json', ...demo]);
		expect(apiserverOf(result.stdout).versionFrom).toMatch(/^log line fixtures\/demo\/.*\/0\.log:33$/);
		const markdown = await runCliInProcess(['--format', 'markdown', ...demo]);
		expect(markdown.stdout).toMatch(/^- Version: v1\.28\.9 \(log line \S*0\.log:33\); loopback certificate lifetime 365 days$/m);
	});

	it.each(['latest', 'v1.28', '1.28.9; touch pwned', '$(id)', 'v1.28.9\u001b[31m', ''])('refuses %j as a usage error (exit 2)', async (value) => {
		const result = await runCliInProcess(['--format', 'json', '--apiserver-version', value, ...demo]);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe(`kubesleuth: --apiserver-version takes a Kubernetes version such as v1.28.9 or 1.28.9+k3s1, not ${JSON.stringify(value)}.\n`);
	});
});
