import type {LogRecord, Severity} from '../parse/record.js';
import {searchableText} from '../parse/searchable-text.js';

/** A log line kept as evidence: where it was, when, and what it said. */
export type EvidenceLine = {
	readonly source: string;
	readonly line: number;
	readonly time: number | undefined;
	readonly severity?: Severity | undefined;
	/** The raw line as read (not yet made safe for a terminal: renderers do that). */
	readonly text: string;
	/**
	 * The message decoded from its envelope and payload header (journald, CRI, docker, kubectl, the klog header;
	 * Kubernetes JSON as `msg key=value`): what the reports show. Undefined for lines kept before it existed.
	 */
	readonly message?: string | undefined;
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
		severity: record.severity,
		text: ownCopy(record.raw),
		message: ownCopy(record.payload === 'k8s-json' ? searchableText(record) : record.message),
		host: record.host,
		pod: record.pod,
	};
}

/** What an evidence line says: its decoded message, or the raw line when there is none. */
export function evidenceMessage(line: EvidenceLine): string {
	return line.message === undefined || line.message === '' ? line.text : line.message;
}
