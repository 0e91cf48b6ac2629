import {readdirSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Report} from '../../src/diagnose/report.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const at = (p: string) => path.join(fixtures, p);

const cache = new Map<string, Promise<Report>>();
const diagnose = async (fixture: string): Promise<Report> => {
	let report = cache.get(fixture);
	if (report === undefined) {
		report = diagnosePaths([at(fixture)]);
		cache.set(fixture, report);
	}

	return report;
};

const rw = {
	clusterEtcd: 'realworld/09-cluster-cert-expired-k8sapiserver102-etcd-server-cert-cri.log',
	clusterKubectl: 'realworld/10-cluster-cert-expired-snowdrop260-kubeadm-check-expiration.log',
	lbNoise: 'realworld/13-benign-tls-noise-typhoon629-gcp-lb-healthcheck-eof.log',
	clock: 'realworld/17-clock-skew-kind2166-kubectl-not-yet-valid.log',
	unknownCa: 'realworld/19-unknown-authority-handbook224-kubelet-journal.log',
	kubelet: 'realworld/22-kubelet-client-cert-expired-origin24242-csr-unauthorized-journal.log',
	webhook: 'realworld/24-webhook-cert-percona2548-validating-webhook-expired.log',
	aggregated: 'realworld/27-aggregated-api-metrics-server1084-403.log',
	dbSpace: 'realworld/31-etcd-rancher18986-mvcc-database-space-exceeded.log',
	etcdClientDeadline: 'realworld/r2-08-etcd-rancher42505-rke2-apiserver-etcd-client-deadline.log',
	etcdNoSpace: 'realworld/r2-09-etcd-db-space-k3s4787-embedded-etcd-journal-json.log',
	etcdSlowSync: 'realworld/r2-10-etcd-dailywork13-low-iops-sync-duration-journal.log',
} as const;

const healthy = ['incidents/healthy', 'incidents/lb-eof-noise', 'incidents/etcd-busy-normal'];

type Case = {readonly id: string; readonly severity: 'critical' | 'warning' | 'info'; readonly positives: readonly string[]; readonly negatives: readonly string[]};

// For each built-in finding of the catalogue: fixtures where it must be the top finding, and fixtures
// (healthy logs, other families' incidents) where it must be absent or ruled out.
const catalogue: readonly Case[] = [
	{id: 'control-plane-cert-expired', severity: 'critical', positives: ['incidents/disk-cert-expired', rw.clusterEtcd, rw.clusterKubectl], negatives: [...healthy, 'incidents/clock-skew', 'incidents/unknown-authority', 'incidents/webhook-failure', 'demo', rw.clock, rw.kubelet, rw.webhook]},
	{id: 'kubelet-client-cert-expired', severity: 'critical', positives: [rw.kubelet], negatives: [...healthy, 'incidents/clock-skew', 'incidents/disk-cert-expired', 'incidents/unknown-authority', 'demo']},
	{id: 'x509-unknown-authority', severity: 'critical', positives: ['incidents/unknown-authority', rw.unknownCa], negatives: [...healthy, 'incidents/disk-cert-expired', 'incidents/webhook-failure', 'demo', rw.clusterKubectl]},
	{id: 'clock-skew', severity: 'warning', positives: ['incidents/clock-skew', rw.clock], negatives: [...healthy, 'incidents/disk-cert-expired', 'incidents/webhook-failure', 'demo', rw.clusterKubectl, rw.clusterEtcd]},
	{id: 'webhook-failure', severity: 'critical', positives: ['incidents/webhook-failure', rw.webhook], negatives: [...healthy, 'incidents/clock-skew', 'incidents/etcd-unavailable', 'demo']},
	{id: 'etcd-unavailable', severity: 'critical', positives: ['incidents/etcd-unavailable', 'incidents/etcd-slow-capnslog', 'incidents/etcd-slow-zap', 'incidents/etcd-heartbeat-excerpt', rw.etcdClientDeadline, rw.etcdSlowSync], negatives: [...healthy, 'incidents/etcd-db-space', 'incidents/etcd-nospace-journald', 'incidents/fd-exhaustion', 'incidents/disk-cert-expired', 'demo', rw.dbSpace, rw.etcdNoSpace]},
	{id: 'etcd-db-space-exceeded', severity: 'critical', positives: ['incidents/etcd-db-space', 'incidents/etcd-nospace-journald', rw.dbSpace, rw.etcdNoSpace], negatives: [...healthy, 'incidents/etcd-unavailable', 'incidents/etcd-slow-capnslog', 'incidents/etcd-slow-zap', 'demo', rw.etcdSlowSync]},
	{id: 'aggregated-api-unavailable', severity: 'warning', positives: ['incidents/aggregated-api', rw.aggregated], negatives: [...healthy, 'incidents/loopback-expired-journald', 'incidents/loopback-expired-klog', 'incidents/etcd-unavailable']},
	{id: 'service-account-token-invalid', severity: 'critical', positives: ['incidents/sa-token-invalid'], negatives: [...healthy, 'incidents/unknown-authority', 'incidents/clock-skew', 'incidents/sa-token-expired', 'incidents/oidc-token-expired']},
	{id: 'file-descriptor-exhaustion', severity: 'critical', positives: ['incidents/fd-exhaustion'], negatives: [...healthy, 'incidents/etcd-unavailable']},
	{id: 'apiserver-overloaded', severity: 'warning', positives: ['incidents/apiserver-overloaded'], negatives: [...healthy, 'incidents/client-side-throttling', 'incidents/image-pull-rate-limit', 'incidents/apiserver-restart-429', 'incidents/etcd-unavailable', 'incidents/webhook-failure', 'incidents/leader-election-lost']},
	{id: 'leader-election-lost', severity: 'warning', positives: ['incidents/leader-election-lost'], negatives: [...healthy, 'incidents/leader-election-normal', 'incidents/etcd-unavailable', 'incidents/apiserver-overloaded', 'incidents/etcd-slow-zap']},
	{id: 'apiserver-oom-killed', severity: 'critical', positives: ['incidents/apiserver-oom-killed', 'incidents/apiserver-oom-systemd'], negatives: [...healthy, 'incidents/other-process-oom', 'incidents/fd-exhaustion', 'incidents/etcd-unavailable']},
	{id: 'process-oom-killed', severity: 'info', positives: ['incidents/other-process-oom'], negatives: [...healthy, 'incidents/apiserver-oom-killed', 'incidents/apiserver-oom-systemd']},
	{id: 'service-account-token-expired', severity: 'warning', positives: ['incidents/sa-token-expired', 'incidents/sa-token-expired/audit.log'], negatives: [...healthy, 'incidents/sa-token-invalid', 'incidents/oidc-token-expired', 'incidents/clock-skew', 'incidents/unknown-authority']},
	{id: 'tls-handshake-noise', severity: 'info', positives: ['incidents/lb-eof-noise', rw.lbNoise], negatives: ['incidents/healthy', 'incidents/unknown-authority', 'demo', 'incidents/loopback-expired-journald']},
];

describe('the catalogue of control-plane incident signatures', () => {
	const positives = catalogue.flatMap((c) => c.positives.map((fixture) => [c.id, fixture, c.severity] as const));
	it.each(positives)('%s is the top finding of %s', async (id, fixture, severity) => {
		const report = await diagnose(fixture);
		const [top] = report.findings;
		expect(top?.id).toBe(id);
		expect(top?.severity).toBe(severity);
		expect(top?.confidence).toBeGreaterThanOrEqual(0.5);
		expect(top?.evidence.length).toBeGreaterThan(0);
		expect(top?.actions.length).toBeGreaterThan(0);
		expect(top?.references.every((url) => url.startsWith('https://'))).toBe(true);
	});

	const negatives = catalogue.flatMap((c) => c.negatives.map((fixture) => [c.id, fixture] as const));
	it.each(negatives)('%s is absent or ruled out on %s', async (id, fixture) => {
		const report = await diagnose(fixture);
		expect(report.findings.map((f) => f.id)).not.toContain(id);
	});

	it('names the failing webhook and the failing APIService in the summaries', async () => {
		const webhook = (await diagnose(rw.webhook)).findings[0];
		expect(webhook?.summary).toContain('validationwebhook.pxc.percona.com');
		const synthetic = (await diagnose('incidents/webhook-failure')).findings[0];
		expect(synthetic?.summary).toContain('validate.kyverno.svc-fail');
		const apiservice = (await diagnose(rw.aggregated)).findings[0];
		expect(apiservice?.summary).toContain('v1beta1.metrics.k8s.io');
		expect(apiservice?.reasoning.map((r) => r.text).join('\n')).toMatch(/401\/403/);
	});

	it('reads etcd\'s own durations: the longest sync and apply, and a few 100-250 ms applies are no incident', async () => {
		const capnslog = (await diagnose('incidents/etcd-slow-capnslog')).findings[0];
		const reasons = capnslog?.reasoning.map((r) => r.text).join('\n') ?? '';
		expect(reasons).toContain('syncs take over a second, up to 2.87 s (4 lines)');
		expect(reasons).toContain('slower than the expected 100 ms, up to 2.21 s (4 lines)');
		const zap = (await diagnose('incidents/etcd-slow-zap')).findings[0];
		expect(zap?.reasoning.map((r) => r.text).join('\n')).toContain('up to 2.20 s (3 lines)');
		const busy = await diagnose('incidents/etcd-busy-normal');
		expect(busy.verdict).toBe('healthy');
		expect(busy.findings).toEqual([]);
	});

	it('names the heaviest clients of an overloaded apiserver from its httplog, busiest first', async () => {
		const top = (await diagnose('incidents/apiserver-overloaded')).findings[0];
		const reason = top?.reasoning.find((r) => r.text.startsWith('the apiserver itself answered 429'))?.text;
		expect(reason).toBe('the apiserver itself answered 429 (120 lines); the heaviest clients: backup-operator/v0.3.1 (linux/amd64) kubernetes/$Format (96 lines), kube-controller-manager/v1.20.15 (linux/amd64) kubernetes/8f1e5bf/system:serviceaccount:kube-system:resourcequota-controller (24 lines)');
	});

	it('prefers etcd-unavailable over the lost leader leases it causes on the same node', async () => {
		const report = await diagnosePaths([at('incidents/leader-election-lost'), at('incidents/etcd-unavailable')]);
		expect(report.findings.map((f) => [f.id, f.node])).toEqual([['etcd-unavailable', 'cp-2'], ['leader-election-lost', 'cp-2']]);
		expect(report.findings[0]?.preferredOver.map((p) => p.id)).toContain('leader-election-lost');
		expect(report.findings[1]?.reasoning.at(-1)?.text).toMatch(/^etcd-unavailable explains these lines better: /);
	});

	it('reads both leader-election wordings: printf (kube-controller-manager 1.28) and structured (kube-scheduler 1.35)', async () => {
		const top = (await diagnose('incidents/leader-election-lost')).findings[0];
		expect(top?.reasoning[0]?.text).toBe('renewing the lease kube-system/kube-controller-manager, kube-system/kube-scheduler did not get through within the renew deadline (2 lines)');
	});

	it('names the victims of another process\'s OOM kill at info, and the verdict stays healthy', async () => {
		const report = await diagnose('incidents/other-process-oom');
		expect(report.verdict).toBe('healthy');
		expect(report.findings.map((f) => f.summary)).toEqual(["The kernel's OOM killer killed other processes on this node: java (2 times, about every 4 min). kube-apiserver was not its victim."]);
	});

	it('names the service accounts with stale tokens, and says nothing fails yet when only the audit log shows them', async () => {
		const both = (await diagnose('incidents/sa-token-expired')).findings[0];
		expect(both?.reasoning.map((r) => r.text)).toContain('the audit log names the clients that still send stale tokens: system:serviceaccount:monitoring:legacy-exporter (3 lines), system:serviceaccount:ci:old-runner (1 line)');
		const stale = (await diagnose('incidents/sa-token-expired/audit.log')).findings[0];
		expect(stale?.reasoning.some((r) => r.stance === 'against' && r.text.includes('still accepted'))).toBe(true);
	});

	// Excerpts pasted into issues are often one or two lines: each of these, written from the documented
	// format, is enough for its finding (at a lower confidence than a whole log would give).
	const excerpts: readonly (readonly [string, string])[] = [
		['etcd-unavailable', '2026-11-28 08:40:01.000001 W | etcdserver: read-only range request "key:\\"/registry/health\\" " with result "range_response_count:0 size:5" took too long (2.105s) to execute'],
		['etcd-unavailable', 'Nov 28 08:40:01 m1 etcd[812]: wal: sync duration of 1.2s, expected less than 1s'],
		['etcd-unavailable', '{"level":"warn","ts":"2026-11-28T08:40:01.889617Z","caller":"etcdserver/v3_server.go:815","msg":"waiting for ReadIndex response took too long, retrying"}'],
		['apiserver-overloaded', 'Error from server (TooManyRequests): the server has received too many requests and has asked us to try again later (get pods)'],
		['apiserver-overloaded', 'Error from server (Timeout): Timeout: request did not complete within requested timeout - context deadline exceeded'],
		['leader-election-lost', 'I1128 08:41:38.210334       1 leaderelection.go:285] failed to renew lease kube-system/kube-controller-manager: timed out waiting for the condition'],
		['service-account-token-expired', 'E1128 08:00:04.000000       1 authentication.go:73] "Unable to authenticate the request" err="[invalid bearer token, service account token has expired]"'],
		['apiserver-oom-killed', '[ 7063.247407] Out of memory: Killed process 2145 (kube-apiserver) total-vm:7342112kB, anon-rss:6120044kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:12648kB oom_score_adj:-997'],
	];
	it.each(excerpts)('%s from one line: %s', async (id, line) => {
		const report = await diagnosePaths([], {stdin: `${line}\n`, year: 2026});
		expect(report.findings[0]?.id).toBe(id);
	});

	it('rules the webhook out when its certificate only looks not yet valid because of the clock', async () => {
		const report = await diagnose('incidents/clock-skew');
		expect(report.ruledOut.find((r) => r.id === 'webhook-failure')?.reasons.join('\n')).toMatch(/is before.*clock/);
	});

	it('says on disk-cert-expired why the loopback certificate is not the cause', async () => {
		const report = await diagnose('incidents/disk-cert-expired');
		const top = report.findings[0];
		expect(top?.id).toBe('control-plane-cert-expired');
		const reasons = top?.preferredOver.filter((p) => p.id === 'apiserver-loopback-cert-expired').map((p) => p.because) ?? [];
		expect(reasons).toHaveLength(2);
		expect(reasons.join('\n')).toContain('started at 2026-11-28T08:52:0');
		expect(reasons.join('\n')).toContain('handshake with etcd fails on an expired certificate');
		expect(report.findings.map((f) => f.id)).not.toContain('apiserver-loopback-cert-expired');
		expect(top?.reasoning.some((r) => r.stance === 'for' && r.text.includes('127.0.0.1'))).toBe(true);
	});

	it('reports the load-balancer probes of lb-eof-noise at info, naming each 35.191.x source and its rate', async () => {
		const report = await diagnose('incidents/lb-eof-noise');
		expect(report.verdict).toBe('healthy');
		const noise = report.findings.find((f) => f.id === 'tls-handshake-noise');
		expect(noise?.severity).toBe('info');
		for (const source of ['35.191.1.224', '35.191.1.228', '35.191.1.232', '35.191.9.17']) {
			expect(noise?.summary).toMatch(new RegExp(`${source.replaceAll('.', '\\.')} \\(8[34] times, about every 5 s\\)`));
		}

		expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
	});
});

describe('look-alikes are never blamed on the loopback certificate', () => {
	const realworld = readdirSync(at('realworld'))
		.filter((name) => name.endsWith('.log') && !name.includes('loopback-cert-expired'))
		.map((name) => `realworld/${name}`);
	const synthetic = ['disk-cert-expired', 'unknown-authority', 'clock-skew', 'etcd-unavailable', 'webhook-failure', 'aggregated-api', 'sa-token-invalid', 'fd-exhaustion', 'etcd-db-space', 'healthy', 'lb-eof-noise', 'etcd-slow-capnslog', 'etcd-slow-zap', 'etcd-busy-normal', 'etcd-nospace-journald', 'etcd-heartbeat-excerpt', 'apiserver-overloaded', 'client-side-throttling', 'image-pull-rate-limit', 'apiserver-restart-429', 'leader-election-lost', 'leader-election-normal', 'apiserver-oom-killed', 'apiserver-oom-systemd', 'other-process-oom', 'sa-token-expired', 'oidc-token-expired'].map((name) => `incidents/${name}`);
	it.each([...realworld, ...synthetic])('%s', async (fixture) => {
		const report = await diagnose(fixture);
		expect(report.findings.map((f) => f.id)).not.toContain('apiserver-loopback-cert-expired');
	});

	it('covers every real-world look-alike file', () => {
		expect(realworld.length).toBeGreaterThanOrEqual(9);
	});
});
