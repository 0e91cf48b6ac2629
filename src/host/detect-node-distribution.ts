import {access, readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import type {DistributionClue} from '../correlate/live-facts.js';
import {distributions} from '../detect/rules/distributions.js';
import {apiserverArguments, parseFlags, programName, splitCommandLine} from './parse-proc-files.js';

/** Where to look: a node's file system (or a copy of it) and its /proc. */
export type NodeDistributionOptions = {
	/** Prefix of every path looked at; default `/`. */
	readonly root?: string;
	/** Default `/proc` under root `/`, else `<root>/proc`. */
	readonly procRoot?: string;
};

/** A running process, by the name the distribution data uses, with its kube-apiserver flags when it is one. */
type RunningProgram = {readonly pid: number; readonly program: string; readonly apiserverFlags: Readonly<Record<string, string>> | undefined};

const maxProcesses = 20_000;

/**
 * What the node shows about its distribution: files and folders only one distribution creates, the unit
 * files its installer writes, and its running programs (`k3s server`, `kubelite`, a kube-apiserver with
 * OpenShift's flags). Each is a weight-3 clue for the correlate stage; nothing that cannot be read counts.
 */
export async function detectNodeDistribution(options: NodeDistributionOptions = {}): Promise<DistributionClue[]> {
	const root = path.resolve(options.root ?? '/');
	const procRoot = options.procRoot ?? (root === '/' ? '/proc' : path.join(root, 'proc'));
	const exists = async (file: string): Promise<boolean> => access(path.join(root, file)).then(() => true, () => false);
	const programs = await runningPrograms(procRoot);
	const clues: DistributionClue[] = [];
	for (const distribution of distributions) {
		const {node, id} = distribution;
		for (const file of node.paths) {
			if (await exists(file)) clues.push({distribution: id, weight: 3, reason: `${file} exists on the node`});
		}

		for (const file of node.unitFiles) {
			if (await exists(file)) clues.push({distribution: id, weight: 3, reason: `the unit file ${file}`});
		}

		const running = programs.find((p) => node.programs.includes(p.program));
		if (running !== undefined) clues.push({distribution: id, weight: 3, reason: `the running process ${running.program} (pid ${running.pid})`});
		const flagged = programs.find((p) => p.apiserverFlags !== undefined && node.apiserverFlags.some((flag) => flag in p.apiserverFlags!));
		if (flagged !== undefined) clues.push({distribution: id, weight: 3, reason: `the running kube-apiserver (pid ${flagged.pid}) has the flag --${node.apiserverFlags.find((flag) => flag in flagged.apiserverFlags!)}`});
	}

	return clues;
}

async function runningPrograms(procRoot: string): Promise<RunningProgram[]> {
	let entries: string[];
	try {
		entries = await readdir(procRoot);
	} catch {
		return [];
	}

	const pids = entries.filter((name) => /^\d+$/.test(name)).slice(0, maxProcesses).map(Number);
	const found = await Promise.all(
		pids.map(async (pid): Promise<RunningProgram | undefined> => {
			const cmdline = await readFile(path.join(procRoot, String(pid), 'cmdline'), 'utf8').catch(() => undefined);
			if (cmdline === undefined || cmdline === '') return undefined;
			const argv = splitCommandLine(cmdline);
			const args = apiserverArguments(argv);
			return {pid, program: programName(argv), apiserverFlags: args === undefined ? undefined : parseFlags(args)};
		}),
	);
	return found.filter((p): p is RunningProgram => p !== undefined).sort((a, b) => a.pid - b.pid);
}
