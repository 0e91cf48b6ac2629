import type {Dirent} from 'node:fs';
import {readdir, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {compareText} from './compare-text.js';

/** What the walks of one expandInputs call found so far; walks add to it. */
export type WalkState = {
	/** Regular files reached directly: real path → the path they are read as. */
	readonly files: Map<string, string>;
	/** Files reached through a symbolic link inside the directory: real path → the link. */
	readonly links: Map<string, string>;
	/** Real paths of the directories walked, so that each is walked once. */
	readonly visited: Set<string>;
	readonly warnings: string[];
	/**
	 * Follow symbolic links out of the directory too: only for the places kubesleuth found on this node
	 * itself (/var/log/pods, whose files a Docker runtime links into /var/lib/docker), never for a bundle.
	 */
	readonly followLinksOut: boolean;
};

/** Linux's PATH_MAX: a path of this many bytes or more (with its terminating NUL) cannot be opened. */
export const pathMaxBytes = 4096;
/** Warnings of one kind (links out of the bundle, paths too long) named one by one, per directory given. */
const namedWarnings = 20;

type Tally = {readonly given: string; outside: number; tooLong: number};

const reasons: Readonly<Record<string, string>> = {
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	ENAMETOOLONG: `path longer than ${pathMaxBytes} bytes`,
	ELOOP: 'too many levels of symbolic links',
	ENOENT: 'it is gone',
	EIO: 'input/output error',
};

const reason = (error: unknown): string => {
	const e = error as NodeJS.ErrnoException;
	return (e.code === undefined ? undefined : reasons[e.code]) ?? e.message ?? String(error);
};

/** `a` is `b` or lies under it (both real paths). */
const isWithin = (a: string, b: string): boolean => a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);

/** A path too long to show whole: its start and its end, with its length. */
const shortened = (file: string): string => `${file.slice(0, 100)}…${file.slice(-60)} (${Buffer.byteLength(file)} bytes)`;

function warnTooLong(state: WalkState, tally: Tally, file: string): void {
	tally.tooLong++;
	if (tally.tooLong <= namedWarnings) state.warnings.push(`${shortened(file)}: path longer than the system's limit of ${pathMaxBytes} bytes, not read`);
}

/** Every entry under root (its dot-files and dot-folders left out), not following symbolic links, sorted by path. */
async function listTree(root: string, state: WalkState, tally: Tally): Promise<{entries: {file: string; relative: string; dirent: Dirent}[]; listed: boolean}> {
	const entries: {file: string; relative: string; dirent: Dirent}[] = [];
	const pending = [''];
	let listed = false;
	while (pending.length > 0) {
		const relative = pending.pop()!;
		const dir = relative === '' ? root : path.join(root, relative);
		let dirents: Dirent[];
		try {
			dirents = await readdir(dir, {withFileTypes: true});
		} catch (error) {
			state.warnings.push(`${dir}: cannot list the directory (${reason(error)}); nothing under it was read`);
			continue;
		}

		if (relative === '') listed = true;
		for (const dirent of dirents) {
			if (dirent.name.startsWith('.')) continue;
			const childRelative = relative === '' ? dirent.name : path.join(relative, dirent.name);
			const file = path.join(root, childRelative);
			if (Buffer.byteLength(file) >= pathMaxBytes) {
				warnTooLong(state, tally, file);
				continue;
			}

			entries.push({file, relative: childRelative, dirent});
			if (dirent.isDirectory()) pending.push(childRelative);
		}
	}

	entries.sort((a, b) => compareText(a.relative, b.relative));
	return {entries, listed};
}

async function walkWithin(dir: string, boundary: string, state: WalkState, tally: Tally): Promise<boolean> {
	const real = await realpath(dir).catch(() => undefined);
	if (real === undefined || state.visited.has(real)) return real !== undefined;
	state.visited.add(real);
	const {entries, listed} = await listTree(dir, state, tally);
	// Linked directories are walked after this one's own files, so a file is named by its real path when it has one.
	const linkedDirectories: string[] = [];
	for (const {file, dirent} of entries) {
		if (dirent.isSymbolicLink()) {
			let target: string;
			try {
				target = await realpath(file);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENAMETOOLONG') warnTooLong(state, tally, file);
				else state.warnings.push(`${file}: symbolic link to nothing (or a loop), skipped`);
				continue;
			}

			// A link to the folder it is in or to one above it (`ln -s .. loop`) is a loop, not a way in or out.
			const here = await realpath(path.dirname(file)).catch(() => path.dirname(file));
			if (isWithin(here, target)) continue;
			if (!state.followLinksOut && !isWithin(target, boundary)) {
				tally.outside++;
				if (tally.outside <= namedWarnings) state.warnings.push(`${file}: symbolic link to ${target}, outside ${tally.given}: not followed (name it on the command line to read it)`);
				continue;
			}

			const info = await stat(target).catch(() => undefined);
			if (info?.isDirectory()) linkedDirectories.push(file);
			else if (info?.isFile() && !state.links.has(target)) state.links.set(target, file);
		} else if (dirent.isFile()) {
			const target = await realpath(file).catch(() => file);
			if (!state.files.has(target)) state.files.set(target, file);
		}
	}

	for (const linked of linkedDirectories) await walkWithin(linked, boundary, state, tally);
	return listed;
}

/**
 * Walks a directory given on the command line (a symbolic link to one is followed): every regular file
 * under it, each once, and symbolic links whose target lies inside it. A link out of it (`etc -> /etc` in
 * a bundle), a folder that cannot be listed and a path too long to open become warnings. Returns false
 * when the directory itself could not be listed.
 */
export async function walkDirectory(given: string, state: WalkState): Promise<boolean> {
	let boundary: string;
	try {
		boundary = await realpath(given);
	} catch (error) {
		state.warnings.push(`${given}: cannot list the directory (${reason(error)})`);
		return false;
	}

	const tally: Tally = {given, outside: 0, tooLong: 0};
	const listed = await walkWithin(given, boundary, state, tally);
	if (tally.outside > namedWarnings) state.warnings.push(`${given}: ${tally.outside - namedWarnings} more symbolic links to places outside it, not followed`);
	if (tally.tooLong > namedWarnings) state.warnings.push(`${given}: ${tally.tooLong - namedWarnings} more paths longer than ${pathMaxBytes} bytes, not read`);
	return listed;
}
