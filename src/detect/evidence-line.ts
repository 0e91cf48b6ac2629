import type {LogRecord} from '../parse/record.js';

/** A log line kept as evidence: where it was, when, and what it said. */
export type EvidenceLine = {
	readonly source: string;
	readonly line: number;
	readonly time: number | undefined;
	/** The raw line as read (not yet made safe for a terminal: renderers do that). */
	readonly text: string;
	readonly host: string | undefined;
	readonly pod: string | undefined;
	/** Set when the time of this line was re-dated by the diagnosis (year-less logs spanning more than a year). */
	readonly redated?: string | undefined;
};

// Sliced strings keep their whole parent chunk alive; evidence outlives chunks, so it gets its own copy.
function ownCopy(text: string): string {
	return text.length === 0 ? '' : (' ' + text).slice(1);
}

/** Copies what evidence needs out of a record. */
export function toEvidenceLine(record: LogRecord): EvidenceLine {
	return {
		source: record.source,
		line: record.line,
		time: record.time,
		text: ownCopy(record.raw),
		host: record.host,
		pod: record.pod,
	};
}
