import {spawn} from 'node:child_process';
import {appendFileSync, copyFileSync, mkdtempSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {holdsOpen, waitUntilIdle} from '../hardening/cli-process.js';

const root = path.resolve(import.meta.dirname, '../..');
// A healthy log without start-up lines, so the appended failures are the only story.
const healthy = path.join(root, 'fixtures/incidents/lb-eof-noise/var/log/pods/kube-system_kube-apiserver-controller-0_6a1f3c9e2b7d4c58e0a9b8c7d6e5f4a3/kube-apiserver/0.log');
const demo = path.join(root, 'fixtures/demo/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c1b9d47e3a5c0f7d2b6e9a143/kube-apiserver/0.log');

async function until(test: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!test()) {
		if (Date.now() > deadline) throw new Error(`never saw ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('kubesleuth -f --format json', () => {
	// A real process: what is tested is ctrl-c (SIGINT) ending the follow and printing the report.
	it('follows a growing file until ctrl-c, then prints the report of everything read', async () => {
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'kubesleuth-follow-')), '0.log');
		copyFileSync(healthy, file);
		const child = spawn('node', ['dist/cli/main.js', '-f', '--format', 'json', '--no-live', '--now', '2026-11-28T12:00:00Z', file], {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
		try {
			// The incident's lines arrive after kubesleuth has read the file to its end and waits for more.
			await until(() => holdsOpen(child.pid!, file), 'the file opened');
			const caughtUp = await waitUntilIdle(child.pid!, {readAtLeast: statSync(file).size});
			const incident = readFileSync(demo, 'utf8').split('\n').filter((line) => line.includes('x509') || line.includes('TLS handshake error'));
			const appended = incident.join('\n') + '\n';
			appendFileSync(file, appended);
			await waitUntilIdle(child.pid!, {readAtLeast: caughtUp + Buffer.byteLength(appended)});
			expect(stdout).toBe('');
		} finally {
			child.kill('SIGINT');
		}

		expect(await exited).toBe(1);
		const report = JSON.parse(stdout) as {findings: {id: string}[]; warnings: string[]; input: {sources: {lines: number}[]}};
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.warnings.join('\n')).not.toContain('interrupted');
	});
});
