import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {feedSources} from '../../src/cli/feed-sources.js';
import {runCliInProcess} from '../helpers/run-cli-in-process.js';
import {loadRules} from '../../src/cli/load-rules.js';
import type {LiveFacts} from '../../src/correlate/live-facts.js';
import type {Report} from '../../src/diagnose/report.js';
import {createDiagnosisSession} from '../../src/pipeline/diagnosis-session.js';

const root = path.resolve(import.meta.dirname, '../..');
const now = Date.parse('2026-11-28T12:00:00Z');
const day = 86_400_000;

async function diagnoseWithLive(paths: string[], live: LiveFacts): Promise<Report> {
	const {rules} = await loadRules([]);
	const session = createDiagnosisSession({rules, now, timeZone: 'utc'});
	await feedSources(session, [{type: 'paths', paths: paths.map((p) => path.join(root, p)), local: true}], {maxLineBytes: 65_536, stdin: Readable.from([])});
	session.setLive(live);
	return session.report();
}

const loopbackProbe = (notAfter: number) => ({
	target: '10.0.0.11:6443',
	subject: 'CN=apiserver-loopback-client@1795587292',
	issuer: 'CN=apiserver-loopback-client-ca@1795587292',
	notBefore: notAfter - 365 * day,
	notAfter,
	isLoopback: true,
	encodedStart: notAfter - 365 * day + 3_600_000,
});

describe('facts read from the live node', () => {
	it('a probe showing weeks left gives the expiring finding even when the logs are clean', async () => {
		const report = await diagnoseWithLive(['fixtures/incidents/healthy'], {probe: loopbackProbe(now + 12 * day), readAt: now});
		expect(report.findings.map((f) => f.id)).toEqual(['apiserver-loopback-cert-expiring']);
		expect(report.findings[0]?.reasoning.map((r) => r.text).join('\n')).toContain('12 days left');
		expect(report.liveFacts.join('\n')).toContain('a live probe of 10.0.0.11:6443');
	});

	it('a probe showing the loopback certificate expired is a critical finding on its own', async () => {
		const report = await diagnoseWithLive(['fixtures/incidents/healthy'], {probe: loopbackProbe(now - day), readAt: now});
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
	});

	it('a probe showing a valid loopback certificate argues against it, and says the apiserver was restarted since', async () => {
		const plain = await diagnoseWithLive(['fixtures/demo'], {readAt: now});
		const report = await diagnoseWithLive(['fixtures/demo'], {probe: loopbackProbe(now + 300 * day), readAt: now});
		const finding = report.findings.find((f) => f.id === 'apiserver-loopback-cert-expired');
		expect(finding?.confidence).toBeLessThan(plain.findings[0]!.confidence);
		const against = finding?.reasoning.filter((r) => r.stance === 'against').map((r) => r.text).join('\n');
		expect(against).toContain('valid until');
		expect(against).toContain('restarted since');
	});

	it('the running process older than its loopback lifetime raises the confidence, and gives the start and how it runs', async () => {
		const process = {pid: 4242, startedAt: Date.parse('2025-11-27T11:38:13Z'), flags: {'bind-address': '127.0.0.1', 'secure-port': '6443'}, version: 'v1.31.4', runMode: 'systemd' as const};
		const without = await diagnoseWithLive(['fixtures/incidents/loopback-expired-cri'], {readAt: now});
		const withProcess = await diagnoseWithLive(['fixtures/incidents/loopback-expired-cri'], {process, readAt: now});
		expect(withProcess.findings[0]?.confidence).toBeGreaterThan(without.findings[0]!.confidence);
		expect(withProcess.context.start?.from).toBe('running kube-apiserver process (pid 4242)');
		expect(withProcess.context.runMode).toBe('systemd');
		expect(withProcess.findings[0]?.actions.map((a) => a.command ?? a.why).join('\n')).toContain('systemctl restart kube-apiserver');
		expect(withProcess.liveFacts.join('\n')).toContain('kube-apiserver process 4242 found');
	});

	it('valid certificates on disk argue against the disk-certificate diagnosis', async () => {
		const certificate = {path: '/etc/kubernetes/pki/apiserver.crt', subject: 'CN=kube-apiserver', issuer: 'CN=kubernetes', notBefore: now - day, notAfter: now + 364 * day, isCa: false};
		const plain = await diagnoseWithLive(['fixtures/incidents/disk-cert-expired'], {readAt: now});
		const valid = await diagnoseWithLive(['fixtures/incidents/disk-cert-expired'], {diskCertificates: [certificate], readAt: now});
		const confidence = (report: Report) => [...report.findings, ...report.ruledOut].find((f) => f.id === 'control-plane-cert-expired')?.confidence ?? 0;
		expect(confidence(valid)).toBeLessThan(confidence(plain));
	});
});

describe('--proc-root on a copied bundle', () => {
	it('takes the apiserver start time from the copied /proc', async () => {
		const proc = mkdtempSync(path.join(tmpdir(), 'kubesleuth-bundle-proc-'));
		const boot = Date.parse('2025-11-01T00:00:00Z') / 1000;
		const startTicks = (Date.parse('2025-11-27T11:38:13Z') / 1000 - boot) * 100;
		writeFileSync(path.join(proc, 'stat'), `cpu 1 2 3\nbtime ${boot}\n`);
		mkdirSync(path.join(proc, '2145'));
		writeFileSync(path.join(proc, '2145', 'cmdline'), ['kube-apiserver', '--bind-address=127.0.0.1', '--secure-port=6443', ''].join('\0'));
		writeFileSync(path.join(proc, '2145', 'stat'), `2145 (kube-apiserver) S 1 2145 2145 0 -1 4194560 100 0 0 0 500 200 0 0 20 0 12 0 ${startTicks} 123456789 5000 0 0\n`);
		writeFileSync(path.join(proc, '2145', 'cgroup'), '0::/kubepods.slice/kubepods-burstable.slice/cri-containerd-abc.scope\n');
		const result = await runCliInProcess(['--format', 'json', '--now', '2026-11-28T12:00:00Z', '--proc-root', proc, 'fixtures/incidents/loopback-expired-cri']);
		const report = JSON.parse(result.stdout) as {context: {apiserver: {startedAt: string; startedAtFrom: string; runMode: string}; live: string[]}; findings: {id: string; confidence: number}[]};
		expect(report.context.apiserver.startedAt).toBe('2025-11-27T11:38:13Z');
		expect(report.context.apiserver.startedAtFrom).toBe('running kube-apiserver process (pid 2145)');
		expect(report.context.apiserver.runMode).toBe('static-pod');
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.findings[0]?.confidence).toBeGreaterThanOrEqual(0.8);
	});
});
