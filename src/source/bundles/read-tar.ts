import {createReadStream} from 'node:fs';
import {Parser, type ReadEntry} from 'tar';

/** One regular file of a tar archive: its body must be read (or left) before the next one comes. */
export type TarFile = {
	/** The path inside the archive, without a leading `/` or `./`. */
	readonly path: string;
	readonly size: number;
	/** ms since epoch, when the header has it. */
	readonly mtime: number | undefined;
	readonly body: AsyncIterable<Uint8Array>;
};

/** `a/b` from `./a/b`, `/a/b` or `a//b`: a name to show and match, never a place to write to. */
export function entryPath(raw: string): string {
	return raw.replace(/^(?:\.?\/)+/, '').replace(/\/{2,}/g, '/');
}

/**
 * The regular files of a tar archive (plain or gzip, recognised by its bytes), streamed in archive order, one
 * at a time: the archive is read only as fast as the bodies are consumed. Links, devices and folders are
 * skipped; nothing is written to disk. `want` picks the files to yield; the others are read past. Problems
 * the tar reader can step over (a bad header, a truncated archive) go to `warn`; a file that cannot be read throws.
 */
export async function* readTarFiles(file: string, want: (path: string) => boolean, warn: (message: string) => void = () => {}): AsyncGenerator<TarFile> {
	const pending: ReadEntry[] = [];
	let ended = false;
	let failure: Error | undefined;
	let wake: (() => void) | undefined;
	const signal = (): void => {
		wake?.();
		wake = undefined;
	};

	const parser = new Parser({strict: false});
	parser.on('entry', (entry: ReadEntry) => {
		if ((entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') || !want(entryPath(entry.path))) {
			entry.resume();
			return;
		}

		pending.push(entry);
		signal();
	});
	parser.on('warn', (code: string, message: string | Error) => warn(`${code}: ${message instanceof Error ? message.message : message}`));
	parser.on('end', () => {
		ended = true;
		signal();
	});
	parser.on('error', (error: Error) => {
		failure = error;
		signal();
	});
	const stream = createReadStream(file, {highWaterMark: 1 << 18});
	stream.on('error', (error) => {
		failure = error;
		signal();
	});
	stream.pipe(parser);
	try {
		while (true) {
			const entry = pending.shift();
			if (entry !== undefined) {
				try {
					yield {path: entryPath(entry.path), size: entry.size ?? 0, mtime: entry.mtime?.getTime(), body: entry};
				} finally {
					// Whatever the reader left unread is read past, so the archive goes on.
					entry.resume();
				}

				continue;
			}

			if (failure !== undefined) throw failure;
			if (ended) return;
			await new Promise<void>((resolve) => {
				wake = resolve;
			});
		}
	} finally {
		stream.destroy();
	}
}
