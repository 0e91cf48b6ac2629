import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {expandInputs} from '../../src/source/expand-inputs.js';

function tree(files: Record<string, string>): string {
	const root = mkdtempSync(path.join(tmpdir(), 'kubesleuth-expand-'));
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, name)), {recursive: true});
		writeFileSync(path.join(root, name), text);
	}

	return root;
}

describe('expandInputs', () => {
	it('reads a klog --log-dir once: INFO files only, not the WARNING/ERROR copies nor the symlinks', async () => {
		const root = tree({
			'kube-apiserver.cp-1.root.log.INFO.20251121-084213.790992': 'I\n',
			'kube-apiserver.cp-1.root.log.WARNING.20251121-084214.790992': 'W\n',
			'kube-apiserver.cp-1.root.log.ERROR.20251121-084216.790992': 'E\n',
		});
		symlinkSync('kube-apiserver.cp-1.root.log.INFO.20251121-084213.790992', path.join(root, 'kube-apiserver.INFO'));
		const {files, skipped} = await expandInputs([root]);
		expect(files.map((f) => path.basename(f.path))).toEqual(['kube-apiserver.cp-1.root.log.INFO.20251121-084213.790992']);
		expect(files[0]?.host).toBe('cp-1');
		expect(skipped).toHaveLength(2);
	});

	it('orders rotated container logs oldest first and knows the pod and node from the path', async () => {
		const pod = 'var/log/pods/kube-system_kube-apiserver-cp-2_0123456789abcdef0123456789abcdef/kube-apiserver';
		const root = tree({[`${pod}/1.log`]: 'live\n', [`${pod}/1.log.20261127-101500.gz`]: 'older\n', [`${pod}/1.log.20261126-080000.gz`]: 'oldest\n', [`${pod}/0.log`]: 'previous container\n'});
		const {files} = await expandInputs([root]);
		expect(files.map((f) => path.basename(f.path))).toEqual(['0.log', '1.log.20261126-080000.gz', '1.log.20261127-101500.gz', '1.log']);
		expect(files.every((f) => f.pod === 'kube-apiserver-cp-2' && f.container === 'kube-apiserver' && f.host === 'cp-2')).toBe(true);
	});

	it('knows the node of every control-plane static pod, but not of other pods named like one', async () => {
		const root = tree({
			'pods/kube-system_etcd-cp-1_u1/etcd/0.log': 'a\n',
			'pods/kube-system_kube-controller-manager-cp-1_u2/kube-controller-manager/0.log': 'b\n',
			'pods/kube-system_kube-scheduler-cp-2_u3/kube-scheduler/0.log': 'c\n',
			'pods/backup_etcd-backup-7f9c_u4/etcd-backup/0.log': 'd\n',
		});
		const {files} = await expandInputs([root]);
		expect(Object.fromEntries(files.map((f) => [f.pod, f.host]))).toEqual({
			'etcd-cp-1': 'cp-1',
			'kube-controller-manager-cp-1': 'cp-1',
			'kube-scheduler-cp-2': 'cp-2',
			'etcd-backup-7f9c': undefined,
		});
	});

	it('follows /var/log/containers links once and never loops', async () => {
		const root = tree({'pods/kube-system_kube-apiserver-cp-1_u/kube-apiserver/0.log': 'line\n'});
		mkdirSync(path.join(root, 'containers'));
		symlinkSync(path.join(root, 'pods/kube-system_kube-apiserver-cp-1_u/kube-apiserver/0.log'), path.join(root, 'containers', `kube-apiserver-cp-1_kube-system_kube-apiserver-${'a'.repeat(64)}.log`));
		symlinkSync('..', path.join(root, 'containers', 'loop'));
		symlinkSync(path.join(root, 'b'), path.join(root, 'a'));
		symlinkSync(path.join(root, 'a'), path.join(root, 'b'));
		const {files, warnings} = await expandInputs([root]);
		expect(files.map((f) => path.relative(root, f.path))).toEqual(['pods/kube-system_kube-apiserver-cp-1_u/kube-apiserver/0.log']);
		expect(warnings.some((w) => w.includes('loop') || w.includes('nothing'))).toBe(true);
	});

	it('names per-node folders of a bundle as hosts', async () => {
		const root = tree({'cp-1/kube-apiserver.log': 'a\n', 'cp-2/kube-apiserver.log': 'b\n'});
		const {files} = await expandInputs([root]);
		expect(files.map((f) => f.host)).toEqual(['cp-1', 'cp-2']);
	});

	it('turns missing paths and empty directories into warnings', async () => {
		const empty = tree({});
		const {files, warnings} = await expandInputs([path.join(empty, 'nope.log'), empty, path.join(empty, '*.gz')]);
		expect(files).toEqual([]);
		expect(warnings).toEqual([`${path.join(empty, 'nope.log')}: no such file or directory`, `${empty}: no log files in this directory`, `${path.join(empty, '*.gz')}: no file matches this pattern`]);
	});
});
