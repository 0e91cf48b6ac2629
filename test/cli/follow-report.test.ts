import {spawn} from 'node:child_process';
import {appendFileSync, copyFileSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// A healthy log without start-up lines, so the appended failures are the only story.
const healthy = path.join(root, 'fixtures/incidents/lb-eof-noise/var/log/pods/kube-system_kube-apiserver-controller-0_6a1f3c9e2b7d4c58e0a9b8c7d6e5f4a3/kube-apiserver/0.log');
const demo = path.join(root, 'fixtures/demo/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c1b9d47e3a5c0f7d2b6e9a143/kube-apiserver/0.log');

describe('kubesleuth -f --format json', () => {
	it('follows a growing file until ctrl-c, then prints the report of everything read', async () => {
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'kubesleuth-follow-')), '0.log');
		copyFileSync(healthy, file);
		const child = spawn('node', ['dist/cli/main.js', '-f', '--format', 'json', '--no-live', '--now', '2026-11-28T12:00:00Z', file], {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
		// The incident's lines arrive after kubesleuth has read the file to its end.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const incident = readFileSync(demo, 'utf8').split('\n').filter((line) => line.includes('x509') || line.includes('TLS handshake error'));
		appendFileSync(file, incident.join('\n') + '\n');
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(stdout).toBe('');
		child.kill('SIGINT');
		expect(await exited).toBe(1);
		const report = JSON.parse(stdout) as {findings: {id: string}[]; warnings: string[]};
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.warnings.join('\n')).not.toContain('interrupted');
	});
});
