import {describe, expect, it} from 'vitest';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

// A kubeadm apiserver that started with etcd not yet up (connection refused, a common start-up blip)
// and a year later fails its requests to itself on the expired loopback certificate.
const start = [
	'I1127 11:38:13.000000       1 server.go:142] Version: v1.28.9',
	'W1127 11:38:13.100000       1 logging.go:59] [core] grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379", ServerName: "127.0.0.1:2379", }. Err: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"',
	'I1127 11:38:14.000000       1 secure_serving.go:213] Serving securely on [::]:6443',
];
const failure = 'E1127 10:39:16.000000       1 reflector.go:158] "Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.Endpoints: failed to list *v1.Endpoints: Get \\"https://127.0.0.1:6443/api/v1/endpoints\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-27T10:39:16Z is after 2026-11-27T10:38:13Z" logger="UnhandledError"';

describe('the started-shortly-before-failures fact', () => {
	it('looks only at certificate failures, not at an etcd blip right after the start', async () => {
		const stdin = [...start.map((l) => `2025-11-27T${l.slice(6, 21)}Z stderr F ${l}`), `2026-11-27T${failure.slice(6, 21)}Z stderr F ${failure}`].join('\n') + '\n';
		const report = await diagnosePaths([], {stdin});
		expect(report.context.facts.has('started-shortly-before-failures')).toBe(false);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.findings[0]?.reasoning.some((r) => r.text.includes('minutes before the first certificate failure'))).toBe(false);
	});

	it('still holds when a certificate failure follows the start', async () => {
		const early = failure.replace('E1127 10:39:16', 'E1127 11:40:16').replace('current time 2026-11-27T10:39:16Z is after 2026-11-27T10:38:13Z', 'current time 2025-11-27T11:40:16Z is after 2025-11-20T10:38:13Z');
		const stdin = [...start.map((l) => `2025-11-27T${l.slice(6, 21)}Z stderr F ${l}`), `2025-11-27T${early.slice(6, 21)}Z stderr F ${early}`].join('\n') + '\n';
		const report = await diagnosePaths([], {stdin});
		expect(report.context.facts.get('started-shortly-before-failures')).toMatch(/2 minutes before the first certificate failure/);
	});
});
