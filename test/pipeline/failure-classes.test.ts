import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

const at = (file: string) => path.resolve(import.meta.dirname, '../../fixtures/classes', file);

// One short excerpt per failure class, written from the documented message formats (fixtures/README.md),
// in the shapes engineers paste: a kubectl error, an event row, a kubelet journal, etcd's own JSON log.
// The right top finding for each, and healthy ones stay healthy.
const cases: readonly (readonly [file: string, top: string | undefined])[] = [
	['loop1-kubectl-events.log', 'apiserver-loopback-cert-expired'],
	['loop2-apiserver-ipv6.log', 'apiserver-loopback-cert-expired'],
	['loop3-serveronly.log', 'apiserver-loopback-cert-expired'],
	// The apiserver's own pod log calling an address on 6443 that no line names as its own: it calls no other apiserver.
	['loop4-apiserver-pod', 'apiserver-loopback-cert-expired'],
	['cc1-kubelet-journal.log', 'control-plane-cert-expired'],
	['cc2-kubectl.log', 'control-plane-cert-expired'],
	['cc3-etcd-grpc.log', 'control-plane-cert-expired'],
	['cc4-etcd-own.log', 'client-cert-expired'],
	['ua1-kubelet.log', 'x509-unknown-authority'],
	['cs1-isbefore.log', 'clock-skew'],
	['wh1.log', 'webhook-failure'],
	['wh2.log', 'webhook-failure'],
	['agg1.log', 'aggregated-api-unavailable'],
	['etcd1.log', 'etcd-unavailable'],
	['etcd2-capnslog.log', 'etcd-unavailable'],
	['sa1.log', 'service-account-token-expired'],
	['kss1.log', 'kubelet-serving-cert-unavailable'],
	['fd1.log', 'file-descriptor-exhaustion'],
	['down1.log', 'apiserver-unreachable'],
	['down2-kubelet.log', 'apiserver-unreachable'],
	['oom1.log', 'apiserver-oom-killed'],
	['le1.log', 'leader-election-lost'],
	['nm1.log', 'certificate-name-mismatch'],
	['noise1.log', 'tls-handshake-noise'],
	['healthy1.log', undefined],
];

describe('one excerpt per failure class', () => {
	it.each(cases)('%s: %s', async (file, top) => {
		const report = await diagnosePaths([at(file)], {now: '2024-03-02T11:00:00Z'});
		expect(report.findings[0]?.id).toBe(top);
		if (top === undefined || top === 'tls-handshake-noise') expect(report.verdict).toBe('healthy');
		else expect(report.verdict).not.toBe('healthy');
	});

	it('never calls the loopback certificate on lines another component wrote, or on a client\'s certificate', async () => {
		for (const file of ['cc1-kubelet-journal.log', 'cc2-kubectl.log', 'cc4-etcd-own.log', 'cs1-isbefore.log']) {
			const report = await diagnosePaths([at(file)], {now: '2024-03-02T11:00:00Z'});
			expect(report.findings.map((f) => f.id), file).not.toContain('apiserver-loopback-cert-expired');
		}
	});
});
