import {createReadStream} from 'node:fs';
import {open} from 'node:fs/promises';
import {createGunzip} from 'node:zlib';
import type {Readable} from 'node:stream';

/** The first bytes of a source, to recognise gzip and binary data before reading it all. */
export type Sniffed = {readonly gzip: boolean; readonly binary: boolean};

const gzipMagic = [0x1f, 0x8b];

/** Looks at the first bytes: gzip by its magic number (never by name), binary by NUL and control bytes. */
export function sniff(head: Uint8Array): Sniffed {
	const gzip = head.length >= 2 && head[0] === gzipMagic[0] && head[1] === gzipMagic[1];
	if (gzip || head.length === 0) return {gzip, binary: false};
	let nul = 0;
	let control = 0;
	for (const byte of head) {
		if (byte === 0) nul++;
		else if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 27) control++;
	}

	// A NUL or two can be a broken log line; text with many of them, or mostly control bytes, is not a log.
	// Random or compressed bytes have few NULs (1 in 256) but are mostly invalid UTF-8: a log in a legacy
	// 8-bit encoding has a few such bytes, binary data has one in two or more.
	const invalid = nul + control > head.length / 100 ? invalidUtf8Bytes(head) : 0;
	return {gzip, binary: nul > head.length / 100 + 2 || (nul + control) / head.length > 0.3 || (nul + control + invalid) / head.length > 0.3};
}

// Each byte that cannot be decoded becomes one U+FFFD; the last 3 bytes may be a character cut by the head's end.
function invalidUtf8Bytes(head: Uint8Array): number {
	const text = Buffer.from(head.buffer, head.byteOffset, Math.max(0, head.length - 3)).toString('utf8');
	let count = 0;
	for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
	return count;
}

export async function readHead(path: string, length = 8192): Promise<Uint8Array> {
	const handle = await open(path, 'r');
	try {
		const buffer = Buffer.alloc(length);
		const {bytesRead} = await handle.read(buffer, 0, length, 0);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}

/** The last non-empty line of a plain file (read from its last 64 KiB), for year inference. */
export async function readLastLine(path: string, size: number): Promise<string | undefined> {
	const length = Math.min(size, 65_536);
	if (length === 0) return undefined;
	const handle = await open(path, 'r');
	try {
		const buffer = Buffer.alloc(length);
		const {bytesRead} = await handle.read(buffer, 0, length, size - length);
		const lines = buffer.toString('utf8', 0, bytesRead).split('\n');
		for (let i = lines.length - 1; i >= 0; i--) {
			const line = lines[i]!.trim();
			if (line !== '' && (i > 0 || length === size)) return line;
		}

		return undefined;
	} finally {
		await handle.close();
	}
}

/** Bytes of a file, decompressed when it is gzip. Errors surface when iterating. */
export function fileBytes(path: string, gzip: boolean): Readable {
	const raw = createReadStream(path, {highWaterMark: 1 << 18});
	if (!gzip) return raw;
	const gunzip = createGunzip({chunkSize: 1 << 20});
	raw.on('error', (error) => gunzip.destroy(error));
	return raw.pipe(gunzip);
}

/** A byte stream (stdin) whose first bytes decide whether it is gzip. */
export async function* maybeGunzip(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	const iterator = stream[Symbol.asyncIterator]();
	const first = await iterator.next();
	if (first.done) return;
	const rest: AsyncIterable<Uint8Array> = {
		[Symbol.asyncIterator]: () => ({
			next: async () => iterator.next(),
		}),
	};
	if (!sniff(first.value).gzip) {
		yield first.value;
		yield* rest;
		return;
	}

	const gunzip = createGunzip({chunkSize: 1 << 20});
	void (async () => {
		try {
			gunzip.write(first.value);
			for await (const piece of rest) {
				if (!gunzip.write(piece)) await new Promise((resolve) => gunzip.once('drain', resolve));
			}

			gunzip.end();
		} catch (error) {
			gunzip.destroy(error as Error);
		}
	})();
	yield* gunzip;
}

/** A stream (stdin) that turns out to be binary data ends with an error saying so, as a file would be skipped. */
export async function* rejectBinary(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	let first = true;
	for await (const piece of stream) {
		if (first && sniff(piece.subarray(0, 8192)).binary) throw new Error('looks like binary data, not a log; skipped');
		first = false;
		yield piece;
	}
}
