import type {InflateRaw} from 'node:zlib';
import {asBuffer} from './source-chunk.js';

/** What reading a .gz met that did not stop it (trailing garbage): named in the report, the lines kept. */
export type GunzipWarning = (message: string) => void;

/** An error inside the gzip data itself: the lines before it were read. */
export class GzipDataError extends Error {
	readonly code = 'Z_DATA_ERROR';
}

// RFC 1952 §2.3: ID1 ID2 CM FLG MTIME(4) XFL OS, then the optional fields FLG announces.
const fixedHeader = 10;
const flags = {hcrc: 2, extra: 4, name: 8, comment: 16} as const;
// A header longer than this (a file name or comment without its end) is not a header.
const maxHeader = 64 * 1024;

/** The length of the gzip member header at the start of `bytes`, 'more' when it is not complete yet, or the reason it is no header. */
export function gzipHeaderLength(bytes: Uint8Array): number | 'more' | 'not gzip' | 'unknown method' {
	if (bytes.length >= 1 && bytes[0] !== 0x1f) return 'not gzip';
	if (bytes.length >= 2 && bytes[1] !== 0x8b) return 'not gzip';
	if (bytes.length < fixedHeader) return 'more';
	if (bytes[2] !== 8) return 'unknown method';
	const flg = bytes[3]!;
	let at = fixedHeader;
	if (flg & flags.extra) {
		if (bytes.length < at + 2) return 'more';
		at += 2 + bytes[at]! + (bytes[at + 1]! << 8);
	}

	for (const flag of [flags.name, flags.comment]) {
		if (!(flg & flag)) continue;
		const end = bytes.indexOf(0, at);
		if (end === -1) return bytes.length > maxHeader ? 'not gzip' : 'more';
		at = end + 1;
	}

	if (flg & flags.hcrc) at += 2;
	if (at > maxHeader) return 'not gzip';
	return bytes.length < at ? 'more' : at;
}

type Pending = {buffer: Buffer};

/**
 * Decompresses gzip as `gzip -d` does: every member one after the other, zero padding after the last one
 * ignored, and other trailing bytes ignored with a warning, keeping every line before them. Node's own
 * Gunzip drops the output of the piece in which it meets such bytes (on a small file: all of it).
 * Damage inside a member ends the stream with a `GzipDataError` after everything before it.
 */
export async function* gunzipMembers(input: AsyncIterable<Uint8Array>, warn: GunzipWarning): AsyncGenerator<Buffer> {
	const iterator = input[Symbol.asyncIterator]();
	const pending: Pending = {buffer: Buffer.alloc(0)};
	let inputDone = false;
	const pull = async (): Promise<boolean> => {
		if (inputDone) return false;
		const next = await iterator.next();
		if (next.done) {
			inputDone = true;
			return false;
		}

		const piece = asBuffer(next.value);
		pending.buffer = pending.buffer.length === 0 ? piece : Buffer.concat([pending.buffer, piece]);
		return true;
	};

	try {
		for (let member = 0; ; member++) {
			let header = gzipHeaderLength(pending.buffer);
			while (header === 'more' && (await pull())) header = gzipHeaderLength(pending.buffer);
			if (pending.buffer.length === 0 && inputDone) {
				if (member === 0) throw new GzipDataError('unexpected end of file');
				return;
			}

			if (typeof header !== 'number') {
				if (member === 0) throw new GzipDataError(header === 'more' ? 'unexpected end of file' : header === 'unknown method' ? 'unknown compression method' : 'incorrect header check');
				if (await onlyZeros(pending, pull)) return;
				warn(`trailing data after the gzip data was ignored (${header === 'more' ? 'a cut gzip header' : header === 'unknown method' ? 'a gzip member of an unknown method' : 'not gzip'}), as gzip -d does; the lines before it were read`);
				return;
			}

			pending.buffer = pending.buffer.subarray(header);
			const size = yield* inflateMember(pending, pull);
			// The member's trailer: CRC-32 and ISIZE (its length modulo 2^32), checked as gzip -d checks them.
			while (pending.buffer.length < 8 && (await pull()));
			if (pending.buffer.length < 8) throw new GzipDataError('unexpected end of file');
			if (pending.buffer.readUInt32LE(4) !== size % 2 ** 32) throw new GzipDataError('length check failed');
			pending.buffer = pending.buffer.subarray(8);
			if (pending.buffer.length === 0 && !(await pull())) return;
		}
	} finally {
		await iterator.return?.();
	}
}

// gzip -d ignores zero bytes after the last member (tape padding) without a word.
async function onlyZeros(pending: Pending, pull: () => Promise<boolean>): Promise<boolean> {
	for (;;) {
		if (pending.buffer.some((byte) => byte !== 0)) return false;
		pending.buffer = Buffer.alloc(0);
		if (!(await pull())) return true;
	}
}

/**
 * Inflates one member's deflate data from `pending` on, pulling more input as needed, and leaves in
 * `pending` the bytes after it. Returns the member's decompressed length.
 */
async function* inflateMember(pending: Pending, pull: () => Promise<boolean>): AsyncGenerator<Buffer, number> {
	// Loaded at the first member: zlib is a millisecond or two of every start, and most logs are not compressed.
	const {createInflateRaw} = await import('node:zlib');
	const inflate: InflateRaw = createInflateRaw({chunkSize: 1 << 18});
	const out: Buffer[] = [];
	let failure: Error | undefined;
	let size = 0;
	inflate.on('data', (piece: Buffer) => {
		out.push(piece);
		size += piece.length;
	});
	inflate.on('error', (error) => {
		failure = error;
	});
	// Bytes written to this member's inflater; `bytesWritten` is what it consumed: less once the member ends.
	let written = 0;
	const write = async (piece: Buffer): Promise<void> =>
		new Promise((resolve) => {
			const settle = (): void => resolve();
			inflate.once('error', settle);
			inflate.write(piece, () => {
				inflate.off('error', settle);
				resolve();
			});
		});

	try {
		for (;;) {
			// 64 KiB at a time keeps what one write can produce bounded, whatever the compression ratio.
			while (pending.buffer.length > 0) {
				const piece = pending.buffer.subarray(0, 1 << 16);
				written += piece.length;
				await write(piece);
				yield* out.splice(0);
				if (failure !== undefined) throw new GzipDataError(failure.message);
				const consumed = inflate.bytesWritten;
				if (consumed < written) {
					pending.buffer = pending.buffer.subarray(piece.length - (written - consumed));
					return size;
				}

				pending.buffer = pending.buffer.subarray(piece.length);
			}

			if (!(await pull())) {
				// The input ended inside the member: what it held so far, then the damage.
				await new Promise<void>((resolve) => {
					inflate.once('end', resolve);
					inflate.once('error', () => resolve());
					inflate.end();
				});
				yield* out.splice(0);
				throw new GzipDataError(failure?.message ?? 'unexpected end of file');
			}
		}
	} finally {
		inflate.destroy();
	}
}
