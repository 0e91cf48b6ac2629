import {isAscii, isUtf8} from 'node:buffer';
import {asBuffer, type SourceChunk} from './source-chunk.js';

export type LineChunkOptions = {
	/** Longest line kept, in bytes; the rest of a longer line is skipped and the line counted as truncated. */
	readonly maxLineBytes: number;
	/** Called once when the text turned out not to be valid UTF-8. */
	readonly onInvalidUtf8?: () => void;
};

const newline = 10;

/**
 * Our chunk splitter: turns a byte stream into chunks that hold whole lines only, without copying or
 * decoding them: the pipeline walks, searches and skims the bytes and decodes only the lines it parses. A
 * line split between two pieces is the only one copied. Newlines never fall inside a UTF-8 sequence, so a
 * chunk of whole lines is whole characters too. A line longer than `maxLineBytes` is cut there and the rest
 * of it dropped as it streams by, so memory stays bounded whatever the input. The chunks are views of the
 * pieces: valid until the next one is asked for (see `SourceChunk`).
 */
export async function* readLineChunks(pieces: AsyncIterable<Uint8Array>, options: LineChunkOptions): AsyncGenerator<SourceChunk> {
	const max = options.maxLineBytes;
	// The start of a line that the last piece ended inside (a copy: the piece's buffer may be reused).
	let carry: Buffer | undefined;
	let skippingLongLine = false;
	let invalidReported = false;
	// Bytes read but not yet handed on in a chunk (a line still growing, or the skipped rest of a cut line).
	let pending = 0;
	let truncated = 0;
	const checked = (bytes: Uint8Array): Uint8Array => {
		// Most logs are ASCII, which is checked at many bytes a cycle; the rest is checked as UTF-8 once.
		if (!invalidReported && !isAscii(bytes) && !isUtf8(bytes)) {
			invalidReported = true;
			options.onInvalidUtf8?.();
		}

		return bytes;
	};

	const chunk = (bytes: Uint8Array): SourceChunk => {
		const out: SourceChunk = {bytes: checked(bytes), consumed: pending, truncatedLines: truncated};
		pending = 0;
		truncated = 0;
		return out;
	};

	// The head of an over-long line, kept as a line of its own; its rest is skipped up to its newline.
	const cut = (line: Uint8Array): SourceChunk => {
		const head = Buffer.allocUnsafe(max + 1);
		head.set(line.subarray(0, max));
		head[max] = newline;
		truncated++;
		skippingLongLine = true;
		carry = undefined;
		return chunk(head);
	};

	for await (const piece of pieces) {
		pending += piece.length;
		let start = 0;
		if (skippingLongLine) {
			const end = piece.indexOf(newline);
			if (end === -1) continue;
			skippingLongLine = false;
			start = end + 1;
		}

		if (carry !== undefined) {
			const end = piece.indexOf(newline, start);
			if (end === -1) {
				const grown = Buffer.concat([carry, piece.subarray(start)]);
				if (grown.length > max) yield cut(grown);
				else carry = grown;
				continue;
			}

			const line = Buffer.concat([carry, piece.subarray(start, end + 1)]);
			carry = undefined;
			start = end + 1;
			if (line.length - 1 > max) {
				yield cut(line);
				skippingLongLine = false;
			} else {
				yield chunk(line);
			}
		}

		const last = piece.lastIndexOf(newline);
		if (last >= start) {
			yield chunk(piece.subarray(start, last + 1));
			start = last + 1;
		}

		if (start < piece.length) {
			const rest = piece.subarray(start);
			// The tail alone is already too long: keep its head as a cut line and skip to its end.
			if (rest.length > max) yield cut(rest);
			else carry = Buffer.from(rest);
		}
	}

	if (carry !== undefined || pending > 0 || truncated > 0) yield chunk(carry ?? new Uint8Array(0));
}

/** A chunk's text, decoded (the records and log-access commands, which read every line). */
export function chunkText(chunk: SourceChunk): string {
	const {bytes} = chunk;
	const buffer = asBuffer(bytes);
	return buffer.toString(isAscii(buffer) ? 'latin1' : 'utf8');
}
