import type {LogRecord} from '../parse/record.js';
import {toEvidenceLine, type EvidenceLine} from '../detect/evidence-line.js';
import {compareText} from '../source/compare-text.js';

/** A shape of warning/error line that no rule explains, with its count and one example. */
export type UnknownTemplate = {
	readonly template: string;
	readonly count: number;
	readonly severity: string;
	readonly example: EvidenceLine;
};

export type TemplateState = {
	readonly templates: Map<string, {count: number; severity: string; example: EvidenceLine}>;
	/** The template of each message seen lately, by exact message: the same warning repeats, masked once. */
	readonly memo: Map<string, string>;
	/** Lines that could not be grouped because the table was full. */
	overflow: number;
};

const maxTemplates = 2000;
const maxMessageLength = 400;
/** Messages whose template is remembered; past it the table starts afresh (the oldest went long ago). */
export const maxMemo = 4096;

// Order matters: longer, more specific shapes first so an IP:port is not eaten as two numbers.
const masks: readonly [RegExp, string][] = [
	[/"(?:[^"\\]|\\.){0,200}"/g, '"<…>"'],
	[/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uid>'],
	[/\[?\b(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}\]?(?::\d+)?/gi, '<ip>'],
	[/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
	[/\b\d{4}-\d\d-\d\d[T ][0-9:.]+(?:Z|[+-]\d\d:?\d\d)?/g, '<time>'],
	[/\b0x[0-9a-f]+\b|\b[0-9a-f]{12,}\b/gi, '<hex>'],
	[/\b\d+(?:\.\d+)?(?:ms|µs|s|m|h)?\b/g, '<n>'],
];

/** Masks the variable parts of a message: quoted names, UIDs, IPs and ports, times, hex and numbers. */
export function templateOf(message: string): string {
	let text = message.length > maxMessageLength ? message.slice(0, maxMessageLength) : message;
	for (const [pattern, replacement] of masks) text = text.replace(pattern, replacement);
	return text;
}

export function createTemplateState(): TemplateState {
	return {templates: new Map(), memo: new Map(), overflow: 0};
}

/** The template of `message`, masked once per distinct message while the memo has room. */
function memoTemplate(state: TemplateState, message: string): string {
	const key = message.length > maxMessageLength ? message.slice(0, maxMessageLength) : message;
	let template = state.memo.get(key);
	if (template === undefined) {
		template = templateOf(key);
		if (state.memo.size >= maxMemo) state.memo.clear();
		state.memo.set(key, template);
	}

	return template;
}

/** A template's line count, as `countSeenWarning` hands it out: it stays the template's (templates are never dropped). */
export type TemplateCount = {count: number};

/**
 * Counts one more line of a warning whose exact message was seen lately and whose template is in the table, as
 * `addUnknown` would count its record, and returns the template's count (`countAgain` counts more lines of the
 * same message); undefined when the message must go through `addUnknown` (not in the memo, or its template not in
 * the table). Lets a reader count a repeated warning without parsing it.
 */
export function countSeenWarning(state: TemplateState, message: string): TemplateCount | undefined {
	const template = state.memo.get(message.length > maxMessageLength ? message.slice(0, maxMessageLength) : message);
	if (template === undefined) return undefined;
	const seen = state.templates.get(template);
	if (seen === undefined) return undefined;
	seen.count++;
	return seen;
}

/** One more line of the message whose count `countSeenWarning` gave. */
export function countAgain(seen: TemplateCount): void {
	seen.count++;
}

/** Counts a warning or error record no rule matched. Memory is bounded by the table size. */
export function addUnknown(state: TemplateState, record: LogRecord): void {
	const template = memoTemplate(state, record.message);
	const seen = state.templates.get(template);
	if (seen !== undefined) {
		seen.count++;
	} else if (state.templates.size < maxTemplates) {
		state.templates.set(template, {count: 1, severity: record.severity ?? 'unknown', example: toEvidenceLine(record)});
	} else {
		state.overflow++;
	}
}

/** The most frequent templates, most frequent first. */
export function topTemplates(state: TemplateState, limit: number): UnknownTemplate[] {
	return [...state.templates]
		.map(([template, v]) => ({template, count: v.count, severity: v.severity, example: v.example}))
		.sort((a, b) => b.count - a.count || compareText(a.template, b.template))
		.slice(0, limit);
}
