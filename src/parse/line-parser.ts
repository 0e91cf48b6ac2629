// CONTRACT (implementation in progress by the parse work): see createLineParser below.
import type {DetectedFormat, Envelope, LogRecord, Payload} from './record.js';

/** Where year-less timestamps (klog, journald `short`) get their year, after the envelope's own and a klog file header's. */
export type YearHint =
	/** `--year YYYY`: the first year-less line is in this year. */
	| {readonly kind: 'flag'; readonly year: number}
	/** A file's modification time: the last line is not after it. `lastLine` is the file's last non-empty line, when the reader could get it cheaply. */
	| {readonly kind: 'mtime'; readonly ms: number; readonly lastLine?: string | undefined}
	/** The current date (stdin): the first line is not after now. */
	| {readonly kind: 'now'; readonly ms: number};

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

export type UnparsedReason = 'bad-json' | 'bad-envelope' | 'bad-time' | 'binary';

export type ParserSink = {
	record(record: LogRecord): void;
	unparsed(line: number, text: string, reason: UnparsedReason): void;
};

export type ParserStats = {
	/** Physical lines pushed. Invariant: lines === recordLines + unparsed + skipped. */
	readonly lines: number;
	readonly records: number;
	/** Sum of lineCount over all records. */
	readonly recordLines: number;
	readonly unparsed: number;
	/** Blank lines and journald separators (`-- Boot … --`, `-- No entries --`). */
	readonly skipped: number;
	readonly format: DetectedFormat;
	readonly envelopes: Readonly<Partial<Record<Envelope, number>>>;
	readonly payloads: Readonly<Partial<Record<Payload, number>>>;
};

export type LineParser = {
	/** Feed one physical line without its newline. Completed records go to the sink, possibly later (continuations). */
	push(text: string, lineNumber: number): void;
	/** Flush the pending record. */
	end(): void;
	stats(): ParserStats;
};
