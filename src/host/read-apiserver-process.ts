import {access, readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import type {ApiserverProcess, RunMode} from '../correlate/live-facts.js';
import {distributions, type DistributionId} from '../detect/rules/distributions.js';
import {
	apiserverArguments,
	parseBootTime,
	parseFlags,
	parseStartTicks,
	processStartMs,
	programName,
	splitCommandLine,
} from './parse-proc-files.js';
import {readBinaryVersion} from './read-binary-version.js';

/** Options for readApiserverProcess. */
export type ReadApiserverProcessOptions = {
	/** Root under which `/etc/kubernetes/manifests/kube-apiserver.yaml` is looked for; default `/`. */
	readonly root?: string;
	/**
	 * Reads the version of the process with this pid, and says where it was read. Default: look for the
	 * gitVersion string in the bytes of `/proc/<pid>/exe` when procRoot is the live `/proc` (a copied /proc
	 * gives undefined). Nothing found through /proc is ever executed: any user can name a process
	 * kube-apiserver, and kubesleuth usually runs as root.
	 */
	readonly readVersion?: (pid: number) => Promise<{readonly version: string; readonly from: string} | undefined>;
};

type Candidate = {readonly pid: number; readonly startTicks: number; readonly args: readonly string[]; readonly embeddedIn: DistributionId | undefined};

/**
 * Finds the kube-apiserver process under procRoot (the oldest one when there are several), or, when there is
 * none, the process that runs the apiserver inside itself (`k3s server`, MicroK8s's `kubelite`); undefined when none.
 */
export async function readApiserverProcess(
	procRoot = '/proc',
	options: ReadApiserverProcessOptions = {},
): Promise<ApiserverProcess | undefined> {
	const bootTime = parseBootTime(await readText(path.join(procRoot, 'stat')) ?? '');
	if (bootTime === undefined) {
		return undefined;
	}

	const candidate = await findOldestCandidate(procRoot);
	if (candidate === undefined) {
		return undefined;
	}

	const readVersion = options.readVersion ?? defaultVersionReader(procRoot);
	const root = options.root ?? '/';
	const [version, runMode] = await Promise.all([
		// kubelite's --version output is not known; only kube-apiserver and k3s are asked.
		candidate.embeddedIn === undefined || candidate.embeddedIn === 'k3s' ? readVersion(candidate.pid).catch(() => undefined) : undefined,
		readRunMode(procRoot, candidate.pid, root),
	]);
	const flags = parseFlags(candidate.args);
	return {
		pid: candidate.pid,
		startedAt: processStartMs(bootTime, candidate.startTicks),
		flags: candidate.embeddedIn === undefined ? flags : await embeddedFlags(flags, root),
		version: version?.version,
		versionFrom: version?.from,
		runMode,
		...(candidate.embeddedIn === undefined ? {} : {embeddedIn: candidate.embeddedIn}),
	};
}

async function findOldestCandidate(procRoot: string): Promise<Candidate | undefined> {
	let entries: string[];
	try {
		entries = await readdir(procRoot);
	} catch {
		return undefined;
	}

	const pids = entries.filter(name => /^\d+$/.test(name)).map(Number);
	const all = (await Promise.all(pids.map(async pid => readCandidate(procRoot, pid)))).filter((c): c is Candidate => c !== undefined);
	const apiservers = all.filter(candidate => candidate.embeddedIn === undefined);
	const candidates = apiservers.length > 0 ? apiservers : all;
	let oldest: Candidate | undefined;
	for (const candidate of candidates) {
		if (candidate !== undefined
			&& (oldest === undefined
				|| candidate.startTicks < oldest.startTicks
				|| (candidate.startTicks === oldest.startTicks && candidate.pid < oldest.pid))) {
			oldest = candidate;
		}
	}

	return oldest;
}

async function readCandidate(procRoot: string, pid: number): Promise<Candidate | undefined> {
	const cmdline = await readText(path.join(procRoot, String(pid), 'cmdline'));
	const argv = cmdline === undefined ? [] : splitCommandLine(cmdline);
	const args = apiserverArguments(argv);
	const program = programName(argv);
	const embeddedIn = args === undefined ? distributions.find(d => d.node.apiserverInside === program)?.id : undefined;
	if (args === undefined && embeddedIn === undefined) {
		return undefined;
	}

	const stat = await readText(path.join(procRoot, String(pid), 'stat'));
	const startTicks = stat === undefined ? undefined : parseStartTicks(stat);
	return startTicks === undefined ? undefined : {pid, startTicks, args: args ?? argv.slice(1), embeddedIn};
}

// kubelite reads the apiserver's flags from a file (`--apiserver-args-file`); other embedding programs' own flags
// are not the apiserver's, so they are left out and the distribution data gives the port.
async function embeddedFlags(flags: Readonly<Record<string, string>>, root: string): Promise<Readonly<Record<string, string>>> {
	const file = flags['apiserver-args-file'];
	if (file === undefined || !path.isAbsolute(file)) return {};
	const text = await readText(path.join(root, file));
	return text === undefined ? {} : parseFlags(text.split(/\s+/).filter(word => word !== '' && !word.startsWith('#')));
}

async function readRunMode(procRoot: string, pid: number, root: string): Promise<RunMode> {
	const cgroup = await readText(path.join(procRoot, String(pid), 'cgroup')) ?? '';
	if (cgroup.includes('kubepods')) {
		return 'static-pod';
	}

	// kube-apiserver.service, or the unit of a program that runs the apiserver inside itself (k3s.service).
	if (/\.service\b/.test(cgroup)) {
		return 'systemd';
	}

	const manifest = path.join(root, 'etc/kubernetes/manifests/kube-apiserver.yaml');
	return await access(manifest).then(() => true, () => false) ? 'static-pod' : 'unknown';
}

function defaultVersionReader(procRoot: string): NonNullable<ReadApiserverProcessOptions['readVersion']> {
	// Only the live /proc has an exe link to a binary that belongs to this machine.
	return path.resolve(procRoot) === '/proc' ? readExeVersion : async () => undefined;
}

/** The Kubernetes version in the bytes of the live process's binary (`/proc/<pid>/exe`), and where it was read. */
export async function readExeVersion(pid: number): Promise<{readonly version: string; readonly from: string} | undefined> {
	const exe = `/proc/${pid}/exe`;
	const found = await readBinaryVersion(exe);
	return found === undefined ? undefined : {version: found.version, from: `${found.marker === 'gitVersion' ? 'the gitVersion string' : 'the "Kubernetes vX.Y.Z" string'} in its binary (${exe})`};
}

async function readText(file: string): Promise<string | undefined> {
	try {
		return await readFile(file, 'utf8');
	} catch {
		return undefined;
	}
}
