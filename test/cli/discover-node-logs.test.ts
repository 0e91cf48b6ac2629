import {mkdtemp} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {discoverNodeLogs} from '../../src/cli/discover-node-logs.js';

const nodes = path.resolve(import.meta.dirname, '../../fixtures/nodes');
const noProc = path.join(os.tmpdir(), 'kubesleuth-no-such-proc');

describe('kubesleuth with no argument on a node', () => {
	it('says which distribution the node runs and why, and reads its places', async () => {
		const root = path.join(nodes, 'rke2');
		const discovery = await discoverNodeLogs({root, procRoot: noProc, journalUnits: async () => ['rke2-server']});
		expect(discovery.nodeRuns).toBe('this node runs rke2 (the unit file /usr/local/lib/systemd/system/rke2-server.service)');
		expect(discovery.found).toEqual([
			{type: 'path', path: path.join(root, 'var/log/pods/kube-system_kube-apiserver-rke2-cp-1_2b8e4f6a1c3d4e5f9a0b1c2d3e4f5a6b')},
			{type: 'journald', unit: 'rke2-server'},
		]);
	});

	it('names the distribution\'s own journal unit when it finds nothing', async () => {
		const discovery = await discoverNodeLogs({root: path.join(nodes, 'k3s'), procRoot: noProc, journalUnits: async () => []});
		expect(discovery.found).toEqual([]);
		expect(discovery.message).toContain('found no kube-apiserver logs on this machine, though this node runs k3s (the unit file /etc/systemd/system/k3s.service)');
		expect(discovery.message).toContain('journalctl -u k3s | kubesleuth');
		expect(discovery.message).toMatch(/Looked in:\n(?:.*\n)*  journalctl -u snap\.microk8s\.daemon-kubelite\n/);
	});

	it('follows --distribution when the node does not say', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-bare-node-'));
		const discovery = await discoverNodeLogs({root, procRoot: noProc, journalUnits: async () => [], distribution: 'microk8s'});
		expect(discovery.nodeRuns).toBe('this node runs MicroK8s (--distribution flag)');
		expect(discovery.message).toContain('journalctl -u snap.microk8s.daemon-kubelite | kubesleuth');
	});
});
