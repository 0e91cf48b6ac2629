import {isAscii} from 'node:buffer';
import type {SourceChunk} from '../pipeline/diagnosis-session.js';

export type LineChunkOptions = {
	/** Longest line kept, in bytes; the rest of a longer line is skipped and the line counted as truncated. */
	readonly maxLineBytes: number;
	/** Called once when the text turned out not to be valid UTF-8. */
	readonly onInvalidUtf8?: () => void;
};

const newline = 10;

/**
 * Our chunk splitter: turns a byte stream into decoded chunks that hold whole lines only, so the
 * pipeline can split lines with `indexOf` on one flat string. Lines are cut in bytes at newlines, which
 * never fall inside a UTF-8 sequence. A line longer than `maxLineBytes` is cut there and the rest of it
 * is dropped as it streams by, so memory stays bounded whatever the input.
 */
export async function* readLineChunks(bytes: AsyncIterable<Uint8Array>, options: LineChunkOptions): AsyncGenerator<SourceChunk> {
	let carry: Buffer | undefined;
	let skippingLongLine = false;
	let invalidReported = false;
	// Bytes read but not yet handed on in a chunk (a line still growing, or the skipped rest of a cut line).
	let pendingBytes = 0;
	const decode = (buffer: Buffer, start: number, end: number): string => {
		const bytes = buffer.subarray(start, end);
		// Most logs are pure ASCII: checking that and copying the bytes as latin1 (the same text then) is
		// three times faster than UTF-8 decoding, and cannot meet an invalid sequence.
		if (isAscii(bytes)) return bytes.toString('latin1');
		const text = bytes.toString('utf8');
		if (!invalidReported && text.includes('\uFFFD')) {
			invalidReported = true;
			options.onInvalidUtf8?.();
		}

		return text;
	};

	for await (const piece of bytes) {
		const input = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
		let start = 0;
		let truncatedLines = 0;
		let prefix = '';
		pendingBytes += input.length;
		if (skippingLongLine) {
			const end = input.indexOf(newline);
			if (end === -1) continue;
			skippingLongLine = false;
			start = end + 1;
		}

		let buffer = carry === undefined || carry.length === 0 ? input.subarray(start) : Buffer.concat([carry, input.subarray(start)]);
		carry = undefined;
		const last = buffer.lastIndexOf(newline);
		if (last === -1) {
			if (buffer.length > options.maxLineBytes) {
				prefix = decode(buffer, 0, options.maxLineBytes) + '\n';
				truncatedLines++;
				skippingLongLine = true;
				yield {text: prefix, bytes: pendingBytes, truncatedLines};
				pendingBytes = 0;
			} else {
				carry = Buffer.from(buffer);
			}

			continue;
		}

		const rest = buffer.subarray(last + 1);
		if (rest.length > options.maxLineBytes) {
			// The tail alone is already too long: keep its head as a cut line and skip to its end.
			buffer = buffer.subarray(0, last + 1);
			prefix = decode(rest, 0, options.maxLineBytes) + '\n';
			truncatedLines++;
			skippingLongLine = true;
		} else if (rest.length > 0) {
			carry = Buffer.from(rest);
		}

		const text = decode(buffer, 0, last + 1);
		// The bytes go along when they are exactly the text's (ASCII): the pre-filter searches them directly.
		yield {text: text + prefix, bytes: pendingBytes, truncatedLines, raw: prefix === '' && text.length === last + 1 ? buffer.subarray(0, last + 1) : undefined};
		pendingBytes = 0;
	}

	if ((carry !== undefined && carry.length > 0) || pendingBytes > 0) {
		yield {text: carry === undefined ? '' : decode(carry, 0, carry.length), bytes: pendingBytes};
	}
}
