import {createReadStream} from 'node:fs';
import {open, stat} from 'node:fs/promises';
import {gunzipMembers} from './gunzip-members.js';
import {readPlainFile} from './read-plain-file.js';

/** What the first bytes of a source say it holds. */
export type ContentKind = 'text' | 'gzip' | 'utf-16le' | 'utf-16be' | 'zstd' | 'xz' | 'bzip2' | 'binary';

/** The first bytes of a source, to recognise gzip, other compressors, UTF-16 and binary data before reading it all. */
export type Sniffed = {
	readonly kind: ContentKind;
	readonly gzip: boolean;
	/** True for anything that cannot be read as UTF-8 lines as it is (binary data, UTF-16, zstd, xz, bzip2). */
	readonly binary: boolean;
};

const gzipMagic = [0x1f, 0x8b];

// Magic numbers: zstd frame (RFC 8878 §3.1.1), xz stream header, bzip2 "BZh" + block size + block magic (pi).
const magics: readonly (readonly [ContentKind, readonly number[]])[] = [
	['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
	['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
];
const bzip2Block = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];

const startsWith = (head: Uint8Array, magic: readonly number[], at = 0): boolean => head.length >= at + magic.length && magic.every((byte, i) => head[at + i] === byte);

/**
 * Looks at the first bytes: gzip, zstd, xz and bzip2 by their magic numbers (never by name), UTF-16 by its
 * byte order mark, binary by NUL and control bytes.
 */
export function sniff(head: Uint8Array): Sniffed {
	const kind = kindOf(head);
	return {kind, gzip: kind === 'gzip', binary: kind !== 'text' && kind !== 'gzip'};
}

function kindOf(head: Uint8Array): ContentKind {
	if (startsWith(head, gzipMagic)) return 'gzip';
	for (const [kind, magic] of magics) if (startsWith(head, magic)) return kind;
	if (startsWith(head, [0x42, 0x5a, 0x68]) && head[3]! >= 0x31 && head[3]! <= 0x39 && (startsWith(head, bzip2Block, 4) || startsWith(head, [0x17, 0x72, 0x45, 0x38, 0x50, 0x90], 4))) return 'bzip2';
	if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
	if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
	if (head.length === 0) return 'text';
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
	const binary = nul > head.length / 100 + 2 || (nul + control) / head.length > 0.3 || (nul + control + invalid) / head.length > 0.3;
	return binary ? 'binary' : 'text';
}

/** The sentence for content kubesleuth does not read, or undefined when it reads it. */
export function unreadableReason(kind: ContentKind): string | undefined {
	switch (kind) {
		case 'text':
		case 'gzip':
		case 'utf-16le':
		case 'utf-16be':
			return undefined;
		case 'zstd':
		case 'xz':
			return `compressed with ${kind}: decompress it first (${kind} -dc FILE | kubesleuth)`;
		case 'bzip2':
			return 'compressed with bzip2: decompress it first (bzip2 -dc FILE | kubesleuth)';
		case 'binary':
			return 'looks like binary data, not a log';
		default:
			return kind satisfies never;
	}
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

/** What reading a source met that did not stop it: a warning in the report. */
export type ReadWarning = (message: string) => void;

export type FileBytesOptions = {
	readonly warn?: ReadWarning;
	/**
	 * The head was sniffed as plain text of a regular file: it is read with positioned reads into reused
	 * buffers (`readPlainFile`), the fast path, instead of a stream.
	 */
	readonly plain?: boolean;
	/** Bytes per positioned read of a plain file. */
	readonly readSize?: number;
	/** The file's size when it was listed: reading fewer bytes means it was cut while being read. */
	readonly expectedSize?: number;
};

/**
 * Bytes of a file as UTF-8 text: decompressed when it is gzip (every member, as gzip -d), decoded when it
 * is UTF-16 with a byte order mark, and checked after decompression as stdin is. Errors surface when iterating.
 * Works on FIFOs and character devices too (no positioned reads).
 */
export function fileBytes(path: string, gzip: boolean, options: FileBytesOptions = {}): AsyncIterable<Uint8Array> {
	if (options.plain === true && !gzip) {
		const pieces = readPlainFile(path, options.readSize);
		return options.expectedSize === undefined ? pieces : watchTruncation(pieces, path, options.expectedSize, options.warn);
	}

	const raw = createReadStream(path, {highWaterMark: 1 << 18});
	const counted = options.expectedSize === undefined ? raw : watchTruncation(raw, path, options.expectedSize, options.warn);
	return textBytes(counted, options.warn, gzip ? 'gzip' : undefined);
}

// Counts the bytes read; fewer than the size the file had when listed, and smaller now, means it was truncated.
async function* watchTruncation(stream: AsyncIterable<Uint8Array>, path: string, expected: number, warn: ReadWarning | undefined): AsyncGenerator<Uint8Array> {
	let read = 0;
	for await (const piece of stream) {
		read += piece.length;
		yield piece;
	}

	if (read < expected) {
		const now = await stat(path).then((s) => s.size).catch(() => undefined);
		warn?.(`was truncated while it was read: ${read} of its ${expected} bytes were read${now === undefined ? '' : ` (it now has ${now})`}; the report covers those lines only`);
	}
}

/** A byte stream (stdin, a FIFO) whose first bytes decide how it is read: see `textBytes`. */
export function maybeGunzip(stream: AsyncIterable<Uint8Array>, warn?: ReadWarning): AsyncIterable<Uint8Array> {
	return textBytes(stream, warn);
}

/**
 * Reads a byte stream as UTF-8 log text, deciding from its first bytes: gzip is decompressed (as gzip -d,
 * then looked at again, so binary data inside a .gz is refused as stdin's is), UTF-16 with a BOM decoded,
 * zstd, xz and bzip2 named, binary data refused. `known` skips the look when the caller has sniffed the head.
 */
export async function* textBytes(stream: AsyncIterable<Uint8Array>, warn?: ReadWarning, known?: 'gzip', depth = 0): AsyncGenerator<Uint8Array> {
	const iterator = stream[Symbol.asyncIterator]();
	// A pipe can hand over a few bytes at a time: enough for the magic numbers before deciding.
	const head: Uint8Array[] = [];
	let headLength = 0;
	let done = false;
	while (headLength < 16) {
		const next = await iterator.next();
		if (next.done) {
			done = true;
			break;
		}

		head.push(next.value);
		headLength += next.value.length;
	}

	if (headLength === 0) return;
	const first = head.length === 1 ? head[0]! : Buffer.concat(head);
	const rest: AsyncIterable<Uint8Array> = {
		async *[Symbol.asyncIterator]() {
			yield first;
			if (done) return;
			for (;;) {
				const next = await iterator.next();
				if (next.done) return;
				yield next.value;
			}
		},
	};
	const kind = known ?? sniff(first.subarray(0, 8192)).kind;
	if (kind === 'gzip' && depth === 0) {
		yield* textBytes(gunzipMembers(rest, warn ?? (() => undefined)), warn, undefined, depth + 1);
		return;
	}

	if (kind === 'utf-16le' || kind === 'utf-16be') {
		yield* decodeUtf16(rest, kind);
		return;
	}

	// gzip inside gzip is no log either.
	const reason = kind === 'gzip' ? 'gzip data inside gzip data, not a log' : unreadableReason(kind);
	if (reason !== undefined) {
		await iterator.return?.();
		throw new Error(`${reason}; skipped`);
	}

	yield* rest;
}

async function* decodeUtf16(stream: AsyncIterable<Uint8Array>, encoding: 'utf-16le' | 'utf-16be'): AsyncGenerator<Uint8Array> {
	// The decoder drops the byte order mark and keeps a character split between pieces for the next one.
	const decoder = new TextDecoder(encoding);
	for await (const piece of stream) {
		const text = decoder.decode(piece, {stream: true});
		if (text.length > 0) yield Buffer.from(text, 'utf8');
	}

	const last = decoder.decode();
	if (last.length > 0) yield Buffer.from(last, 'utf8');
}
