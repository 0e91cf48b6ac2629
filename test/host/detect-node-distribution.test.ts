import {cp, mkdtemp} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {decideDistribution} from '../../src/correlate/distribution.js';
import {detectNodeDistribution} from '../../src/host/detect-node-distribution.js';
import {writeFakeProc} from './helpers/fake-proc.js';

const nodes = path.resolve(import.meta.dirname, '../../fixtures/nodes');

/** A copy of a fixture node tree with a /proc of its own (an empty one unless processes are given). */
async function nodeCopy(name: string, processes: Parameters<typeof writeFakeProc>[0] = []): Promise<string> {
	const root = await mkdtemp(path.join(os.tmpdir(), `kubesleuth-node-${name}-`));
	await cp(path.join(nodes, name), root, {recursive: true});
	await writeFakeProc(processes, root);
	return root;
}

describe('detectNodeDistribution', () => {
	it.each([
		['kubeadm', 'kubeadm', '/etc/kubernetes/manifests/kube-apiserver.yaml exists on the node'],
		['k3s', 'k3s', 'the unit file /etc/systemd/system/k3s.service'],
		['k3s-openrc', 'k3s', 'the unit file /etc/init.d/k3s'],
		['rke2', 'rke2', 'the unit file /usr/local/lib/systemd/system/rke2-server.service'],
		['microk8s', 'microk8s', '/var/snap/microk8s/current exists on the node'],
		['openshift', 'openshift', '/etc/kubernetes/static-pod-resources exists on the node'],
		['systemd-unit', 'systemd-unit', 'the unit file /etc/systemd/system/kube-apiserver.service'],
	] as const)('tells %s from its files', async (tree, expected, reason) => {
		const clues = await detectNodeDistribution({root: await nodeCopy(tree)});
		const decision = decideDistribution({hits: [], identifiers: [], sources: [], live: {readAt: 0, distributionClues: clues}});
		expect(decision.id).toBe(expected);
		expect(decision.reasons).toContain(reason);
	});

	it('tells k3s, rke2 and MicroK8s from their running processes, and OpenShift from its apiserver flag', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-node-procs-'));
		await writeFakeProc([
			{pid: 1, argv: ['/sbin/init'], startTicks: 1},
			{pid: 812, argv: ['/usr/local/bin/k3s', 'server', '--cluster-init'], startTicks: 900},
			{pid: 913, argv: ['/usr/local/bin/rke2', 'server'], startTicks: 900},
			{pid: 1014, argv: ['/snap/microk8s/7229/kubelite', '--apiserver-args-file=/var/snap/microk8s/7229/args/kube-apiserver'], startTicks: 900},
			{pid: 1115, argv: ['hyperkube', 'kube-apiserver', '--openshift-config=/etc/kubernetes/static-pod-resources/configmaps/config/config.yaml'], startTicks: 900},
		], root);
		const clues = await detectNodeDistribution({root});
		expect(clues).toEqual([
			{distribution: 'k3s', weight: 3, reason: 'the running process k3s server (pid 812)'},
			{distribution: 'rke2', weight: 3, reason: 'the running process rke2 server (pid 913)'},
			{distribution: 'microk8s', weight: 3, reason: 'the running process kubelite (pid 1014)'},
			{distribution: 'openshift', weight: 3, reason: 'the running kube-apiserver (pid 1115) has the flag --openshift-config'},
		]);
	});

	it('finds nothing on an empty tree with no /proc', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-node-empty-'));
		expect(await detectNodeDistribution({root})).toEqual([]);
	});
});
