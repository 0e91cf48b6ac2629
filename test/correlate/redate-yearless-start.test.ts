import {describe, expect, it} from 'vitest';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

// `journalctl -u kube-apiserver | grep -E 'Started|Serving|x509'`: year-less lines with nothing between the
// start-up and the failures to show that a year went by.
const excerpt = [
	'Nov 27 11:38:13 cp-1 systemd[1]: Started Kubernetes API Server.',
	'Nov 27 11:38:14 cp-1 kube-apiserver[2145]: I1127 11:38:14.216000    2145 secure_serving.go:213] Serving securely on 10.13.96.11:6443',
	'Nov 28 09:12:44 cp-1 kube-apiserver[2145]: E1128 09:12:44.123456    2145 reflector.go:158] "Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.LimitRange: failed to list *v1.LimitRange: Get \\"https://10.13.96.11:6443/api/v1/limitranges?limit=500&resourceVersion=0\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-28T09:12:44Z is after 2026-11-27T10:38:13Z" logger="UnhandledError"',
	'Nov 28 09:12:45 cp-1 kube-apiserver[2145]: E1128 09:12:45.123456    2145 reflector.go:158] "Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.Secret: failed to list *v1.Secret: Get \\"https://10.13.96.11:6443/api/v1/secrets?limit=500&resourceVersion=0\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-28T09:12:45Z is after 2026-11-27T10:38:13Z" logger="UnhandledError"',
].join('\n');

describe('a year-less start-up line older than it reads', () => {
	it('is dated one lifetime earlier when the `is after` time shows it, and the report says so', async () => {
		const report = await diagnosePaths([], {stdin: excerpt + '\n', now: '2026-11-28T12:00:00Z'});
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.findings[0]?.confidence).toBeGreaterThanOrEqual(0.8);
		expect(report.context.start?.at).toBe(Date.parse('2025-11-27T11:38:13Z'));
		expect(report.context.start?.redated).toMatch(/no year/);
		expect(report.context.notes.join('\n')).toContain('instead of 2026-11-27T11:38:13Z');
	});

	it('is left alone, and the loopback certificate ruled out, when no `is after` time matches it', async () => {
		const fresh = excerpt.replaceAll('is after 2026-11-27T10:38:13Z', 'is after 2026-11-20T08:00:00Z');
		const report = await diagnosePaths([], {stdin: fresh + '\n', now: '2026-11-28T12:00:00Z'});
		expect(report.findings.map((f) => f.id)).not.toContain('apiserver-loopback-cert-expired');
		expect(report.ruledOut.map((r) => r.id)).toContain('apiserver-loopback-cert-expired');
		// systemd's Started line and Serving securely one second later are one start: its first line.
		expect(report.context.start?.at).toBe(Date.parse('2026-11-27T11:38:13Z'));
	});
});
