import type {LiteralPrefilter} from '../detect/literal-prefilter.js';
import type {LineSkimmer} from '../parse/line-skimmer.js';
import type {Envelope} from '../parse/record.js';
import {walkChunk, type ChunkSink} from './walk-chunk.js';

/**
 * The walk of one chunk, made where the bytes are (a worker thread) and applied where the session is: the
 * lines to parse with their bytes and literals, and runs of skimmed lines, in line order. Plain arrays and
 * bytes only, so it crosses threads as transferred buffers.
 */
export type ChunkPlan = {
	/** Bytes of the source the chunk covers. */
	readonly consumed: number;
	readonly lines: number;
	/** Lines cut at the longest line kept. */
	readonly truncated: number;
	/** `[0, line, start, end, literalStart, literalEnd]` for a parsed line, `[1, firstLine, count, envelope]` for skimmed ones. */
	readonly ops: Int32Array;
	readonly literals: Int32Array;
	/** The parsed lines' bytes, one after the other (`start`/`end` index them). */
	readonly text: Uint8Array;
	/** The chunk's bytes are not valid UTF-8 (said once per source, as the reader says it). */
	readonly invalidUtf8: boolean;
};

/** Envelopes a skimmed line can be counted as, by index in `ChunkPlan.ops`. */
export const skimEnvelopes: readonly Envelope[] = ['none', 'cri', 'journald-short', 'journald-short-precise', 'journald-short-iso', 'journald-short-iso-precise', 'journald-short-full', 'journald-short-unix', 'journald-json', 'docker-json', 'kubectl', 'syslog'];

class Growable {
	values = new Int32Array(1024);
	length = 0;
	push(value: number): void {
		if (this.length === this.values.length) {
			const grown = new Int32Array(this.values.length * 2);
			grown.set(this.values);
			this.values = grown;
		}

		this.values[this.length++] = value;
	}

	take(): Int32Array {
		return this.values.slice(0, this.length);
	}
}

/** Walks `bytes` (whole lines) into a plan. */
export function planChunk(bytes: Buffer, consumed: number, prefilter: LiteralPrefilter, skimmer: LineSkimmer | undefined, maxLineLength: number): ChunkPlan {
	const ops = new Growable();
	const literals = new Growable();
	const ranges: [number, number][] = [];
	let textLength = 0;
	let runStart = 0;
	let runCount = 0;
	let runEnvelope = -1;
	const endRun = (): void => {
		if (runCount === 0) return;
		ops.push(1);
		ops.push(runStart);
		ops.push(runCount);
		ops.push(runEnvelope);
		runCount = 0;
	};

	const sink: ChunkSink = {
		parse(line, start, end, found) {
			endRun();
			ops.push(0);
			ops.push(line);
			ops.push(textLength);
			ops.push(textLength + end - start);
			ops.push(literals.length);
			for (const literal of found ?? []) literals.push(literal);
			ops.push(literals.length);
			ranges.push([start, end]);
			textLength += end - start;
		},
		skim(line, envelope, count) {
			const index = skimEnvelopes.indexOf(envelope);
			if (runCount > 0 && index === runEnvelope && line === runStart + runCount) {
				runCount += count;
				return;
			}

			endRun();
			runStart = line;
			runCount = count;
			runEnvelope = index;
		},
	};
	const walked = walkChunk(bytes, prefilter, skimmer, maxLineLength, sink);
	endRun();
	const text = new Uint8Array(textLength);
	let at = 0;
	for (const [start, end] of ranges) {
		text.set(bytes.subarray(start, end), at);
		at += end - start;
	}

	return {consumed, lines: walked.lines, truncated: walked.truncated, ops: ops.take(), literals: literals.take(), text, invalidUtf8: false};
}

/** Hands a plan's lines to `sink` in order, as `walkChunk` would have; parsed lines index `plan.text`. */
export function applyPlan(plan: ChunkPlan, sink: ChunkSink): void {
	const {ops, literals} = plan;
	let i = 0;
	while (i < ops.length) {
		if (ops[i] === 0) {
			const from = ops[i + 4]!;
			const to = ops[i + 5]!;
			sink.parse(ops[i + 1]!, ops[i + 2]!, ops[i + 3]!, to > from ? Array.from(literals.subarray(from, to)) : undefined);
			i += 6;
		} else {
			const first = ops[i + 1]!;
			const envelope = skimEnvelopes[ops[i + 3]!]!;
			sink.skim(first, envelope, ops[i + 2]!);
			i += 4;
		}
	}
}
