import {cp, mkdtemp} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {defaultProbeTarget} from '../../src/host/default-probe-target.js';
import {programName} from '../../src/host/parse-proc-files.js';
import {readApiserverProcess} from '../../src/host/read-apiserver-process.js';
import {fakeBootTime, writeFakeProc} from './helpers/fake-proc.js';

const nodes = path.resolve(import.meta.dirname, '../../fixtures/nodes');

describe('an apiserver inside another process (k3s server, MicroK8s kubelite)', () => {
	it('takes k3s server as the apiserver process when there is no kube-apiserver, and probes 127.0.0.1:6444', async () => {
		const procRoot = await writeFakeProc([
			{pid: 1, argv: ['/sbin/init'], startTicks: 1},
			{pid: 812, argv: ['/usr/local/bin/k3s', 'server', '--cluster-init'], startTicks: 9000, cgroup: '0::/system.slice/k3s.service\n'},
		]);
		const found = await readApiserverProcess(procRoot, {root: procRoot, readVersion: async () => ({version: 'v1.31.4+k3s1', from: 'the gitVersion string in its binary'})});
		expect(found).toEqual({pid: 812, startedAt: fakeBootTime * 1000 + 90_000, flags: {}, version: 'v1.31.4+k3s1', versionFrom: 'the gitVersion string in its binary', runMode: 'systemd', embeddedIn: 'k3s'});
		expect(defaultProbeTarget(found)).toEqual({host: '127.0.0.1', port: 6444});
	});

	it('reads kubelite\'s apiserver flags from its args file under root, and probes its secure port', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-microk8s-'));
		await cp(path.join(nodes, 'microk8s'), root, {recursive: true});
		const procRoot = await writeFakeProc([
			{pid: 3001, argv: ['/snap/microk8s/7229/kubelite', '--scheduler-args-file=/var/snap/microk8s/current/args/kube-scheduler', '--apiserver-args-file=/var/snap/microk8s/current/args/kube-apiserver'], startTicks: 500, cgroup: '0::/system.slice/snap.microk8s.daemon-kubelite.service\n'},
		], root);
		let asked = false;
		const found = await readApiserverProcess(procRoot, {root, readVersion: async () => {
			asked = true;
			return 'v9.9.9';
		}});
		expect(found?.embeddedIn).toBe('microk8s');
		expect(found?.flags['secure-port']).toBe('16443');
		expect(found?.version).toBeUndefined();
		expect(asked).toBe(false);
		expect(defaultProbeTarget(found)).toEqual({host: '127.0.0.1', port: 16_443});
	});

	it('prefers a kube-apiserver process over a program that could run one inside itself', async () => {
		const procRoot = await writeFakeProc([
			{pid: 700, argv: ['/usr/local/bin/k3s', 'server'], startTicks: 100},
			{pid: 900, argv: ['kube-apiserver', '--secure-port=6443'], startTicks: 200, cgroup: '0::/kubepods.slice/kubepods-burstable.slice/x.scope\n'},
		]);
		const found = await readApiserverProcess(procRoot, {root: procRoot, readVersion: async () => undefined});
		expect(found).toMatchObject({pid: 900, runMode: 'static-pod'});
		expect(found?.embeddedIn).toBeUndefined();
	});

	it('names programs with their sub-command', () => {
		expect(programName(['/usr/local/bin/k3s', 'server', '--cluster-init'])).toBe('k3s server');
		expect(programName(['/snap/microk8s/7229/kubelite', '--apiserver-args-file=x'])).toBe('kubelite');
		expect(programName(['/usr/bin/openshift', 'start', 'master', 'api'])).toBe('openshift start');
		expect(programName(['/bin/tool', '../../etc'])).toBe('tool');
	});
});
