import {buildGoLogRecord, buildK8sJsonRecord, buildKlogRecord, buildPlainRecord, type RecordHead} from './build-record.js';
import {detectEnvelope, type DetectContext} from './envelope/detect-envelope.js';
import {createEnvelopeFields, resetEnvelopeFields} from './envelope/envelope-fields.js';
import {parseCri} from './envelope/parse-cri.js';
import {createJournaldStringCache, parseJournaldText} from './envelope/parse-journald-text.js';
import {parseJsonObject} from './envelope/parse-json-envelope.js';
import {parseKubectl} from './envelope/parse-kubectl.js';
import {guessSeverity} from './payload/guess-severity.js';
import {k8sJsonParts} from './payload/k8s-json.js';
import {createKlogHeader, parseKlogHeader} from './payload/klog-header.js';
import {parseKlogFileHeader} from './payload/klog-file-header.js';
import {createGologHeader, parseGolog} from './payload/parse-golog.js';
import {yearlessMonthDay} from './payload/yearless-month-day.js';
import {createParserCounters} from './parser-counters.js';
import type {DetectedFormat, Envelope, LogRecord, Payload, Severity} from './record.js';
import {createZoneClock} from './time/civil-time.js';
import {createRfc3339Result} from './time/parse-rfc3339.js';
import {createYearResolver} from './time/year-resolver.js';

/** Where year-less timestamps (klog, journald `short`) get their year, after the envelope's own and a klog file header's. */
export type YearHint =
	/** `--year YYYY`: the first year-less line is in this year. */
	| {readonly kind: 'flag'; readonly year: number}
	/**
	 * A file's modification time: the last line is not after it. `lastLine` is the file's last non-empty line,
	 * when the reader could get it cheaply; `rollovers` is how many December-to-January turns lie between the
	 * first line and the last, when the reader sampled the file to count them.
	 */
	| {readonly kind: 'mtime'; readonly ms: number; readonly lastLine?: string | undefined; readonly rollovers?: number | undefined}
	/** The current date (stdin): the first line is not after now. */
	| {readonly kind: 'now'; readonly ms: number};

/** How one source is parsed. */
export type ParserOptions = {
	/** Source name put on every record (path as given, or `-`). */
	readonly source: string;
	readonly year: YearHint;
	/** How to read times written without a zone (klog, journald short). Default 'local'. */
	readonly timeZone?: 'local' | 'utc';
	/** Host / pod / container known from the source's path, used when the line says nothing. */
	readonly host?: string | undefined;
	readonly pod?: string | undefined;
	readonly container?: string | undefined;
};

/** Why a line produced no record. */
export type UnparsedReason = 'bad-json' | 'bad-envelope' | 'bad-time' | 'binary';

/** Receives the parser's output. */
export type ParserSink = {
	record(record: LogRecord): void;
	unparsed(line: number, text: string, reason: UnparsedReason): void;
};

/** Counts for one source. */
export type ParserStats = {
	/** Physical lines pushed. Invariant: lines === recordLines + unparsed + skipped. */
	readonly lines: number;
	readonly records: number;
	/** Sum of lineCount over all records. */
	readonly recordLines: number;
	readonly unparsed: number;
	/** Blank lines, journald separators (`-- Boot … --`, `-- No entries --`) and klog file header lines. */
	readonly skipped: number;
	/** The single envelope seen, else `mixed`; the single non-plain payload seen (plain only when nothing else), else `mixed`. */
	readonly format: DetectedFormat;
	readonly envelopes: Readonly<Partial<Record<Envelope, number>>>;
	readonly payloads: Readonly<Partial<Record<Payload, number>>>;
};

/** A streaming parser for one source. */
export type LineParser = {
	/** Feed one physical line without its newline. Completed records go to the sink, possibly later (continuations). */
	push(text: string, lineNumber: number): void;
	/**
	 * The caller has read this line itself as one whole record of the given envelope and payload, and needs
	 * no record object for it (a line no rule can match): the pending record is finished and the line is
	 * counted. Only for a line that starts a record on its own, never for a continuation or a partial piece.
	 */
	skim(lineNumber: number, envelope: Envelope, payload: Payload): void;
	/** Flush the pending record. */
	end(): void;
	stats(): ParserStats;
};

// A headerless line stops being a continuation beyond these, so one stray header cannot swallow a file.
const maxContinuationLines = 10_000;
const maxJoinedLength = 8 * 1024 * 1024;

const klogSeverity = (letter: number): Severity => letter === 73 ? 'info' : letter === 87 ? 'warning' : letter === 69 ? 'error' : 'fatal';

const isBlank = (text: string): boolean => {
	const first = text.charCodeAt(0);
	return (first === 32 || first === 9 || first === 13) && text.trim() === '';
};

/**
 * Parse one source's lines into records: detects the envelope (journald, CRI, docker, kubectl, none)
 * per line with a fast path for the previous line's envelope, then the payload (klog, Kubernetes JSON,
 * Go log, plain); joins continuation lines and partial lines; gives year-less times a year.
 */
export function createLineParser(options: ParserOptions, sink: ParserSink): LineParser {
	const zone = options.timeZone ?? 'local';
	const clock = createZoneClock(zone);
	const utcClock = createZoneClock('utc');
	const lastLine = options.year.kind === 'mtime' ? options.year.lastLine : undefined;
	const years = createYearResolver(options.year, zone, clock, lastLine === undefined ? undefined : yearlessMonthDay(lastLine));
	const fields = createEnvelopeFields();
	const rfc = createRfc3339Result();
	const cache = createJournaldStringCache();
	const context: DetectContext = {fields, rfc, clock, utcClock, cache};
	const klog = createKlogHeader();
	const golog = createGologHeader();
	const counters = createParserCounters();
	const head: RecordHead = {
		source: options.source,
		line: 0,
		lineCount: 1,
		time: undefined,
		timePrecision: undefined,
		yearFrom: undefined,
		severity: undefined,
		envelope: 'none',
		host: undefined,
		pod: undefined,
		container: undefined,
		pid: undefined,
		unit: undefined,
	};

	let klogHost: string | undefined;
	// The previous line's envelope, tried first: 0 none, 1 cri, 2 kubectl, 3 journald text, 4 other (full detection).
	let fast = 4;
	let firstEnvelope: Envelope | undefined;
	let firstPayload: Payload | undefined;
	let pending: LogRecord | undefined;
	let pendingStream = 0;
	let pendingIndent = 0;
	// Partial lines (CRI `P`, docker chunks without `\n`), per stream 1 = stdout, 2 = stderr.
	const partContent = ['', '', ''];
	const partCount = [0, 0, 0];
	const partLine = [0, 0, 0];
	const partRaw = ['', '', ''];
	const partTime = [0, 0, 0];
	const partPrecision: Array<RecordHead['timePrecision']> = [undefined, undefined, undefined];
	const partEnvelope: Envelope[] = ['none', 'none', 'none'];

	const jsonStream = (): boolean => firstEnvelope === 'journald-json' || firstEnvelope === 'docker-json'
		|| (firstEnvelope === 'none' && firstPayload === 'k8s-json');

	const emit = (record: LogRecord): void => {
		counters.count(record);
		sink.record(record);
	};

	const hold = (record: LogRecord): void => {
		if (pending !== undefined) {
			emit(pending);
		}

		if (firstEnvelope === undefined) {
			firstEnvelope = record.envelope;
			firstPayload = record.payload;
		}

		pending = record;
		pendingStream = fields.stream;
		pendingIndent = fields.indent;
	};

	const grow = (text: string, count: number): void => {
		const record = pending as {message: string; lineCount: number};
		record.message = record.message + '\n' + text;
		record.lineCount += count;
	};

	/** Fill the head's time from the envelope: its full time, or its year-less time. */
	const envelopeTime = (): void => {
		if (!Number.isNaN(fields.time)) {
			head.time = fields.time;
			head.timePrecision = fields.precision;
			head.yearFrom = undefined;
			years.noteFullTime(fields.time);
		} else if (fields.month === 0) {
			head.time = undefined;
			head.timePrecision = undefined;
			head.yearFrom = undefined;
		} else {
			head.time = years.epoch(fields.month, fields.day, fields.hour, fields.minute, fields.second, fields.fracMs);
			head.timePrecision = fields.precision;
			head.yearFrom = years.source();
		}
	};

	const fillHead = (line: number, count: number, severity: Severity | undefined, pid: number | undefined): void => {
		head.line = line;
		head.lineCount = count;
		head.severity = severity ?? fields.severity;
		head.envelope = fields.envelope;
		head.host = fields.host ?? klogHost ?? options.host;
		head.pod = fields.pod ?? options.pod;
		head.container = fields.container ?? options.container;
		head.pid = fields.pid ?? pid;
		head.unit = fields.unit;
	};

	const onKlog = (content: string, raw: string, line: number, count: number, start: number): void => {
		fillHead(line, count, klogSeverity(klog.letter), klog.pid);
		if (Number.isNaN(fields.time)) {
			head.time = years.epoch(klog.month, klog.day, klog.hour, klog.minute, klog.second, klog.micros / 1000);
			head.timePrecision = 'us';
			head.yearFrom = years.source();
		} else {
			envelopeTime();
		}

		const message = start >= content.length ? '' : content.slice(start);
		hold(buildKlogRecord(head, message, raw, content.slice(klog.callerStart, klog.callerEnd), message.charCodeAt(0) === 34));
	};

	const onJson = (object: Record<string, unknown> | undefined, content: string, raw: string, line: number, count: number): boolean => {
		const parts = object === undefined ? undefined : k8sJsonParts(object, rfc);
		if (parts === undefined) {
			return false;
		}

		fillHead(line, count, parts.severity, undefined);
		envelopeTime();
		// The payload's own full time beats none or a year-less one from the envelope.
		if (parts.time !== undefined && (head.time === undefined || fields.month !== 0)) {
			head.time = parts.time;
			head.timePrecision = parts.precision;
			head.yearFrom = undefined;
			years.noteFullTime(parts.time);
		}

		hold(buildK8sJsonRecord(head, content, raw, parts.caller, parts.fields));
		return true;
	};

	const continues = (): boolean => pending !== undefined && pending.payload === 'klog' && pending.envelope === fields.envelope
		&& pendingStream === fields.stream && pending.unit === fields.unit && pending.lineCount < maxContinuationLines
		&& pending.message.length < maxJoinedLength;

	/** One logical line whose envelope is in `fields`. */
	const onContent = (raw: string, line: number, count: number): void => {
		const content = fields.content;
		if (content.length === 0 || isBlank(content)) {
			counters.skipped += count;
			return;
		}

		const first = content.charCodeAt(0);
		if (first === 73 || first === 87 || first === 69 || first === 70) {
			const start = parseKlogHeader(content, 0, klog, Number.isNaN(fields.time));
			if (start >= 0) {
				onKlog(content, raw, line, count, start);
				return;
			}
		} else if (first === 76 || first === 82 || first === 66) {
			const header = parseKlogFileHeader(content);
			if (header !== undefined) {
				if (header.kind === 'created') {
					years.noteHeader(header.year, header.month);
				} else if (header.kind === 'machine') {
					klogHost = header.host;
				}

				counters.skipped += count;
				return;
			}
		} else if (first === 123) {
			const object = fields.json ?? parseJsonObject(content);
			if (onJson(object, content, raw, line, count)) {
				return;
			}

			if (object === undefined && firstPayload === 'k8s-json' && content.charCodeAt(1) === 34) {
				counters.unparsed += count;
				sink.unparsed(line, raw, 'bad-json');
				return;
			}
		} else if (first >= 48 && first <= 57) {
			const start = parseGolog(content, clock, golog);
			if (start >= 0) {
				fillHead(line, count, golog.severity, undefined);
				envelopeTime();
				if (head.time === undefined || fields.month !== 0) {
					head.time = golog.time;
					head.timePrecision = golog.precision;
					head.yearFrom = undefined;
				}

				hold(buildGoLogRecord(head, start >= content.length ? '' : content.slice(start), raw));
				return;
			}
		}

		if (continues()) {
			grow(content, count);
			return;
		}

		if (content.includes('\u0000')) {
			counters.unparsed += count;
			sink.unparsed(line, raw, 'binary');
			return;
		}

		fillHead(line, count, undefined, undefined);
		head.severity ??= guessSeverity(content);
		envelopeTime();
		hold(buildPlainRecord(head, content, raw));
	};

	const flushPartial = (stream: number): void => {
		const count = partCount[stream]!;
		resetEnvelopeFields(fields, partEnvelope[stream]!, partContent[stream]!);
		fields.stream = stream;
		fields.time = partTime[stream]!;
		fields.precision = partPrecision[stream];
		partCount[stream] = 0;
		partContent[stream] = '';
		onContent(partRaw[stream]!, partLine[stream]!, count);
	};

	/** Hold back partial lines until their final piece, then hand the logical line on. */
	const onEnvelope = (text: string, line: number): void => {
		const stream = fields.stream;
		if (stream === 0 || (fields.envelope !== 'cri' && fields.envelope !== 'docker-json')) {
			onContent(text, line, 1);
			return;
		}

		const count = partCount[stream]!;
		if (fields.partial) {
			if (count === 0) {
				partContent[stream] = fields.content;
				partLine[stream] = line;
				partRaw[stream] = text;
				partTime[stream] = fields.time;
				partPrecision[stream] = fields.precision;
				partEnvelope[stream] = fields.envelope;
			} else {
				partContent[stream] += fields.content;
			}

			partCount[stream] = count + 1;
			if (partContent[stream]!.length > maxJoinedLength) {
				flushPartial(stream);
			}

			return;
		}

		if (count === 0) {
			onContent(text, line, 1);
			return;
		}

		fields.content = partContent[stream] + fields.content;
		fields.time = partTime[stream]!;
		fields.precision = partPrecision[stream];
		partCount[stream] = 0;
		partContent[stream] = '';
		onContent(partRaw[stream]!, partLine[stream]!, count + 1);
	};

	const isIndented = (text: string, width: number): boolean => {
		if (text.length <= width) {
			return false;
		}

		for (let i = 0; i < width; i++) {
			if (text.charCodeAt(i) !== 32) {
				return false;
			}
		}

		return true;
	};

	const fastCode = (envelope: Envelope): number => {
		switch (envelope) {
			case 'none': {
				return 0;
			}

			case 'cri': {
				return 1;
			}

			case 'kubectl': {
				return 2;
			}

			case 'journald-short':
			case 'journald-short-precise':
			case 'journald-short-iso':
			case 'journald-short-iso-precise':
			case 'journald-short-full':
			case 'journald-short-unix': {
				return 3;
			}

			case 'journald-json':
			case 'docker-json': {
				return 4;
			}

			default: {
				return envelope satisfies never;
			}
		}
	};

	const fastParse = (text: string): boolean => {
		if (fast === 0) {
			// Only the common klog case; anything else gets full detection.
			const first = text.charCodeAt(0);
			if (first === 73 || first === 87 || first === 69 || first === 70) {
				resetEnvelopeFields(fields, 'none', text);
				return true;
			}

			return false;
		}

		return fast === 1 ? parseCri(text, fields, rfc)
			: fast === 2 ? parseKubectl(text, fields, rfc)
				: fast === 3 && parseJournaldText(text, fields, rfc, clock, utcClock, cache);
	};

	const push = (text: string, lineNumber: number): void => {
		counters.lines++;
		if (text.length === 0) {
			counters.skipped++;
			return;
		}

		if (pendingIndent > 0 && text.charCodeAt(0) === 32 && pending !== undefined && isIndented(text, pendingIndent)) {
			grow(text.slice(pendingIndent), 1);
			return;
		}

		if (!fastParse(text)) {
			const outcome = detectEnvelope(text, context, jsonStream());
			if (outcome === 'skip') {
				counters.skipped++;
				return;
			}

			if (outcome === 'bad-json') {
				counters.unparsed++;
				sink.unparsed(lineNumber, text, 'bad-json');
				return;
			}

			fast = fastCode(fields.envelope);
		}

		onEnvelope(text, lineNumber);
	};

	const end = (): void => {
		const first = partCount[1]! > 0 && (partCount[2] === 0 || partLine[1]! < partLine[2]!) ? 1 : 2;
		for (const stream of [first, 3 - first]) {
			if (partCount[stream]! > 0) {
				flushPartial(stream);
			}
		}

		if (pending !== undefined) {
			emit(pending);
			pending = undefined;
		}

		pendingIndent = 0;
	};

	const skim = (_lineNumber: number, envelope: Envelope, payload: Payload): void => {
		counters.lines++;
		if (pending !== undefined) {
			emit(pending);
			pending = undefined;
		}

		pendingIndent = 0;
		counters.countSkimmed(envelope, payload);
	};

	return {push, skim, end, stats: () => counters.stats()};
}
