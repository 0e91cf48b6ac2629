import {buildDecodedRecord, buildGoLogRecord, buildK8sJsonRecord, buildKlogRecord, buildPlainRecord, createRecordHead} from './build-record.js';
import type {DetectContext} from './envelope/detect-envelope.js';
import {createEnvelopeFields} from './envelope/envelope-fields.js';
import {createEnvelopeReader} from './envelope/envelope-reader.js';
import {createJournaldStringCache, parseJournaldText} from './envelope/parse-journald-text.js';
import {parseJsonObject} from './envelope/parse-json-envelope.js';
import {createPartialLines} from './driver/partial-lines.js';
import {createRecordQueue} from './driver/record-queue.js';
import {guessSeverity} from './payload/guess-severity.js';
import {k8sJsonParts} from './payload/k8s-json.js';
import {createKlogHeader, parseKlogHeader, pastedKlogAt} from './payload/klog-header.js';
import {parseKlogFileHeader} from './payload/klog-file-header.js';
import {decodeLogrusJson} from './payload/logrus-json.js';
import {createPayloadFields, type DecodeContext} from './payload/payload-fields.js';
import {createPayloadRegistry} from './payload/payload-registry.js';
import {decodeZapJson} from './payload/zap-json.js';
import {createParserCounters} from './parser-counters.js';
import {endsWithServerErrorStatus} from './payload/access-log-status.js';
import type {DetectedFormat, Envelope, LogRecord, Payload, Severity, TimePrecision, TimeSource} from './record.js';
import {createZoneClock} from './time/civil-time.js';
import {createRfc3339Result} from './time/parse-rfc3339.js';
import {createYearResolver, endAnchorOf} from './time/year-resolver.js';
import {validTime} from './time/valid-time.js';

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
	/**
	 * When the source was captured (the file's mtime, else now), ms: kubectl event ages count back from it.
	 * Default: the year hint's time; with `--year` and no reference, ages give no time.
	 */
	readonly referenceTime?: number | undefined;
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
	/** Sum of lineCount over all records (a record pasted after another on the same line has lineCount 0). */
	readonly recordLines: number;
	readonly unparsed: number;
	/** Blank lines, journald separators (`-- Boot … --`, `-- No entries --`) and klog file header lines. */
	readonly skipped: number;
	/** Times that were out of range (not finite, before 1970, after 9999): those records have no time. */
	readonly badTimes: number;
	/** Records whose time is derived (`timeFrom`: event ages, process uptimes), not read as a wall-clock time, per way. */
	readonly derivedTimes: Readonly<Record<TimeSource, number>>;
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
	 * See `createLineSkimmer` for the lines that qualify.
	 */
	skim(lineNumber: number, envelope: Envelope, payload: Payload, count?: number): void;
	/**
	 * Finish the record held back for continuation lines now, as if the next line started another: the source has
	 * gone quiet (a followed log between writes), and its last record should count now, not when a next line comes,
	 * which may be hours later. A continuation line that comes after this starts a record of its own. Partial
	 * pieces (CRI `P`, docker chunks) still wait for their last piece, and uptime-timed records for a full time.
	 */
	flush(): void;
	/** Flush the pending record. */
	end(): void;
	stats(): ParserStats;
	/** `stats().format` alone: cheap enough to ask after every chunk. */
	format(): DetectedFormat;
};

// A headerless line stops being a continuation beyond these, so one stray header cannot swallow a file.
const maxContinuationLines = 10_000;
const maxJoinedLength = 8 * 1024 * 1024;

const klogSeverity = (letter: number): Severity => letter === 73 ? 'info' : letter === 87 ? 'warning' : letter === 69 ? 'error' : 'fatal';

const isBlank = (text: string): boolean => {
	const first = text.charCodeAt(0);
	return (first === 32 || first === 9 || first === 13) && text.trim() === '';
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

/** The full time written in one line on its own (no year inferred, no age or uptime), or undefined. */
function fullTimeOfLine(line: string, zone: 'local' | 'utc'): number | undefined {
	let time: number | undefined;
	const parser = createLineParser({source: '', year: {kind: 'flag', year: 2000}, timeZone: zone}, {
		record(record) {
			if (time === undefined && record.yearFrom === undefined && record.timeFrom === undefined) {
				time = record.time;
			}
		},
		unparsed() {},
	});
	parser.push(line, 1);
	parser.end();
	return time;
}

/**
 * Parse one source's lines into records: a thin driver over the envelope reader (journald, CRI, docker, kubectl,
 * syslog, none; the previous line's envelope first), the partial-line joiner, the payload decoders (klog first,
 * then JSON logs, then the registry in payload/payload-registry.ts), continuation joining, the year resolver
 * and the record queue; every time goes through `validTime`.
 */
export function createLineParser(options: ParserOptions, sink: ParserSink): LineParser {
	const zone = options.timeZone ?? 'local';
	const clock = createZoneClock(zone);
	const utcClock = createZoneClock('utc');
	const years = createYearResolver(options.year, zone, clock, endAnchorOf(options.year, zone, (line) => fullTimeOfLine(line, zone)));
	const fields = createEnvelopeFields();
	const rfc = createRfc3339Result();
	const context: DetectContext = {fields, rfc, clock, utcClock, cache: createJournaldStringCache()};
	const envelopes = createEnvelopeReader(context);
	const klog = createKlogHeader();
	const payloads = createPayloadRegistry();
	const decoded = createPayloadFields();
	const decodeContext: DecodeContext = {clock, rfc};
	const counters = createParserCounters();
	const head = createRecordHead(options.source);
	const referenceMs = options.referenceTime ?? (options.year.kind === 'flag' ? Number.NaN : options.year.ms);
	const queue = createRecordQueue((record) => {
		counters.count(record);
		sink.record(record);
	});

	let klogHost: string | undefined;
	let firstEnvelope: Envelope | undefined;
	let firstPayload: Payload | undefined;
	let pending: LogRecord | undefined;
	let pendingStream = 0;
	let pendingIndent = 0;
	let pendingContinuable = false;
	let pendingUptime = Number.NaN;

	const jsonStream = (): boolean => firstEnvelope === 'journald-json' || firstEnvelope === 'docker-json'
		|| (firstEnvelope === 'none' && firstPayload === 'k8s-json');

	const hold = (record: LogRecord, continuable: boolean, uptimeMs: number): void => {
		if (pending !== undefined) {
			queue.push(pending, pendingUptime);
		}

		if (firstEnvelope === undefined) {
			firstEnvelope = record.envelope;
			firstPayload = record.payload;
		}

		pending = record;
		pendingStream = fields.stream;
		pendingIndent = fields.indent;
		pendingContinuable = continuable;
		pendingUptime = uptimeMs;
	};

	const grow = (text: string, count: number): void => {
		const record = pending as {message: string; lineCount: number};
		record.message = record.message + '\n' + text;
		record.lineCount += count;
	};

	const continues = (): boolean => pending !== undefined && pendingContinuable && pending.lineCount < maxContinuationLines
		&& pending.message.length < maxJoinedLength
		&& ((pending.envelope === fields.envelope && pendingStream === fields.stream && pending.unit === fields.unit) || pastedContinuation());

	// A syslog or journald message of several lines, pasted from a file: the later lines lost their prefix and
	// start with white space. They continue the record before them.
	const pastedContinuation = (): boolean => fields.envelope === 'none' && pending!.envelope.startsWith('journald-short')
		&& (fields.content.charCodeAt(0) === 32 || fields.content.charCodeAt(0) === 9);

	/** A full time read from the line (envelope or payload): validated, and it anchors later year-less lines. */
	const fullTime = (ms: number, precision: TimePrecision | undefined): void => {
		const time = validTime(ms);
		if (Number.isNaN(time)) {
			counters.badTimes++;
			head.time = undefined;
			head.timePrecision = undefined;
		} else {
			head.time = time;
			head.timePrecision = precision;
			years.noteFullTime(time);
		}

		head.yearFrom = undefined;
		head.timeFrom = undefined;
	};

	/** Fill the head's time from the envelope: its full time, or its year-less time. */
	const envelopeTime = (): void => {
		if (!Number.isNaN(fields.time)) {
			fullTime(fields.time, fields.precision);
		} else if (fields.month === 0) {
			head.time = undefined;
			head.timePrecision = undefined;
			head.yearFrom = undefined;
			head.timeFrom = undefined;
		} else {
			head.time = years.epoch(fields.month, fields.day, fields.hour, fields.minute, fields.second, fields.fracMs);
			head.timePrecision = fields.precision;
			head.yearFrom = years.source();
			head.timeFrom = undefined;
		}
	};

	/** The envelope's time, then the payload's own full time when the envelope had none or a year-less one. */
	const payloadTime = (time: number, precision: TimePrecision | undefined): void => {
		envelopeTime();
		if (!Number.isNaN(time) && (head.time === undefined || fields.month !== 0)) {
			fullTime(time, precision);
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
		head.component = payloads.section();
	};

	const onKlog = (content: string, raw: string, line: number, count: number, start: number): void => {
		// An access-log line of a 5xx answer is an error, though klog writes it at info level.
		const severity = klogSeverity(klog.letter);
		fillHead(line, count, severity === 'info' && endsWithServerErrorStatus(content) ? 'error' : severity, klog.pid);
		if (Number.isNaN(fields.time)) {
			head.time = years.epoch(klog.month, klog.day, klog.hour, klog.minute, klog.second, klog.micros / 1000);
			head.timePrecision = 'us';
			head.yearFrom = years.source();
			head.timeFrom = undefined;
		} else {
			envelopeTime();
		}

		let message = start >= content.length ? '' : content.slice(start);
		// Several records pasted onto one physical line: the next one starts at its own header.
		const pasted = message.length < 40 ? -1 : pastedKlogAt(message, 0, content.slice(1, 5));
		if (pasted > 0) {
			const rest = message.slice(pasted);
			message = message.slice(0, pasted - 1);
			hold(buildKlogRecord(head, message, raw, content.slice(klog.callerStart, klog.callerEnd), message.charCodeAt(0) === 34), true, Number.NaN);
			fields.content = rest;
			onContent(raw, line, 0);
			return;
		}

		// A piece pasted after another (count 0) takes no continuation lines: its lineCount stays 0, so the
		// lines a record spans stay exactly [line, line + lineCount).
		hold(buildKlogRecord(head, message, raw, content.slice(klog.callerStart, klog.callerEnd), message.charCodeAt(0) === 34), count > 0, Number.NaN);
	};

	/** A decoded JSON log object: zap, logrus or Kubernetes JSON. False when it is none of them. */
	const onJson = (object: Record<string, unknown> | undefined, content: string, raw: string, line: number, count: number): boolean => {
		if (object === undefined) {
			return false;
		}

		if (decodeZapJson(object, rfc, decoded) || decodeLogrusJson(object, rfc, decoded)) {
			onDecoded(raw, line, count);
			return true;
		}

		const parts = k8sJsonParts(object, rfc);
		if (parts === undefined) {
			return false;
		}

		fillHead(line, count, parts.severity, undefined);
		payloadTime(parts.time ?? Number.NaN, parts.precision);
		hold(buildK8sJsonRecord(head, content, raw, parts.caller, parts.fields), false, Number.NaN);
		return true;
	};

	/** A line the payload registry (or the JSON decoders) decoded into `decoded`. */
	const onDecoded = (raw: string, line: number, count: number): void => {
		fillHead(line, count, decoded.severity, undefined);
		head.component = decoded.component ?? head.component;
		payloadTime(decoded.time, decoded.precision);
		if (head.time === undefined && !Number.isNaN(decoded.ageMs) && !Number.isNaN(referenceMs)) {
			const time = validTime(referenceMs - decoded.ageMs);
			if (Number.isNaN(time)) {
				counters.badTimes++;
			} else {
				head.time = time;
				head.timePrecision = 's';
				head.timeFrom = 'event-age';
			}
		}

		const uptime = head.time === undefined ? decoded.uptimeMs : Number.NaN;
		const record = decoded.payload === 'golog'
			? buildGoLogRecord(head, decoded.message, raw, decoded.caller)
			: buildDecodedRecord(head, decoded.payload, decoded.message, raw, decoded.caller, decoded.fields);
		hold(record, decoded.continuable, uptime);
	};

	/** One logical line whose envelope is in `fields`. */
	const inner = createEnvelopeFields();
	const innerCache = createJournaldStringCache();
	/**
	 * A container log carrying journalctl output (a pod that tails the journal, a captured `journalctl` run):
	 * the inner journald prefix gives host, unit and pid; the container's full time stays the record's time.
	 */
	const unwrapJournald = (first: number): void => {
		const envelope = fields.envelope;
		if ((envelope !== 'cri' && envelope !== 'docker-json' && envelope !== 'kubectl') || !((first >= 65 && first <= 90) || (first >= 48 && first <= 57))
			|| !parseJournaldText(fields.content, inner, rfc, clock, utcClock, innerCache)) {
			return;
		}

		fields.content = inner.content;
		fields.host ??= inner.host;
		fields.unit = inner.unit;
		fields.pid = inner.pid;
		if (Number.isNaN(fields.time) && !Number.isNaN(inner.time)) {
			fields.time = inner.time;
			fields.precision = inner.precision;
		}
	};

	const onContent = (raw: string, line: number, count: number): void => {
		if (fields.content.length === 0 || isBlank(fields.content)) {
			counters.skipped += count;
			return;
		}

		let first = fields.content.charCodeAt(0);
		if (first !== 73 && first !== 87 && first !== 69 && first !== 123) {
			unwrapJournald(first);
			first = fields.content.charCodeAt(0);
		}

		const content = fields.content;
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
		}

		// A goroutine header belongs to the error or fatal record before it (a klog F dump, `Observed a panic`).
		if (payloads.decode(content, decodeContext, decoded)
			&& !(decoded.weak && continues() && (pending!.severity === 'fatal' || pending!.severity === 'error'))) {
			onDecoded(raw, line, count);
			return;
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
		hold(buildPlainRecord(head, content, raw), false, Number.NaN);
	};

	const partials = createPartialLines(fields, onContent);

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

		const outcome = envelopes.read(text, jsonStream());
		if (outcome === 'skip') {
			counters.skipped++;
			return;
		}

		if (outcome === 'bad-json') {
			counters.unparsed++;
			sink.unparsed(lineNumber, text, 'bad-json');
			return;
		}

		partials.push(text, lineNumber);
	};

	const flushPending = (): void => {
		if (pending !== undefined) {
			queue.push(pending, pendingUptime);
			pending = undefined;
		}

		pendingIndent = 0;
	};

	const end = (): void => {
		partials.end();
		flushPending();
		queue.end();
	};

	// `count` lines from `lineNumber` on, each a whole record.
	const skim = (_lineNumber: number, envelope: Envelope, payload: Payload, count = 1): void => {
		counters.lines += count;
		flushPending();
		counters.countSkimmed(envelope, payload, count);
	};

	return {push, skim, flush: flushPending, end, stats: () => counters.stats(), format: counters.format};
}
