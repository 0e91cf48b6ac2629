import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Boot time written to the fake /proc/stat. */
export const fakeBootTime = 1_700_000_000;

/** One process of a fake /proc. */
export type FakeProcess = {readonly pid: number; readonly argv: readonly string[]; readonly startTicks: number; readonly cgroup?: string};

/** A /proc copy with the given processes (cmdline, stat, cgroup) under root/proc, or a new temp folder. */
export async function writeFakeProc(processes: readonly FakeProcess[], root?: string): Promise<string> {
	const procRoot = root === undefined ? await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-proc-')) : path.join(root, 'proc');
	await mkdir(procRoot, {recursive: true});
	await writeFile(path.join(procRoot, 'stat'), `cpu  1 2 3 4\nbtime ${fakeBootTime}\n`);
	for (const process of processes) {
		const directory = path.join(procRoot, String(process.pid));
		await mkdir(directory);
		await writeFile(path.join(directory, 'cmdline'), process.argv.map((argument) => `${argument}\0`).join(''));
		// Fields 3..22 after the comm; field 22 (starttime) is the 20th of them.
		const after = ['S', '1', String(process.pid), String(process.pid), '0', '-1', '4194560', '100', '0', '0', '0', '500', '200', '0', '0', '20', '0', '12', '0', String(process.startTicks)];
		await writeFile(path.join(directory, 'stat'), `${process.pid} (${path.basename(process.argv[0] ?? 'x')}) ${after.join(' ')} 0 0\n`);
		await writeFile(path.join(directory, 'cgroup'), process.cgroup ?? '0::/\n');
	}

	return procRoot;
}
