import {describe, expect, it} from 'vitest';
import {livenessProbeNote} from '../../src/correlate/liveness-probe.js';

const manifest = '/etc/kubernetes/manifests/kube-apiserver.yaml';

describe('livenessProbeNote (Kubernetes 1.36 loopback-serving-certificate check on /livez)', () => {
	it('says nothing before 1.36, nor without a manifest', () => {
		expect(livenessProbeNote('v1.35.2', {type: 'none', manifest})).toBeUndefined();
		expect(livenessProbeNote('v1.36.0', undefined)).toBeUndefined();
		expect(livenessProbeNote(undefined, {type: 'none', manifest})).toBeUndefined();
	});

	it('says nothing when the probe targets /livez', () => {
		expect(livenessProbeNote('v1.36.1', {type: 'endpoint', manifest, path: '/livez', handler: 'httpGet'})).toBeUndefined();
		expect(livenessProbeNote('v1.37.0', {type: 'endpoint', manifest, path: '/livez?exclude=etcd', handler: 'httpGet'})).toBeUndefined();
	});

	it.each([
		[{type: 'none', manifest} as const, /has no liveness probe, so Kubernetes v1\.36\.0's loopback-serving-certificate check on \/livez will not restart it/],
		[{type: 'other', manifest, handler: 'tcpSocket'} as const, /has a tcpSocket liveness probe, not an HTTP GET of \/livez/],
		[{type: 'endpoint', manifest, path: '/readyz', handler: 'httpGet'} as const, /probes \/readyz, not \/livez/],
		[{type: 'endpoint', manifest, path: '/livez?exclude=loopback-serving-certificate', handler: 'httpGet'} as const, /excludes the loopback-serving-certificate check.*drop the exclude/],
	])('warns when the probe cannot restart it: %j', (probe, text) => {
		const note = livenessProbeNote('v1.36.0', probe);
		expect(note?.fact).toBe('liveness-probe-misses-loopback-check');
		expect(note?.text).toMatch(text);
		expect(note?.text).toContain(manifest);
	});

	it('notes that /healthz carries the check too', () => {
		expect(livenessProbeNote('v1.36.0', {type: 'endpoint', manifest, path: '/healthz', handler: 'httpGet'})).toEqual({fact: 'liveness-probe-on-healthz', text: expect.stringContaining('/livez is the endpoint meant for liveness')});
	});
});
