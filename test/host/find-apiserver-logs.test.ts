import {mkdir, mkdtemp, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {findApiserverLogs} from '../../src/host/find-apiserver-logs.js';

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
		const result = await findApiserverLogs({root, hasJournalUnit: async () => true});
		expect(result.found).toEqual([
			{type: 'path', path: `${root}/var/log/pods/kube-system_kube-apiserver-master-1_0123456789abcdef`},
			{type: 'path', path: `${root}/var/log/containers/kube-apiserver-old_kube-system_kube-apiserver-3333.log`},
			{type: 'path', path: `${root}/var/log/kube-apiserver.log`},
			{type: 'journald', unit: 'kube-apiserver'},
		]);
		expect(result.looked).toEqual([
			`${root}/var/log/pods/kube-system_kube-apiserver-*/`,
			`${root}/var/log/containers/kube-apiserver-*`,
			`${root}/var/log/kube-apiserver*.log`,
			'journalctl -u kube-apiserver',
		]);
	});

	it('finds nothing in an empty tree and does not ask the live journal about a copied root', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-logs-empty-'));
		expect((await findApiserverLogs({root})).found).toEqual([]);
	});

	it('treats a failing journal check as no journal', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-logs-empty-'));
		const result = await findApiserverLogs({root, hasJournalUnit: async () => Promise.reject(new Error('no journalctl'))});
		expect(result.found).toEqual([]);
	});
});
