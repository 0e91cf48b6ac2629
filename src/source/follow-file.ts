import {watch, type FSWatcher} from 'node:fs';
import {open, stat, type FileHandle} from 'node:fs/promises';

/** How to follow a file. */
export type FollowOptions = {
	/** Following stops, and the generator returns, when this fires. */
	readonly signal: AbortSignal;
	/** Stat fallback for when fs.watch misses a change (rotation, network file systems). */
	readonly pollMs?: number;
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

/** Wakes a waiting reader on fs.watch events, on a timer, or on abort. */
function createWaker(signal: AbortSignal, pollMs: number): {watch(path: string): void; wait(): Promise<void>; close(): void} {
	let watcher: FSWatcher | undefined;
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

	signal.addEventListener('abort', fire, {once: true});
	return {
		watch(path) {
			closeWatcher();
			try {
				watcher = watch(path, {persistent: false}, fire);
				// A watcher that breaks (the file went away, too many watches) leaves the stat fallback in charge.
				watcher.on('error', closeWatcher);
			} catch {
				watcher = undefined;
			}
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
			signal.removeEventListener('abort', fire);
			wake?.();
		},
	};
}

/**
 * Bytes of a file read to its end and then followed as it grows, like `tail -F`: when the path is
 * replaced by a new file (rotation: a new inode) the rest of the old file is read and the new one
 * read from its start; when the file shrinks (truncation) reading starts over. Changes are noticed
 * by fs.watch, with a stat every `pollMs` as the fallback. Returns when `signal` fires.
 */
export async function* followFile(path: string, options: FollowOptions): AsyncGenerator<Uint8Array> {
	const {signal} = options;
	const chunkBytes = options.chunkBytes ?? 1 << 20;
	const waker = createWaker(signal, options.pollMs ?? 500);
	let file = await openFile(path);
	let position = 0;
	let caughtUp = false;
	waker.watch(path);
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
					waker.watch(path);
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
