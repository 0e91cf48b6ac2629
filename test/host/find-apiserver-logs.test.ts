import {mkdir, mkdtemp, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {findApiserverLogs} from '../../src/host/find-apiserver-logs.js';

const nodes = path.resolve(import.meta.dirname, '../../fixtures/nodes');

async function nodeTree(): Promise<string> {
	const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-logs-'));
	const pod = 'kube-system_kube-apiserver-master-1_0123456789abcdef';
	await mkdir(path.join(root, 'var/log/pods', pod, 'kube-apiserver'), {recursive: true});
	await writeFile(path.join(root, 'var/log/pods', pod, 'kube-apiserver', '0.log'), '');
	await mkdir(path.join(root, 'var/log/pods/kube-system_kube-scheduler-master-1_fedcba/kube-scheduler'), {recursive: true});
	await mkdir(path.join(root, 'var/log/pods/kube-system_etcd-master-1_aaaa'), {recursive: true});
	await mkdir(path.join(root, 'var/log/containers'), {recursive: true});
	// As on a node: an absolute target naming the original /var/log/pods path.
	await symlink(`/var/log/pods/${pod}/kube-apiserver/0.log`, path.join(root, 'var/log/containers/kube-apiserver-master-1_kube-system_kube-apiserver-1111.log'));
	// A relative target into the copied tree.
	await symlink(`../pods/${pod}/kube-apiserver/0.log`, path.join(root, 'var/log/containers/kube-apiserver-master-1_kube-system_kube-apiserver-2222.log'));
	// A link whose pod folder was not copied: the link itself is the only trace.
	await symlink('/var/log/pods/kube-system_kube-apiserver-old_999/kube-apiserver/3.log', path.join(root, 'var/log/containers/kube-apiserver-old_kube-system_kube-apiserver-3333.log'));
	await symlink('/var/log/pods/x/kube-scheduler/0.log', path.join(root, 'var/log/containers/kube-scheduler-master-1_kube-system_kube-scheduler-4444.log'));
	await writeFile(path.join(root, 'var/log/kube-apiserver.log'), '');
	await writeFile(path.join(root, 'var/log/kube-apiserver-audit.log'), '');
	await writeFile(path.join(root, 'var/log/kube-controller-manager.log'), '');
	return root;
}

describe('findApiserverLogs', () => {
	it('finds pod folders, container links not already covered, log files and the journal', async () => {
		const root = await nodeTree();
		const result = await findApiserverLogs({root, journalUnits: async () => ['kube-apiserver', 'containerd']});
		expect(result.found).toEqual([
			{type: 'path', path: `${root}/var/log/pods/kube-system_kube-apiserver-master-1_0123456789abcdef`},
			{type: 'path', path: `${root}/var/log/containers/kube-apiserver-old_kube-system_kube-apiserver-3333.log`},
			{type: 'path', path: `${root}/var/log/kube-apiserver.log`},
			{type: 'journald', unit: 'kube-apiserver'},
		]);
		expect(result.looked).toEqual(expect.arrayContaining([
			`${root}/var/log/pods/kube-system_kube-apiserver-*/`,
			`${root}/var/log/containers/kube-apiserver-*`,
			`${root}/var/log/kube-apiserver*.log`,
			'journalctl -u kube-apiserver',
		]));
	});

	it('finds nothing in an empty tree and does not ask the live journal about a copied root', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-logs-empty-'));
		expect((await findApiserverLogs({root})).found).toEqual([]);
	});

	it('treats a failing journal check as no journal', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-logs-empty-'));
		const result = await findApiserverLogs({root, journalUnits: async () => Promise.reject(new Error('no journalctl'))});
		expect(result.found).toEqual([]);
	});

	it('looks in every distribution\'s places: k3s, rke2, MicroK8s, OpenShift, OpenShift 3 and a kube-apiserver unit', async () => {
		const result = await findApiserverLogs({root: await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-logs-empty-')), journalUnits: async () => []});
		const looked = result.looked.map((place) => place.replace(/^.*?(?=\/var\/)/, ''));
		expect(looked).toEqual(expect.arrayContaining([
			'/var/log/pods/openshift-kube-apiserver_kube-apiserver-*/kube-apiserver',
			'/var/log/k3s.log',
			'journalctl -u k3s',
			'journalctl -u rke2-server',
			'journalctl -u snap.microk8s.daemon-kubelite',
			'journalctl -u snap.microk8s.daemon-apiserver',
			'journalctl -u atomic-openshift-master-api',
			'journalctl -u kube-apiserver',
		]));
	});

	it.each([
		['kubeadm', [], ['var/log/pods/kube-system_kube-apiserver-cp-1_7d1c4e2a9b8f4c3e8a6d5b4c3a2f1e0d']],
		['rke2', ['rke2-server'], ['var/log/pods/kube-system_kube-apiserver-rke2-cp-1_2b8e4f6a1c3d4e5f9a0b1c2d3e4f5a6b', 'journalctl -u rke2-server']],
		['openshift', [], ['var/log/pods/openshift-kube-apiserver_kube-apiserver-master-0_5e4d3c2b1a0f4e9d8c7b6a5f4e3d2c1b/kube-apiserver']],
		['k3s', ['k3s'], ['journalctl -u k3s']],
		['k3s-openrc', [], ['var/log/k3s.log']],
		['microk8s', ['snap.microk8s.daemon-kubelite'], ['journalctl -u snap.microk8s.daemon-kubelite']],
		['systemd-unit', ['kube-apiserver'], ['journalctl -u kube-apiserver']],
	] as const)('finds the %s node\'s apiserver logs (fixture tree) and only those', async (tree, units, expected) => {
		const root = path.join(nodes, tree);
		const result = await findApiserverLogs({root, journalUnits: async () => [...units, 'containerd', 'kubelet']});
		const found = result.found.map((f) => (f.type === 'path' ? path.relative(root, f.path) : `journalctl -u ${f.unit}`));
		expect(found).toEqual(expected);
	});

	it('puts the preferred distribution\'s places first', async () => {
		const result = await findApiserverLogs({root: path.join(nodes, 'rke2'), journalUnits: async () => ['rke2-server', 'k3s'], prefer: ['k3s']});
		expect(result.found.filter((f) => f.type === 'journald')).toEqual([{type: 'journald', unit: 'k3s'}, {type: 'journald', unit: 'rke2-server'}]);
		const index = (suffix: string) => result.looked.findIndex((place) => place.endsWith(suffix));
		expect(index('/var/log/k3s.log')).toBeLessThan(index('/var/log/kube-apiserver*.log'));
	});
});
