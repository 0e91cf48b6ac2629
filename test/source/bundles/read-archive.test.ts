import {mkdir, mkdtemp, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {create} from 'tar';
import {describe, expect, it} from 'vitest';
import {readArchiveLogs, type ArchiveLog} from '../../../src/source/bundles/read-archive.js';

const bundles = path.resolve(import.meta.dirname, '../../../fixtures/bundles');

/** Packs folders (relative to cwd) into a new archive in a temp folder, as the tools that make bundles do. */
async function pack(cwd: string, folders: readonly string[], name: string, gzip = true): Promise<string> {
	const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-archive-')), name);
	await create({cwd, file, gzip, portable: true}, [...folders]);
	return file;
}

async function readAll(archive: string): Promise<{logs: Array<Omit<ArchiveLog, 'bytes'> & {text: string}>; warnings: string[]; bundles: string[]}> {
	const warnings: string[] = [];
	const found: string[] = [];
	const logs = [];
	for await (const {bytes, ...log} of readArchiveLogs(archive, {warn: (m) => warnings.push(m), bundle: (b) => found.push(b)})) {
		const chunks: Uint8Array[] = [];
		for await (const chunk of bytes) chunks.push(chunk);
		logs.push({...log, name: path.relative(path.dirname(archive), log.name), text: Buffer.concat(chunks).toString('utf8')});
	}

	return {logs, warnings, bundles: found.map((b) => path.relative(path.dirname(archive), b))};
}

describe('readArchiveLogs', () => {
	it('reads a Rancher log collector archive directly: its journals and pod logs, with the node from systeminfo/hostname', async () => {
		const archive = await pack(path.join(bundles, 'rancher-log-collector'), ['rke2-cp-1-2026-11-28_09_30_01'], 'rke2-cp-1-2026-11-28_09_30_01.tar.gz');
		const {logs, warnings, bundles: found} = await readAll(archive);
		expect(warnings).toEqual([]);
		expect(found).toEqual(['rke2-cp-1-2026-11-28_09_30_01.tar.gz/rke2-cp-1-2026-11-28_09_30_01 (rancher-log-collector, node rke2-cp-1)']);
		expect(logs.map((l) => [l.name, l.host, l.pod, l.container]).sort()).toEqual([
			['rke2-cp-1-2026-11-28_09_30_01.tar.gz/rke2-cp-1-2026-11-28_09_30_01/journald/rke2-server', 'rke2-cp-1', undefined, undefined],
			['rke2-cp-1-2026-11-28_09_30_01.tar.gz/rke2-cp-1-2026-11-28_09_30_01/rke2/podlogs/kube-system_kube-apiserver-rke2-cp-1_8a7b6c5d4e3f4a2b9c8d7e6f5a4b3c2d/kube-apiserver/0.log', 'rke2-cp-1', 'kube-apiserver-rke2-cp-1', 'kube-apiserver'],
		]);
		expect(logs.find((l) => l.name.endsWith('0.log'))?.text).toContain('Version: v1.30.4+rke2r1');
		expect(logs.every((l) => l.mtime !== undefined && l.size > 0)).toBe(true);
	});

	it('reads a must-gather archive, whose paths are longer than a plain tar header holds, with each pod\'s node', async () => {
		const archive = await pack(path.join(bundles, 'must-gather'), ['must-gather.local.5183920471618471045'], 'must-gather.tar.gz');
		const {logs} = await readAll(archive);
		expect(logs.map((l) => [path.basename(path.dirname(path.dirname(path.dirname(path.dirname(l.name))))), l.host])).toEqual(expect.arrayContaining([['kube-apiserver-master-0', 'master-0'], ['kube-apiserver-master-1', 'master-1']]));
		expect(logs.some((l) => l.name.includes('guard'))).toBe(false);
		expect(logs.some((l) => l.name.endsWith('host_service_logs/masters/kubelet_service.log'))).toBe(true);
	});

	it('reads an archive of plain log folders as one node per top-level folder, and skips links and non-logs', async () => {
		const source = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-plain-'));
		for (const node of ['cp-1', 'cp-2']) {
			await mkdir(path.join(source, node), {recursive: true});
			await writeFile(path.join(source, node, 'kube-apiserver.log'), `I1128 09:00:00.000000       1 server.go:150] Version: v1.31.4 on ${node}\n`);
			await writeFile(path.join(source, node, 'kube-apiserver.yaml'), 'kind: Pod\n');
		}

		await symlink('/etc/shadow', path.join(source, 'cp-1', 'escape.log'));
		const archive = await pack(source, ['cp-1', 'cp-2'], 'nodes.tar', false);
		const {logs, bundles: found} = await readAll(archive);
		expect(found).toEqual([]);
		expect(logs.map((l) => [l.name, l.host, l.text.trim().slice(-4)])).toEqual([
			['nodes.tar/cp-1/kube-apiserver.log', 'cp-1', 'cp-1'],
			['nodes.tar/cp-2/kube-apiserver.log', 'cp-2', 'cp-2'],
		]);
	});

	it('names what it cannot open instead of reading it: xz archives, and bytes that are no archive', async () => {
		const directory = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-bad-archive-'));
		await writeFile(path.join(directory, 'sosreport-cp-1.tar.xz'), Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
		const xz = await readAll(path.join(directory, 'sosreport-cp-1.tar.xz'));
		expect(xz.logs).toEqual([]);
		expect(xz.warnings).toEqual([expect.stringMatching(/reads \.tar, \.tar\.gz and \.tgz archives; unpack this one \(for example tar xf sosreport-cp-1\.tar\.xz\)/)]);
		await writeFile(path.join(directory, 'notes.tar.gz'), 'these are not the bytes of a tar archive\n'.repeat(40));
		const bad = await readAll(path.join(directory, 'notes.tar.gz'));
		expect(bad.logs).toEqual([]);
		expect(bad.warnings.join('\n')).toMatch(/TAR_BAD_ARCHIVE|no log files in this archive/);
	});
});
