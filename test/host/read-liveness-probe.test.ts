import {mkdtemp} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {livenessProbeOf, readLivenessProbe} from '../../src/host/read-liveness-probe.js';

const nodes = path.resolve(import.meta.dirname, '../../fixtures/nodes');
const manifest = '/etc/kubernetes/manifests/kube-apiserver.yaml';
const pod = (container: string): string => `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n${container}`;

describe('readLivenessProbe', () => {
	it.each([
		['kubeadm', {type: 'endpoint', manifest: '/etc/kubernetes/manifests/kube-apiserver.yaml', path: '/livez', handler: 'httpGet'}],
		['rke2', {type: 'endpoint', manifest: '/var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml', path: '/livez', handler: 'exec'}],
		['openshift', {type: 'endpoint', manifest: '/etc/kubernetes/manifests/kube-apiserver-pod.yaml', path: '/livez', handler: 'httpGet'}],
	])('reads the %s static pod manifest (fixture tree)', async (tree, expected) => {
		expect(await readLivenessProbe(path.join(nodes, tree))).toEqual(expected);
	});

	it('gives undefined where there is no manifest (k3s runs the apiserver in-process)', async () => {
		expect(await readLivenessProbe(path.join(nodes, 'k3s'))).toBeUndefined();
		expect(await readLivenessProbe(await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-no-manifest-')))).toBeUndefined();
	});
});

describe('livenessProbeOf', () => {
	it.each([
		['no probe', pod('    image: x\n'), {type: 'none', manifest}],
		['a tcpSocket probe', pod('    livenessProbe:\n      tcpSocket:\n        port: 6443\n'), {type: 'other', manifest, handler: 'tcpSocket'}],
		['a readyz probe', pod('    livenessProbe:\n      httpGet:\n        path: /readyz\n'), {type: 'endpoint', manifest, path: '/readyz', handler: 'httpGet'}],
		['an exec probe without --raw', pod('    livenessProbe:\n      exec:\n        command: [/bin/true]\n'), {type: 'other', manifest, handler: 'exec'}],
		['a path with control characters', pod('    livenessProbe:\n      httpGet:\n        path: "/livez\\u001b[2J"\n'), {type: 'other', manifest, handler: 'httpGet with an unusual path'}],
	] as const)('reads %s', (_name, text, expected) => {
		expect(livenessProbeOf(manifest, text)).toEqual(expected);
	});

	it('gives undefined for text that is not a pod manifest', () => {
		expect(livenessProbeOf(manifest, 'not: [yaml')).toBeUndefined();
		expect(livenessProbeOf(manifest, 'kind: ConfigMap\ndata: {}\n')).toBeUndefined();
	});
});
