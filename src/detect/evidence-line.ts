import type {LogRecord, Severity} from '../parse/record.js';
import {searchableText} from '../parse/searchable-text.js';

/** A log line kept as evidence: where it was, when, and what it said. */
export type EvidenceLine = {
	readonly source: string;
	readonly line: number;
	readonly time: number | undefined;
	readonly severity?: Severity | undefined;
	/** The raw line as read, at most `maxEvidenceText` characters of it (not yet made safe for a terminal: renderers do that). */
	readonly text: string;
	/** Characters of the line left out of `text` (0 when it is whole). */
	readonly cut?: number | undefined;
	/**
	 * The message decoded from its envelope and payload header (journald, CRI, docker, kubectl, the klog header;
	 * Kubernetes JSON as `msg key=value`), at most `maxEvidenceText` characters: what the reports show.
	 * Undefined for lines kept before it existed.
	 */
	readonly message?: string | undefined;
	readonly host: string | undefined;
	readonly pod: string | undefined;
	/** Set when the time of this line was re-dated by the diagnosis (year-less logs spanning more than a year). */
	readonly redated?: string | undefined;
};

/**
 * The text every evidence line of one diagnosis holds, counted against a total budget: a hostile log whose
 * long lines match many signals with distinct targets cannot make the diagnosis keep more than `limit`
 * characters of them. Near the end of the budget new evidence keeps a short prefix, then only its location.
 */
export type RetainedText = {
	/** Characters held now by live evidence lines. */
	chars: number;
	/** Evidence lines whose text was shortened to fit (the line limit or the budget). */
	cutLines: number;
	/** The budget, in characters. */
	readonly limit: number;
};

/** A few KiB of a line are enough to read it; the location points to the rest. */
export const maxEvidenceText = 4096;
/** What an evidence line keeps once the budget is nearly spent: enough to recognise the line. */
export const minEvidenceText = 160;
/** Total characters all evidence of one diagnosis may hold: 16 Mi characters (32 MiB as UTF-16 at worst). */
export const defaultRetainedTextLimit = 16 * 1024 * 1024;

export function createRetainedText(limit = defaultRetainedTextLimit): RetainedText {
	return {chars: 0, cutLines: 0, limit};
}

// Sliced strings keep their whole parent chunk alive; evidence outlives chunks, so it gets its own copy.
function ownCopy(text: string): string {
	return text.length === 0 ? '' : (' ' + text).slice(1);
}

/**
 * A value taken from a line (a regex group: an address, a pid) as a string of its own, at most
 * `maxEvidenceText` characters: a substring would keep the whole line it came from alive.
 */
export function ownText(value: string): string {
	return ownCopy(value.length > maxEvidenceText ? value.slice(0, maxEvidenceText) : value);
}

/**
 * Where to cut a line to at most `max` characters: at the last separator in the final eighth when there is
 * one, so a token or key is left out whole rather than half-kept (redaction recognises whole tokens).
 */
function cutAt(text: string, max: number): number {
	const floor = Math.max(0, max - Math.max(16, max >> 3));
	for (let i = max; i > floor; i--) {
		const c = text.charCodeAt(i);
		// space, tab, quote, comma, semicolon, ampersand
		if (c === 32 || c === 9 || c === 34 || c === 44 || c === 59 || c === 38) return i;
	}

	return max;
}

/**
 * Copies what evidence needs out of a record: its location and a bounded prefix of its line. With a budget the
 * copy is counted in it; give the line back with `releaseEvidenceLine` when it is dropped.
 */
export function toEvidenceLine(record: LogRecord, retained?: RetainedText): EvidenceLine {
	const raw = record.raw;
	// The message decoded from the envelope: what the reports show; absent from records built by hand.
	const decoded = (record.payload === 'k8s-json' ? searchableText(record) : record.message) ?? '';
	let max = maxEvidenceText;
	if (retained !== undefined) {
		// Whole prefixes while the budget lasts, then short ones, then none: the total never passes the limit.
		const left = Math.max(0, retained.limit - retained.chars);
		if (left < Math.min(raw.length, max) + Math.min(decoded.length, max)) max = Math.min(minEvidenceText, Math.floor(left / 2));
	}

	const end = raw.length > max ? cutAt(raw, max) : raw.length;
	const text = ownCopy(end === raw.length ? raw : raw.slice(0, end));
	const message = ownCopy(decoded.length > max ? decoded.slice(0, cutAt(decoded, max)) : decoded);
	if (retained !== undefined) {
		retained.chars += text.length + message.length;
		if (end < raw.length) retained.cutLines++;
	}

	return {
		source: record.source,
		line: record.line,
		time: record.time,
		severity: record.severity,
		text,
		...(end < raw.length ? {cut: raw.length - end} : {}),
		message,
		host: record.host,
		pod: record.pod,
	};
}

/** Gives an evidence line's text back to the budget it was counted in. */
export function releaseEvidenceLine(line: EvidenceLine, retained: RetainedText): void {
	retained.chars -= line.text.length + (line.message?.length ?? 0);
}

/** What an evidence line says: its decoded message, or the raw line when there is none. */
export function evidenceMessage(line: EvidenceLine): string {
	return line.message === undefined || line.message === '' ? line.text : line.message;
}
