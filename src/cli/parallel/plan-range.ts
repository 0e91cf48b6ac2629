import {isAscii, isUtf8} from 'node:buffer';
import type {FileHandle} from 'node:fs/promises';
import {createLiteralPrefilter, type LiteralPrefilter} from '../../detect/literal-prefilter.js';
import {createLineSkimmer} from '../../parse/line-skimmer.js';
import type {DetectedFormat} from '../../parse/record.js';
import {planChunk, type ChunkPlan} from '../../pipeline/chunk-plan.js';

/** One byte range of a file to plan: the lines that start in `[start, end)`. */
export type RangeJob = {
	readonly id: number;
	readonly start: number;
	readonly end: number;
	/** The source's format when lines may be skimmed, else undefined (nothing is skimmed). */
	readonly format: DetectedFormat | undefined;
};

export type RangePlanner = {
	plan(handle: FileHandle, job: RangeJob): Promise<ChunkPlan>;
};

const newline = 10;

async function readFully(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
	let read = 0;
	while (read < length) {
		const {bytesRead} = await handle.read(buffer, read, length - read, position + read);
		if (bytesRead === 0) break;
		read += bytesRead;
	}

	return read;
}

/**
 * Plans byte ranges of one file, as `readLineChunks` and the session's walk would see their lines: a line
 * belongs to the range it starts in, so a range skips the end of the line before it and reads on past its end
 * to finish its last one, at most `maxLineBytes` further (a longer line is cut there, as the reader cuts it).
 */
export function createRangePlanner(literals: readonly string[], maxLineLength: number, maxLineBytes: number): RangePlanner {
	const prefilter: LiteralPrefilter = createLiteralPrefilter(literals);
	let buffer = Buffer.alloc(0);
	return {
		async plan(handle, job) {
			const {start, end} = job;
			const from = start === 0 ? 0 : start - 1;
			const want = end - from + maxLineBytes + 1;
			if (buffer.length < want) buffer = Buffer.allocUnsafe(want);
			const read = await readFully(handle, buffer, want, from);
			const empty: ChunkPlan = {consumed: end - start, lines: 0, truncated: 0, ops: new Int32Array(0), literals: new Int32Array(0), text: new Uint8Array(0), invalidUtf8: false};
			// The first line starting at or after `start`: after the newline at `start - 1` or later.
			let first = 0;
			if (start > 0) {
				const gap = buffer.indexOf(newline, 0);
				if (gap < 0 || gap >= Math.min(read, end - from)) return empty;
				first = gap + 1;
			}

			const limit = Math.min(read, end - from);
			if (first >= limit) return empty;
			let last = buffer.indexOf(newline, limit - 1);
			let truncated = 0;
			if (last >= read) last = -1;
			let chunkEnd: number;
			if (last >= 0) {
				chunkEnd = last + 1;
			} else if (read < want) {
				// The end of the file: its last line may lack a newline.
				chunkEnd = read;
			} else {
				// The line that starts last in the range runs on past the longest line kept: cut it, as the reader does.
				const before = buffer.lastIndexOf(newline, limit - 1);
				const lineStart = before < first ? first : before + 1;
				buffer[lineStart + maxLineBytes] = newline;
				chunkEnd = lineStart + maxLineBytes + 1;
				truncated = 1;
			}

			const bytes = buffer.subarray(first, chunkEnd);
			const skimmer = job.format === undefined ? undefined : createLineSkimmer();
			if (job.format !== undefined) skimmer?.setFormat(job.format);
			const plan = planChunk(bytes, end - start, prefilter, skimmer, maxLineLength);
			return {...plan, truncated: plan.truncated + truncated, invalidUtf8: !isAscii(bytes) && !isUtf8(bytes)};
		},
	};
}
