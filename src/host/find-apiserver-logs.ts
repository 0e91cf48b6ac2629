import {execFile} from 'node:child_process';
import {readlink} from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import {distributions, type DistributionId} from '../detect/rules/distributions.js';

/** One place kube-apiserver logs were found on this node. */
export type FoundLogs =
	/** A pod log folder, a container log symlink or a log file. */
	| {readonly type: 'path'; readonly path: string}
	| {readonly type: 'journald'; readonly unit: string};

/** Options for findApiserverLogs. */
export type FindApiserverLogsOptions = {
	/** Prefix for every path looked at (a copied node tree); default `/`. */
	readonly root?: string;
	/**
	 * The journald units that hold entries. Default: ask journalctl, but only when root is `/`,
	 * since the live journal says nothing about a copied tree.
	 */
	readonly journalUnits?: () => Promise<readonly string[]>;
	/** Distributions whose places come first (the one the node was found to run). */
	readonly prefer?: readonly DistributionId[];
};

/** Where logs were found, and every place that was looked at (for a "none found" message). */
export type ApiserverLogSearch = {
	readonly found: readonly FoundLogs[];
	readonly looked: readonly string[];
};

const journalCheckTimeoutMs = 3000;

/**
 * Looks where each known distribution keeps its apiserver logs (src/detect/rules/distributions.ts): pod log
 * folders, container log links not already covered by a folder, log files (never audit logs) and journald units.
 */
export async function findApiserverLogs(options: FindApiserverLogsOptions = {}): Promise<ApiserverLogSearch> {
	const root = path.resolve(options.root ?? '/');
	const underRoot = (pattern: string): string => fg.convertPathToPattern(root) + (root.endsWith('/') ? pattern.slice(1) : pattern);
	const glob = async (pattern: string, onlyDirectories: boolean): Promise<string[]> =>
		(await fg(underRoot(pattern), {onlyDirectories, onlyFiles: false, dot: true, suppressErrors: true, followSymbolicLinks: false}))
			.map(found => found.replace(/\/$/, ''))
			.sort();
	const prefer = options.prefer ?? [];
	const ordered = [...distributions].sort((a, b) => rank(prefer, a.id) - rank(prefer, b.id));
	const unique = (lists: ReadonlyArray<readonly string[]>): string[] => [...new Set(lists.flat())];
	const podPatterns = unique(ordered.map(d => d.logs.podDirectories));
	const linkPatterns = unique(ordered.map(d => d.logs.containerLinks));
	const filePatterns = unique(ordered.map(d => d.logs.files));
	const units = unique(ordered.map(d => d.logs.journalUnits));

	const pods = unique(await Promise.all(podPatterns.map(async pattern => glob(pattern, true))));
	const unseenLinks = [];
	for (const link of unique(await Promise.all(linkPatterns.map(async pattern => glob(pattern, false))))) {
		if (!await pointsInto(link, pods, root)) {
			unseenLinks.push(link);
		}
	}

	const files = unique(await Promise.all(filePatterns.map(async pattern => glob(pattern, false)))).filter(file => !path.basename(file).includes('audit'));
	const journalUnits = options.journalUnits ?? (root === '/' ? async () => listJournalUnits(units) : async () => []);
	const present = new Set(await journalUnits().catch(() => []));
	const journald = units.filter(unit => present.has(unit)).map((unit): FoundLogs => ({type: 'journald', unit}));
	return {
		found: [...[...pods, ...unseenLinks, ...files].map((found): FoundLogs => ({type: 'path', path: found})), ...journald],
		looked: [...podPatterns, ...linkPatterns, ...filePatterns].map(pattern => path.join(root, pattern)).concat(units.map(unit => `journalctl -u ${unit}`)),
	};
}

/**
 * The units among `wanted` that journald holds entries for: one `journalctl -F _SYSTEMD_UNIT` (the journal's
 * field index, fast), else one `journalctl -u UNIT -n 1` per unit; a unit that cannot be asked about is left out.
 */
export async function listJournalUnits(wanted: readonly string[]): Promise<readonly string[]> {
	const listed = await journalctl(['-F', '_SYSTEMD_UNIT']);
	if (listed !== undefined && listed.trim() !== '') {
		const names = new Set(listed.split('\n').map(line => line.trim().replace(/\.service$/, '')));
		return wanted.filter(unit => names.has(unit));
	}

	const present: string[] = [];
	for (const unit of wanted) {
		const last = await journalctl(['-u', unit, '-n', '1', '-q', '--no-pager', '-o', 'cat']);
		if (last !== undefined && last.trim() !== '') present.push(unit);
	}

	return present;
}

async function journalctl(args: readonly string[]): Promise<string | undefined> {
	return new Promise(resolve => {
		execFile('journalctl', args, {timeout: journalCheckTimeoutMs, maxBuffer: 4 << 20}, (error, stdout) => {
			resolve(error === null ? String(stdout) : undefined);
		});
	});
}

function rank(prefer: readonly DistributionId[], id: DistributionId): number {
	const index = prefer.indexOf(id);
	return index === -1 ? prefer.length : index;
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
