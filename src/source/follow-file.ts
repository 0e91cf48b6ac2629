import {watch} from 'node:fs';
import {open, stat, type FileHandle} from 'node:fs/promises';
import {basename, dirname} from 'node:path';

/**
 * Watches a path (a file, or a directory: then `onChange` gets the name of the entry that changed, when known) until
 * closed; `onError` when the watch breaks. Undefined when it cannot be watched. fs.watch by default.
 */
export type WatchPath = (path: string, onChange: (name: string | undefined) => void, onError: () => void) => {close(): void} | undefined;

const watchPath: WatchPath = (target, onChange, onError) => {
	try {
		const watcher = watch(target, {persistent: false}, (_event, name) => onChange(name ?? undefined));
		watcher.on('error', onError);
		return watcher;
	} catch {
		return undefined;
	}
};

/** How to follow a file. */
export type FollowOptions = {
	/** Following stops, and the generator returns, when this fires. */
	readonly signal: AbortSignal;
	/** Stat fallback for when fs.watch misses a change (network file systems, some overlays); default 250 ms. */
	readonly pollMs?: number;
	/** How changes are watched (tests); fs.watch by default. */
	readonly watch?: WatchPath;
	readonly chunkBytes?: number;
	/** Called once, the first time the reader reaches the end of what the file held. */
	readonly onCaughtUp?: () => void;
};

type Opened = {readonly handle: FileHandle; readonly dev: number; readonly ino: number};

async function openFile(path: string): Promise<Opened> {
	const handle = await open(path, 'r');
	try {
		const info = await handle.stat();
		return {handle, dev: info.dev, ino: info.ino};
	} catch (error) {
		await handle.close();
		throw error;
	}
}

/**
 * Wakes a waiting reader on watch events, on a timer, or on abort. The file is watched (it grew, was truncated or
 * renamed) and so is its directory, for the new file a rotation puts at the path.
 */
function createWaker(file: string, signal: AbortSignal, pollMs: number, watchFile: WatchPath): {watch(): void; wait(): Promise<void>; close(): void} {
	let watcher: {close(): void} | undefined;
	let wake: (() => void) | undefined;
	let pending = false;
	const fire = (): void => {
		pending = true;
		wake?.();
	};

	const closeWatcher = (): void => {
		watcher?.close();
		watcher = undefined;
	};

	const name = basename(file);
	// A watcher that breaks (the file went away, too many watches) leaves the stat fallback in charge.
	let directory = watchFile(dirname(file), (changed) => (changed === undefined || changed === name) && fire(), () => {
		directory?.close();
		directory = undefined;
	});
	signal.addEventListener('abort', fire, {once: true});
	return {
		watch() {
			closeWatcher();
			// The file's own watch follows its inode: a new one after rotation.
			watcher = watchFile(file, fire, closeWatcher);
		},
		async wait() {
			if (pending || signal.aborted) {
				pending = false;
				return;
			}

			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, pollMs);
				wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
			wake = undefined;
			pending = false;
		},
		close() {
			closeWatcher();
			directory?.close();
			directory = undefined;
			signal.removeEventListener('abort', fire);
			wake?.();
		},
	};
}

/**
 * Bytes of a file read to its end and then followed as it grows, like `tail -F`: when the path is
 * replaced by a new file (rotation: a new inode) the rest of the old file is read and the new one
 * read from its start; when the file shrinks (truncation) reading starts over. Changes are noticed
 * by fs.watch at once, with a stat every `pollMs` as the fallback. Returns when `signal` fires.
 */
export async function* followFile(path: string, options: FollowOptions): AsyncGenerator<Uint8Array> {
	const {signal} = options;
	const chunkBytes = options.chunkBytes ?? 1 << 20;
	let file = await openFile(path);
	const waker = createWaker(path, signal, options.pollMs ?? 250, options.watch ?? watchPath);
	let position = 0;
	let caughtUp = false;
	waker.watch();
	try {
		while (!signal.aborted) {
			const buffer = Buffer.allocUnsafe(chunkBytes);
			const {bytesRead} = await file.handle.read(buffer, 0, chunkBytes, position);
			if (bytesRead > 0) {
				position += bytesRead;
				yield buffer.subarray(0, bytesRead);
				continue;
			}

			if (!caughtUp) {
				caughtUp = true;
				options.onCaughtUp?.();
			}

			// The path may be missing for a moment during rotation: keep the old file until a new one appears.
			const current = await stat(path).catch(() => undefined);
			if (current !== undefined && current.isFile() && (current.ino !== file.ino || current.dev !== file.dev)) {
				const next = await openFile(path).catch(() => undefined);
				if (next !== undefined) {
					// Everything the old file held was read just above (its read returned 0 bytes).
					await file.handle.close();
					file = next;
					position = 0;
					waker.watch();
					continue;
				}
			}

			const own = await file.handle.stat();
			if (own.size < position) {
				position = 0;
				continue;
			}

			await waker.wait();
		}
	} finally {
		waker.close();
		await file.handle.close().catch(() => undefined);
	}
}
