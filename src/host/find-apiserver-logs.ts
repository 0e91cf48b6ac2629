import {execFile} from 'node:child_process';
import {readlink} from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';

/** One place kube-apiserver logs were found on this node. */
export type FoundLogs =
	/** A pod log folder, a container log symlink or a log file. */
	| {readonly type: 'path'; readonly path: string}
	| {readonly type: 'journald'; readonly unit: 'kube-apiserver'};

/** Options for findApiserverLogs. */
export type FindApiserverLogsOptions = {
	/** Prefix for every path looked at (a copied node tree); default `/`. */
	readonly root?: string;
	/**
	 * Whether journald holds the kube-apiserver unit. Default: ask journalctl, but only when root is `/`,
	 * since the live journal says nothing about a copied tree.
	 */
	readonly hasJournalUnit?: () => Promise<boolean>;
};

/** Where logs were found, and every place that was looked at (for a "none found" message). */
export type ApiserverLogSearch = {
	readonly found: readonly FoundLogs[];
	readonly looked: readonly string[];
};

const podDirectories = '/var/log/pods/kube-system_kube-apiserver-*/';
const containerLinks = '/var/log/containers/kube-apiserver-*';
const logFiles = '/var/log/kube-apiserver*.log';
const journalUnit = 'kube-apiserver';
const journalCheckTimeoutMs = 3000;

/** Looks where kube-apiserver logs live on a node: pod log folders, container log links, /var/log files and journald. */
export async function findApiserverLogs(options: FindApiserverLogsOptions = {}): Promise<ApiserverLogSearch> {
	const root = path.resolve(options.root ?? '/');
	const underRoot = (pattern: string): string => fg.convertPathToPattern(root) + (root.endsWith('/') ? pattern.slice(1) : pattern);
	const glob = async (pattern: string, onlyDirectories: boolean): Promise<string[]> =>
		(await fg(underRoot(pattern), {onlyDirectories, onlyFiles: false, dot: true, suppressErrors: true, followSymbolicLinks: false}))
			.map(found => found.replace(/\/$/, ''))
			.sort();

	const pods = await glob(podDirectories, true);
	const links = await glob(containerLinks, false);
	const unseenLinks = [];
	for (const link of links) {
		if (!await pointsInto(link, pods, root)) {
			unseenLinks.push(link);
		}
	}

	const files = (await glob(logFiles, false)).filter(file => !path.basename(file).includes('audit'));
	const hasJournalUnit = options.hasJournalUnit ?? (root === '/' ? journalHasApiserverUnit : async () => false);
	const journald: FoundLogs[] = await hasJournalUnit().catch(() => false) ? [{type: 'journald', unit: journalUnit}] : [];
	return {
		found: [...[...pods, ...unseenLinks, ...files].map((found): FoundLogs => ({type: 'path', path: found})), ...journald],
		looked: [podDirectories, containerLinks, logFiles].map(pattern => path.join(root, pattern)).concat(`journalctl -u ${journalUnit}`),
	};
}

/** True when journald has entries for the kube-apiserver unit (asks `journalctl`, gives false when that fails). */
export async function journalHasApiserverUnit(): Promise<boolean> {
	return new Promise(resolve => {
		execFile('journalctl', ['-u', journalUnit, '-n', '1', '-q', '--no-pager', '-o', 'cat'], {timeout: journalCheckTimeoutMs}, (error, stdout) => {
			resolve(error === null && String(stdout).trim() !== '');
		});
	});
}

// Container log links point at /var/log/pods/<pod>/<container>/N.log; targets are absolute on the node, so under a
// copied root they may name either the original path or the copied one.
async function pointsInto(link: string, podDirectories: readonly string[], root: string): Promise<boolean> {
	let target: string;
	try {
		target = path.resolve(path.dirname(link), await readlink(link));
	} catch {
		return false;
	}

	return podDirectories.some(directory => {
		const original = '/' + path.relative(root, directory);
		return target.startsWith(directory + '/') || target.startsWith(original + '/');
	});
}
