import type {LiteralPrefilter} from '../detect/literal-prefilter.js';
import {noWarningLine, withoutCr, type LineSkimmer, type MessageRange, type WarningLine} from '../parse/line-skimmer.js';
import type {Envelope} from '../parse/record.js';

/** What the walk of a chunk hands on, line by line in order: the lines to parse, and the lines counted instead. */
export type ChunkSink = {
	/**
	 * Line `line` (1-based within the chunk) is parsed: its bytes `[start, end)` (without newline and CR, cut at
	 * the longest line kept) and the rule literals found in it, if any.
	 */
	parse(line: number, start: number, end: number, literals: readonly number[] | undefined): void;
	/** Lines `line` to `line + count - 1` are each one whole info record no rule can match: counted as records of `envelope`. */
	skim(line: number, envelope: Envelope, count: number): void;
	/**
	 * The line is a whole klog warning record no rule literal is in (see `WarningLine`): true when the sink has
	 * counted it as what it is, a line of a warning it has seen (it is then skimmed as a record of
	 * `warning.envelope`); false, or no such method, and it is parsed.
	 */
	warning?(warning: WarningLine): boolean;
};

export type WalkResult = {readonly lines: number; readonly truncated: number};

/**
 * The matcher seam over one chunk of whole lines: the literal pre-filter runs once over the chunk's bytes (over
 * each line's message when the skimmer says so: journal JSON entries), the newlines are found with `indexOf`, and
 * each line is either skimmed (counted) or handed on to be parsed with the literals found in it; the skimmer is
 * told the chunk before its lines (`skimmer.chunk`). Nothing is decoded here: the caller decodes only the lines it
 * parses. The first and last line of a chunk are always parsed, so times, years and the log's range stay right.
 */
export function walkChunk(bytes: Buffer, prefilter: LiteralPrefilter, skimmer: LineSkimmer | undefined, maxLineLength: number, sink: ChunkSink, matches: number[] = []): WalkResult {
	const literalBytes = byteLengths(prefilter);
	skimmer?.chunk(bytes);
	// Journal entries are searched message by message: their other fields are most of their bytes.
	const byMessage = skimmer?.searchesMessages() === true;
	matches.length = 0;
	if (!byMessage) {
		prefilter.scanBytes(bytes, (offset, literal) => {
			matches.push(offset, literal);
		});
		sortPairs(matches);
		// A last pair no line reaches (its offset is the chunk's length): the test for the next occurrence reads
		// the array on every line, with or without occurrences. V8 compiled that read only once it had seen it
		// made, and threw the walk's code away at the first occurrence after a megabyte without one.
		matches.push(bytes.length, -1);
	}

	const range: MessageRange = {from: 0, to: 0};
	const warning = noWarningLine();
	// Consecutive skimmed lines of one envelope are handed on as one run.
	let runLine = 0;
	let runCount = 0;
	let runEnvelope: Envelope = 'none';
	let m = 0;
	let pos = 0;
	let line = 0;
	let truncated = 0;
	const length = bytes.length;
	// Each line's end is found once, a line ahead: the skimmer of JSON envelopes reads the next line too.
	let end = bytes.indexOf(10);
	if (end === -1) end = length;
	while (pos < length) {
		let nextEnd = end + 1 < length ? bytes.indexOf(10, end + 1) : length;
		if (nextEnd === -1) nextEnd = length;
		line++;
		let found: number[] | undefined;
		if (byMessage) {
			const message = skimmer!.messageRange(bytes, pos, end, range);
			matches.length = 0;
			prefilter.scanBytesRange(bytes, message ? range.from : pos, message ? range.to : end, matches);
			for (let i = 1; i < matches.length; i += 2) (found ??= []).push(matches[i]!);
		} else if (matches[m]! < end) {
			// The whole line counts: a skimmer has a message range only for the lines it searches by message.
			while (matches[m]! < end) {
				const offset = matches[m]!;
				const literal = matches[m + 1]!;
				if (offset >= pos && offset + literalBytes[literal]! <= end) (found ??= []).push(literal);
				m += 2;
			}
		}

		let skimmed = skimmer?.line(bytes, pos, end, found === undefined && pos > 0 && end < length - 1, nextEnd, warning);
		// A line cut at the longest line kept is parsed as cut.
		if (skimmed === undefined && warning.from >= 0 && end - pos <= maxLineLength && sink.warning?.(warning) === true) skimmed = warning.envelope;
		if (skimmed !== undefined) {
			if (runCount > 0 && skimmed === runEnvelope) runCount++;
			else {
				if (runCount > 0) sink.skim(runLine, runEnvelope, runCount);
				runLine = line;
				runCount = 1;
				runEnvelope = skimmed;
			}

			pos = end + 1;
			end = nextEnd;
			continue;
		}

		if (runCount > 0) {
			sink.skim(runLine, runEnvelope, runCount);
			runCount = 0;
		}

		let lineEnd = withoutCr(bytes, pos, end);
		if (lineEnd - pos > maxLineLength) {
			lineEnd = pos + maxLineLength;
			truncated++;
		}

		sink.parse(line, pos, lineEnd, found);
		pos = end + 1;
		end = nextEnd;
	}

	if (runCount > 0) sink.skim(runLine, runEnvelope, runCount);

	return {lines: line, truncated};
}

const lengths = new WeakMap<LiteralPrefilter, readonly number[]>();
const byteLengths = (prefilter: LiteralPrefilter): readonly number[] => {
	let known = lengths.get(prefilter);
	if (known === undefined) {
		known = prefilter.literals.map((literal) => Buffer.byteLength(literal));
		lengths.set(prefilter, known);
	}

	return known;
};

// Sorts [offset, literal, offset, literal, …] by offset; only short literals arrive out of order.
function sortPairs(pairs: number[]): void {
	let sorted = true;
	for (let i = 2; i < pairs.length; i += 2) {
		if (pairs[i]! < pairs[i - 2]!) {
			sorted = false;
			break;
		}
	}

	if (sorted) return;
	const tuples: [number, number][] = [];
	for (let i = 0; i < pairs.length; i += 2) tuples.push([pairs[i]!, pairs[i + 1]!]);
	tuples.sort((a, b) => a[0] - b[0]);
	for (const [i, [offset, literal]] of tuples.entries()) {
		pairs[2 * i] = offset;
		pairs[2 * i + 1] = literal;
	}
}

const warmedUp = new WeakSet<LiteralPrefilter>();

/**
 * Walks a made-up chunk once per prefilter, before the first real one: a hundred short lines, then one with a rule
 * literal in it. V8 compiles the walk while it reads a source's first megabytes, and compiled code for a path it
 * has not seen taken (a line with an occurrence) is thrown away when the path is first taken: in a log whose
 * first failure comes megabytes in, the walk then ran in the interpreter again until V8 compiled it anew.
 */
export function warmUpWalk(prefilter: LiteralPrefilter, maxLineLength: number): void {
	const literal = prefilter.literals.find((text) => text.length >= 16 && !text.includes('\n'));
	if (literal === undefined || warmedUp.has(prefilter)) return;
	warmedUp.add(prefilter);
	const text = Buffer.from(`${'-\n'.repeat(100)}${literal}\n-\n`, 'utf8');
	const ignore: ChunkSink = {parse() {}, skim() {}, warning: () => false};
	walkChunk(text, prefilter, undefined, maxLineLength, ignore);
}
