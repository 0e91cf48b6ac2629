import {spawn} from 'node:child_process';
import {copyFile, mkdir, mkdtemp, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readApiserverProcess} from '../../src/host/read-apiserver-process.js';

const bootTime = 1_700_000_000;

type FakeProcess = {
	readonly pid: number;
	readonly argv: readonly string[];
	readonly comm?: string;
	readonly startTicks: number;
	readonly cgroup?: string;
};

function statLine(pid: number, comm: string, startTicks: number): string {
	// Fields 3..52 after the comm; field 22 (starttime) is the 20th of them.
	const after = ['S', '1', String(pid), String(pid), '0', '-1', '4194560', '100', '0', '0', '0', '500', '200', '0', '0', '20', '0', '12', '0', String(startTicks), '123456789', '5000'];
	return `${pid} (${comm}) ${after.join(' ')} 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;
}

async function fakeProc(processes: readonly FakeProcess[], extra?: (root: string) => Promise<void>): Promise<string> {
	const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-proc-'));
	await writeFile(path.join(root, 'stat'), `cpu  1 2 3 4\nintr 1\nctxt 2\nbtime ${bootTime}\nprocesses 3\n`);
	await mkdir(path.join(root, 'self'));
	for (const process of processes) {
		const directory = path.join(root, String(process.pid));
		await mkdir(directory);
		await writeFile(path.join(directory, 'cmdline'), process.argv.map(argument => `${argument}\0`).join(''));
		await writeFile(path.join(directory, 'stat'), statLine(process.pid, process.comm ?? 'kube-apiserver', process.startTicks));
		await writeFile(path.join(directory, 'cgroup'), process.cgroup ?? '0::/\n');
	}

	await extra?.(root);
	return root;
}

const apiserverArgv = [
	'kube-apiserver',
	'--advertise-address=10.0.0.5',
	'--secure-port', '6443',
	'--allow-privileged=true',
	'--enable-bootstrap-token-auth',
	'--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
	'--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
	'--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
	'--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
	'--bind-address', '0.0.0.0',
	'-v=2',
];

describe('readApiserverProcess', () => {
	it('reads pid, start time, flags and a static-pod run mode from a copied /proc', async () => {
		const procRoot = await fakeProc([
			{pid: 1, argv: ['/sbin/init'], comm: 'systemd', startTicks: 1},
			{pid: 812, argv: ['/usr/bin/kubelet', '--config=/var/lib/kubelet/config.yaml'], comm: 'kubelet', startTicks: 900},
			{
				pid: 1234,
				argv: apiserverArgv,
				comm: 'kube api) (server',
				startTicks: 123_456,
				cgroup: '0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-abc.scope\n',
			},
		]);
		const found = await readApiserverProcess(procRoot, {root: procRoot});
		expect(found).toEqual({
			pid: 1234,
			startedAt: (bootTime * 1000) + 1_234_560,
			flags: {
				'advertise-address': '10.0.0.5',
				'secure-port': '6443',
				'allow-privileged': 'true',
				'enable-bootstrap-token-auth': 'true',
				'etcd-cafile': '/etc/kubernetes/pki/etcd/ca.crt',
				'etcd-certfile': '/etc/kubernetes/pki/apiserver-etcd-client.crt',
				'etcd-keyfile': '/etc/kubernetes/pki/apiserver-etcd-client.key',
				'tls-cert-file': '/etc/kubernetes/pki/apiserver.crt',
				'bind-address': '0.0.0.0',
				v: '2',
			},
			version: undefined,
			versionFrom: undefined,
			runMode: 'static-pod',
		});
	});

	it('takes the oldest of several apiservers and recognises hyperkube', async () => {
		const procRoot = await fakeProc([
			{pid: 300, argv: ['/usr/local/bin/kube-apiserver', '--secure-port=443'], startTicks: 5000},
			{pid: 400, argv: ['/hyperkube', 'apiserver', '--secure-port=8443'], startTicks: 4000, cgroup: '0::/system.slice/kube-apiserver.service\n'},
			{pid: 500, argv: ['/hyperkube', 'kubelet', '--secure-port=1'], startTicks: 10},
		]);
		const found = await readApiserverProcess(procRoot, {root: procRoot});
		expect(found).toMatchObject({pid: 400, startedAt: (bootTime * 1000) + 40_000, flags: {'secure-port': '8443'}, runMode: 'systemd'});
	});

	it('uses the manifest under root for the run mode, and unknown without one', async () => {
		const withManifest = await fakeProc([{pid: 7, argv: ['kube-apiserver'], startTicks: 70}], async root => {
			await mkdir(path.join(root, 'etc/kubernetes/manifests'), {recursive: true});
			await writeFile(path.join(root, 'etc/kubernetes/manifests/kube-apiserver.yaml'), 'kind: Pod\n');
		});
		expect((await readApiserverProcess(withManifest, {root: withManifest}))?.runMode).toBe('static-pod');
		const bare = await fakeProc([{pid: 7, argv: ['kube-apiserver'], startTicks: 70}]);
		expect((await readApiserverProcess(bare, {root: bare}))?.runMode).toBe('unknown');
	});

	it('skips unreadable and malformed entries silently', async () => {
		const procRoot = await fakeProc([{pid: 20, argv: ['kube-apiserver', '--secure-port=6443'], startTicks: 2000}], async root => {
			// A pid folder whose files are missing, one whose stat is garbage, and one that is a broken link.
			await mkdir(path.join(root, '10'));
			await mkdir(path.join(root, '11'));
			await writeFile(path.join(root, '11', 'cmdline'), 'kube-apiserver\0');
			await writeFile(path.join(root, '11', 'stat'), 'garbage');
			await symlink(path.join(root, 'missing'), path.join(root, '12'));
		});
		expect((await readApiserverProcess(procRoot, {root: procRoot}))?.pid).toBe(20);
	});

	it('gives undefined when there is no apiserver or no readable /proc', async () => {
		const procRoot = await fakeProc([{pid: 1, argv: ['/sbin/init'], startTicks: 1}]);
		expect(await readApiserverProcess(procRoot, {root: procRoot})).toBeUndefined();
		expect(await readApiserverProcess(path.join(procRoot, 'nowhere'))).toBeUndefined();
	});

	it('uses an injected version reader', async () => {
		const procRoot = await fakeProc([{pid: 42, argv: ['kube-apiserver'], startTicks: 1}]);
		const found = await readApiserverProcess(procRoot, {root: procRoot, readVersion: async pid => ({version: `v1.31.${pid}`, from: 'a test'})});
		expect(found).toMatchObject({version: 'v1.31.42', versionFrom: 'a test'});
	});

	it('finds a live process in the real /proc with its real start time', async () => {
		// A copy of bash named kube-apiserver stands in for the real binary; `-c` keeps it alive.
		const directory = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-live-'));
		const binary = path.join(directory, 'kube-apiserver');
		await copyFile('/bin/bash', binary);
		const before = Date.now();
		const child = spawn(binary, ['-c', 'sleep 30; :', 'x', '--secure-port=16443', '--bind-address', '127.0.0.1'], {stdio: 'ignore'});
		try {
			// Until the child has exec'd, its cmdline is still node's.
			let found = await readApiserverProcess('/proc', {root: directory});
			for (let attempt = 0; found?.pid !== child.pid && attempt < 50; attempt++) {
				await new Promise(resolve => setTimeout(resolve, 100));
				found = await readApiserverProcess('/proc', {root: directory});
			}

			expect(found?.pid).toBe(child.pid);
			expect(found?.flags).toMatchObject({'secure-port': '16443', 'bind-address': '127.0.0.1'});
			// The copy of bash holds no Kubernetes version.
			expect(found?.version).toBeUndefined();
			// /proc start times have 10 ms ticks and btime whole seconds.
			expect(Math.abs((found?.startedAt ?? 0) - before)).toBeLessThan(3000);
		} finally {
			child.kill();
		}
	});
});
