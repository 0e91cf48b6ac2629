import {readdirSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {diagnosePaths, findingIds} from '../helpers/diagnose-paths.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const at = (p: string) => path.join(fixtures, p);

describe('the loopback certificate incident', () => {
	it('is found in the bundled demo with high confidence, evidence and a restart action', async () => {
		const report = await diagnosePaths([at('demo')]);
		expect(report.verdict).toBe('incident');
		const [top] = report.findings;
		expect(top?.id).toBe('apiserver-loopback-cert-expired');
		expect(top?.confidence).toBeGreaterThanOrEqual(0.8);
		expect(Math.floor(top?.firstSeen ?? 0)).toBe(Date.parse('2026-11-27T10:38:45.714Z'));
		expect(top?.evidence.length).toBeGreaterThan(0);
		expect(top?.evidence.some((e) => e.text.includes('x509: certificate has expired or is not yet valid') && e.source.endsWith('0.log') && e.line > 0)).toBe(true);
		// Evidence keeps the message decoded from the CRI envelope and the klog header, and the raw line beside it.
		const x509 = top?.evidence.find((e) => e.text.includes('x509: certificate has expired'));
		expect(x509?.message).toMatch(/^k8s\.io\/client-go\/informers\/factory\.go:150: .*x509: certificate has expired/);
		expect(x509?.severity).toMatch(/^(warning|error)$/);
		expect(top?.actions.map((a) => a.command ?? a.why).join('\n')).toMatch(/kube-apiserver\.yaml/);
		// Commands stand alone: no prose in a command, and prose steps have none.
		for (const step of [...(top?.actions ?? []), ...(top?.verify ?? [])]) expect(step.command ?? '').not.toMatch(/\((?:the|or) /);
		expect(top?.verify.map((v) => v.command)).toContain('kubeadm certs check-expiration');
		expect(top?.verify.map((v) => v.command).join('\n')).toContain('curl --resolve apiserver-loopback-client:6443:10.13.96.11 -kv https://apiserver-loopback-client:6443/healthz');
		expect(report.selfIps.find((a) => a.ip === '10.13.96.11')?.from).toEqual(expect.arrayContaining(['bind-address', 'self-request-and-handshake']));
		expect(report.context.loopbackNotAfter?.at).toBe(Date.parse('2026-11-27T10:38:13Z'));
	});

	it('is found in a klog --log-dir without reading the WARNING and ERROR copies twice', async () => {
		const report = await diagnosePaths([at('incidents/loopback-expired-klog')]);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.findings[0]?.confidence).toBeGreaterThanOrEqual(0.8);
		expect(report.sources).toHaveLength(1);
		expect(report.sources[0]?.name).toMatch(/\.log\.INFO\./);
		expect(report.warnings.some((w) => /skipped .*WARNING/.test(w))).toBe(true);
	});

	it('is found with medium confidence when only the client-side errors of a newer apiserver are left', async () => {
		for (const dir of ['incidents/loopback-expired-cri', 'incidents/loopback-expired-kubectl']) {
			const report = await diagnosePaths([at(dir)]);
			const [top] = report.findings;
			expect(top?.id, dir).toBe('apiserver-loopback-cert-expired');
			expect(top?.confidence, dir).toBeGreaterThanOrEqual(0.5);
			expect(report.context.start?.from, dir).toMatch(/inferred from the `is after/);
		}
	});

	it('is found in journald output, short and json', async () => {
		const report = await diagnosePaths([at('incidents/loopback-expired-journald')]);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.context.runMode).toBe('systemd');
		expect(report.findings[0]?.actions.map((a) => a.command ?? a.why).join('\n')).toContain('systemctl restart kube-apiserver');
	});

	it('is predicted twelve days ahead from the start-up lines alone', async () => {
		const report = await diagnosePaths([at('incidents/expiring-soon')], {now: '2026-11-28T12:00:00Z'});
		expect(report.verdict).toBe('warning');
		expect(findingIds(report)).toEqual(['apiserver-loopback-cert-expiring']);
		expect(report.findings[0]?.summary).toMatch(/2026-12-10/);
	});
});

describe('healthy logs', () => {
	it.each(['incidents/healthy', 'incidents/lb-eof-noise'])('%s has nothing at warning or above', async (dir) => {
		const report = await diagnosePaths([at(dir)]);
		expect(report.verdict).toBe('healthy');
		expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
	});
});

describe('look-alikes from public bug reports', () => {
	const realworld = readdirSync(at('realworld')).filter((name) => name.endsWith('.log') && !name.includes('loopback-cert-expired'));
	it.each(realworld)('%s is not blamed on the loopback certificate', async (name) => {
		const report = await diagnosePaths([at(`realworld/${name}`)]);
		expect(findingIds(report)).not.toContain('apiserver-loopback-cert-expired');
	});

	it('recognises the served loopback certificate in the curl transcript of kubernetes#86552', async () => {
		const report = await diagnosePaths([at('realworld/02-loopback-cert-expired-k8s86552-curl-loopback-healthz.log')]);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.findings[0]?.reasoning.map((r) => r.text).join('\n')).toContain('apiserver-loopback-client@1577103676');
	});

	it('blames the loopback certificate for the rancher#45685 admission errors on [::1]:6443', async () => {
		const report = await diagnosePaths([at('realworld/04-loopback-cert-expired-rancher45685-limitranges-events.log')]);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.context.loopbackNotAfter?.at).toBe(Date.parse('2023-04-10T19:38:43Z'));
	});
});
