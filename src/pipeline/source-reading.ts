import {createLineParser, type YearHint} from '../parse/line-parser.js';
import {createLineSkimmer} from '../parse/line-skimmer.js';
import type {DetectedFormat} from '../parse/record.js';
import {applyPlan, type ChunkPlan} from './chunk-plan.js';
import type {SourceDescriptor} from './diagnosis-session.js';
import {createRecordRouter} from './record-router.js';
import {createWarningCounter} from './warning-counter.js';
import type {SessionState, SourceState} from './session-state.js';
import {walkChunk, warmUpWalk, type ChunkSink} from './walk-chunk.js';
import {asBuffer, type SourceChunk} from '../source/source-chunk.js';

/** One source being read: fed chunk by chunk (bytes read here) or plan by plan (walked elsewhere). */
export type SourceReading = {
	/** Lines may be skimmed: no time window, and no signal is tried on every info line. */
	readonly skimming: boolean;
	/** The source's format as parsed so far. */
	readonly format: () => DetectedFormat;
	readonly maxLineLength: number;
	chunk(chunk: SourceChunk): void;
	plan(plan: ChunkPlan): void;
	finish(): void;
};

const defaultMaxLineLength = 64 * 1024;
/** The bytes of a source's first lines, walked before the skimmer is told the format: enough for the parser to know it. */
const formatLineBytes = 16 * 1024;

/** Opens a source for reading: its parser, its record router and its counters. */
export function openSource(state: SessionState, descriptor: SourceDescriptor): SourceReading {
	const {options} = state;
	const {rules} = options;
	const maxLineLength = options.maxLineLength ?? defaultMaxLineLength;
	const source: SourceState = {descriptor, bytes: 0, lines: 0, records: 0, unparsed: 0, skipped: 0, truncated: 0, outside: 0, outsideFirst: undefined, outsideLast: undefined, yearWarned: false, first: undefined, last: undefined, envelope: 'none', payload: 'plain', done: false, warnings: []};
	state.sources.push(source);
	if (descriptor.local) state.anyLocal = true;
	const year: YearHint =
		options.year !== undefined
			? {kind: 'flag', year: options.year}
			: descriptor.mtime !== undefined
				? {kind: 'mtime', ms: descriptor.mtime, lastLine: descriptor.lastLine, rollovers: descriptor.rollovers}
				: {kind: 'now', ms: options.now};
	const router = createRecordRouter(state, source);
	const {candidates} = router;
	const parser = createLineParser(
		{source: descriptor.name, year, timeZone: options.timeZone ?? 'local', referenceTime: descriptor.mtime ?? options.now, host: descriptor.host, pod: descriptor.pod, container: descriptor.container},
		{
			record: router.route,
			unparsed: () => {
				source.unparsed++;
			},
		},
	);

	let lineNumber = 0;
	// Skimming leaves records out of the stream, so it is off when every record must be seen (a time window),
	// and when some signal is tried on every info line.
	const skimmer = options.since === undefined && options.until === undefined && !rules.signalsBySeverity.has('info') ? createLineSkimmer() : undefined;
	// A repeated warning line is counted without being parsed when no signal is tried on every warning line.
	const countWarning = skimmer !== undefined && !rules.signalsBySeverity.has('warning') ? createWarningCounter(state.templates, router.lastPid) : undefined;
	// The bytes the current chunk's lines are in. A parsed line is decoded as UTF-8, which for ASCII (most lines)
	// is as quick as latin1: no test of the chunk's bytes is needed first.
	let text: Buffer = Buffer.alloc(0);
	const sink: ChunkSink = {
		parse(line, start, end, literals) {
			const number = lineNumber + line;
			if (literals !== undefined) candidates.set(number, literals as number[]);
			parser.push(text.toString('utf8', start, end), number);
		},
		skim(line, envelope, count) {
			parser.skim(lineNumber + line, envelope, skimmer?.payload ?? 'klog', count);
			source.records += count;
		},
		warning(line) {
			return countWarning !== undefined && countWarning(text, line);
		},
	};
	const matches: number[] = [];
	const afterChunk = (lines: number, truncated: number, consumed: number): void => {
		lineNumber += lines;
		source.bytes += consumed;
		source.truncated += truncated;
		source.lines = lineNumber;
		skimmer?.setFormat(parser.format());
		// A candidate line the parser has not turned into a record yet (continuations) stays; stale ones go.
		if (candidates.size > 1000) {
			for (const line of candidates.keys()) if (line < lineNumber - 10_000) candidates.delete(line);
		}
	};

	const walk = (bytes: Buffer, truncatedLines: number, consumed: number): void => {
		if (lineNumber === 0) warmUpWalk(rules.prefilter, maxLineLength);
		text = bytes;
		const walked = walkChunk(bytes, rules.prefilter, skimmer, maxLineLength, sink, matches);
		afterChunk(walked.lines, walked.truncated + truncatedLines, consumed);
	};

	return {
		skimming: skimmer !== undefined,
		format: () => parser.format(),
		maxLineLength,
		chunk(chunk) {
			const {bytes} = chunk;
			if (bytes.length === 0) parser.flush();
			let rest = asBuffer(bytes);
			// Nothing is skimmed before the format is known, which is after a walk: the first lines are walked
			// alone, so that the rest of a first chunk (two megabytes of a file) is skimmed, not all parsed.
			if (skimmer !== undefined && lineNumber === 0 && rest.length > formatLineBytes) {
				const cut = rest.indexOf(10, formatLineBytes);
				if (cut !== -1 && cut + 1 < rest.length) {
					walk(rest.subarray(0, cut + 1), 0, 0);
					rest = rest.subarray(cut + 1);
				}
			}

			walk(rest, chunk.truncatedLines ?? 0, chunk.consumed);
		},
		plan(plan) {
			text = asBuffer(plan.text);
			applyPlan(plan, sink);
			afterChunk(plan.lines, plan.truncated, plan.consumed);
		},
		finish() {
			parser.end();
			const stats = parser.stats();
			source.lines = stats.lines;
			source.skipped = stats.skipped;
			if (source.outside > 0) source.warnings.push(`${source.outside} records outside the --since/--until window were left out`);
			source.envelope = stats.format.envelope ?? 'none';
			source.payload = stats.format.payload ?? 'plain';
			state.envelopes.add(source.envelope);
			source.done = true;
		},
	};
}
