import {lstat, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {walkDirectory, type WalkState} from './walk-directory.js';
import {applyBundles} from './bundles/apply-bundles.js';
import {isArchiveName} from './bundles/archive-name.js';
import {compareText} from './compare-text.js';

/** One file to read, with what its path tells about it. */
export type InputFile = {
	readonly path: string;
	readonly size: number;
	readonly mtime: number;
	readonly pod: string | undefined;
	readonly container: string | undefined;
	readonly host: string | undefined;
	/** Not a regular file (a FIFO such as `<(…)`, `/dev/stdin`, a character device): read as a stream, from its start, once. */
	readonly stream?: boolean;
};

export type ExpandResult = {
	readonly files: readonly InputFile[];
	readonly warnings: readonly string[];
	/** Files left out because another file already holds their lines (klog WARNING/ERROR copies, symlinks to a file already read). */
	readonly skipped: readonly string[];
	/** tar archives (.tar, .tar.gz, .tgz) to read entry by entry, as support bundles. */
	readonly archives: readonly string[];
	/** Support bundles recognised among the folders, e.g. `./sosreport-cp-1-… (sosreport, node cp-1)`. */
	readonly bundles: readonly string[];
};

export const notLogs = /\.(?:ya?ml|crt|key|pem|csr|conf|kubeconfig|md|tar|zip|tgz|so|bin|png|jpe?g|tmp)$/i;
const klogName = /^(?<program>[^.]+)\.(?<host>[^.]+(?:\.[^.]+)*?)\.(?<user>[^.]+)\.log\.(?<severity>INFO|WARNING|ERROR|FATAL)\.(?<stamp>\d{8}-\d{6})\.(?<pid>\d+)(?:\.gz)?$/;
const klogSymlinkName = /^[^.]+\.(?:INFO|WARNING|ERROR|FATAL)$/;
const podDir = /^(?<namespace>[^_/]+)_(?<pod>[^_/]+)_[^_/]+$/;
const containerLink = /^(?<pod>[^_/]+)_(?<namespace>[^_/]+)_(?<container>.+)-[0-9a-f]{64}\.log$/;
const criRotated = /^(?<restart>\d+)\.log(?:\.(?<stamp>\d{8}-\d{6}))?(?:\.gz)?$/;

// kubeadm names the control-plane static pods <component>-<node name>: the node of each component's log.
const staticPod = /^(?:kube-apiserver|kube-controller-manager|kube-scheduler|etcd)-(.+)$/;
const nodeOfPod = (namespace: string | undefined, pod: string): string | undefined =>
	namespace === 'kube-system' ? staticPod.exec(pod)?.[1] : /^kube-apiserver-(.+)$/.exec(pod)?.[1];

/** What a log file's path tells: the pod, container and node of a pod log folder or container log link, the host of a klog file name. */
export function describe(file: string): Pick<InputFile, 'pod' | 'container' | 'host'> {
	const parts = file.split(path.sep);
	for (let i = parts.length - 3; i >= 0; i--) {
		const m = podDir.exec(parts[i]!);
		if (m?.groups && parts.length - i === 3) {
			const pod = m.groups['pod']!;
			return {pod, container: parts[i + 1], host: nodeOfPod(m.groups['namespace'], pod)};
		}
	}

	const link = containerLink.exec(path.basename(file));
	if (link?.groups) {
		const pod = link.groups['pod']!;
		return {pod, container: link.groups['container'], host: nodeOfPod(link.groups['namespace'], pod)};
	}

	const klog = klogName.exec(path.basename(file));
	if (klog?.groups) return {pod: undefined, container: undefined, host: klog.groups['host']};
	return {pod: undefined, container: undefined, host: undefined};
}

/**
 * A bundle collected from several nodes has one folder per node: when a directory's files sit in two or
 * more top-level folders, each folder's name is the host of the files in it that say nothing better.
 */
function withNodeFolders(files: InputFile[], directories: readonly string[]): InputFile[] {
	const splitDirs = directories.filter((dir) => {
		const folders = new Set(files.map((f) => path.relative(dir, f.path)).filter((r) => !r.startsWith('..') && r.includes(path.sep)).map((r) => r.split(path.sep)[0]));
		return folders.size >= 2;
	});
	if (splitDirs.length === 0) return files;
	return files.map((file) => {
		if (file.host !== undefined) return file;
		for (const dir of splitDirs) {
			const relative = path.relative(dir, file.path);
			if (!relative.startsWith('..') && relative.includes(path.sep)) return {...file, host: relative.split(path.sep)[0]};
		}

		return file;
	});
}

/** Oldest first: rotated CRI files before the live one, lower restart counts first, klog files by their time stamp. */
function rotationKey(file: string): string {
	const base = path.basename(file);
	const cri = criRotated.exec(base);
	if (cri?.groups) {
		return `${path.dirname(file)}\u0000${cri.groups['restart']!.padStart(6, '0')}\u0000${cri.groups['stamp'] ?? '99999999-999999'}`;
	}

	const klog = klogName.exec(base);
	if (klog?.groups) return `${path.dirname(file)}\u0000${klog.groups['program']}\u0000${klog.groups['stamp']}\u0000${klog.groups['pid']}`;
	const numbered = /^(?<stem>.*?)(?:\.(?<n>\d+))?(?:\.gz)?$/.exec(base);
	// logrotate: name.log.2.gz is older than name.log.1, which is older than name.log.
	const n = numbered?.groups?.['n'];
	return `${path.dirname(file)}\u0000${numbered?.groups?.['stem'] ?? base}\u0000${n === undefined ? '000000' : String(999_999 - Number(n)).padStart(6, '0')}`;
}

/**
 * Turns the command line's paths (files, directories, globs) into the files to read: directories are
 * walked recursively (walk-directory.ts: symbolic links followed once and only inside the directory),
 * every file read once, non-log files and klog's WARNING/ERROR/FATAL copies of an INFO file left out,
 * rotated files ordered oldest first. `foundOnNode`: the paths are the node's own log places that
 * kubesleuth found itself (not a bundle), so links out of them are followed.
 */
export async function expandInputs(paths: readonly string[], options: {readonly foundOnNode?: boolean} = {}): Promise<ExpandResult> {
	const warnings: string[] = [];
	const skipped: string[] = [];
	const byTarget = new Map<string, string>();
	const links = new Map<string, string>();
	const walkState: WalkState = {files: byTarget, links, visited: new Set(), warnings, followLinksOut: options.foundOnNode === true};
	const explicit = new Set<string>();
	const directories: string[] = [];
	for (const given of paths) {
		let info;
		try {
			info = await lstat(given);
		} catch {
			info = undefined;
		}

		if (info === undefined) {
			// fast-glob is loaded only for a path that is not there (a pattern): some 70 modules no other run needs.
			const fg = (await import('fast-glob')).default;
			if (fg.isDynamicPattern(given)) {
				// `**` does not go through symbolic links either: what a pattern names directly is read, links or not.
				const matches = await fg.async(given, {absolute: false, onlyFiles: false, suppressErrors: true, followSymbolicLinks: false});
				if (matches.length === 0) warnings.push(`${given}: no file matches this pattern`);
				for (const match of matches.sort()) {
					const s = await stat(match).catch(() => undefined);
					if (s?.isDirectory()) await walkDirectory(match, walkState);
					else if (s?.isFile()) {
						const target = await realpath(match);
						if (!byTarget.has(target)) byTarget.set(target, match);
						explicit.add(match);
					}
				}
			} else {
				warnings.push(`${given}: no such file or directory`);
			}

			continue;
		}

		const resolved = info.isSymbolicLink() ? await stat(given).catch(() => undefined) : info;
		if (resolved === undefined) {
			warnings.push(`${given}: symbolic link to nothing, skipped`);
		} else if (resolved.isDirectory()) {
			directories.push(given);
			const before = byTarget.size + links.size;
			const listed = await walkDirectory(given, walkState);
			if (listed && byTarget.size + links.size === before) warnings.push(`${given}: no log files in this directory`);
		} else {
			const target = await realpath(given).catch(() => given);
			if (!byTarget.has(target)) byTarget.set(target, given);
			explicit.add(given);
		}
	}

	// A link is read through its own name only when the file it points to was not reached directly.
	for (const [target, link] of links) {
		if (!byTarget.has(target) && !klogSymlinkName.test(path.basename(link))) byTarget.set(target, link);
		else if (!byTarget.has(target)) byTarget.set(target, target);
	}

	// klog writes every line to its own severity's file and every lower one: INFO already holds them all.
	const klogInfoPids = new Set<string>();
	for (const file of byTarget.values()) {
		const m = klogName.exec(path.basename(file));
		if (m?.groups?.['severity'] === 'INFO') klogInfoPids.add(`${path.dirname(file)}|${m.groups['program']}|${m.groups['pid']}`);
	}

	const files: InputFile[] = [];
	const archives: string[] = [];
	for (const file of byTarget.values()) {
		const base = path.basename(file);
		if (isArchiveName(base)) {
			archives.push(file);
			continue;
		}

		const klog = klogName.exec(base);
		if (klog?.groups && klog.groups['severity'] !== 'INFO' && klogInfoPids.has(`${path.dirname(file)}|${klog.groups['program']}|${klog.groups['pid']}`)) {
			skipped.push(`${file} (its lines are all in the INFO file)`);
			continue;
		}

		if (!explicit.has(file) && (notLogs.test(base) || klogSymlinkName.test(base) || base.startsWith('.'))) {
			continue;
		}

		let info;
		try {
			info = await stat(file);
		} catch (error) {
			warnings.push(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
			continue;
		}

		files.push({path: file, size: info.size, mtime: info.mtimeMs, ...describe(file), ...(info.isFile() ? {} : {stream: true})});
	}

	files.sort((a, b) => compareText(rotationKey(a.path), rotationKey(b.path)));
	const bundled = await applyBundles(directories, files);
	return {files: withNodeFolders(bundled.files, directories), warnings, skipped, archives, bundles: bundled.bundles};
}
