import type {LineParser} from './line-parser.js';
import {endsWithServerErrorStatus} from './payload/access-log-status.js';

/**
 * Decides, per physical line of a chunk, whether the parser may count a line instead of parsing it (see
 * `LineParser.skim`): a whole klog info record, bare or in a CRI envelope, followed by a line that starts
 * another record. Skimming is on only while the source so far is klog in no envelope or in CRI (`update`).
 * Warning and error lines are always parsed, since unexplained ones are grouped into templates.
 */
export type LineSkimmer = {
	/**
	 * The line `text[pos, end)` (`end` at its newline): true when it was skimmed, i.e. counted by the parser as one
	 * record. `eligible` is the caller's part: no rule literal was found in the line, and it is neither the first
	 * nor the last line of its chunk. Every CRI line must be offered, so that partial pieces are tracked.
	 */
	readonly line: (text: string, pos: number, end: number, lineNumber: number, eligible: boolean) => boolean;
	/** Re-read the source's format from the parser (once per chunk): skimming follows it. */
	readonly update: () => void;
};

const klogHeaderAt = (text: string, at: number): boolean => {
	const c = text.charCodeAt(at);
	return (c === 73 || c === 87 || c === 69 || c === 70) && text.charCodeAt(at + 5) === 32 && text.charCodeAt(at + 8) === 58
		&& text.charCodeAt(at + 11) === 58 && text.charCodeAt(at + 14) === 46;
};

type Partials = {stdout: boolean; stderr: boolean};

// `<time> stdout|stderr F <content>`: where the content starts, or -1 (a partial `P` piece, or its completion).
const criContent = (text: string, pos: number, end: number, partials: Partials | undefined): number => {
	const space = text.indexOf(' ', pos);
	if (space < 0 || (end >= 0 && space > end) || text.charCodeAt(space + 7) !== 32 || text.charCodeAt(space + 9) !== 32) return -1;
	const stream = text.charCodeAt(space + 4) === 111 ? 'stdout' : 'stderr';
	const tag = text.charCodeAt(space + 8);
	if (partials === undefined) return tag === 70 ? space + 10 : -1;
	if (tag === 80) {
		partials[stream] = true;
		return -1;
	}

	// The F piece that completes a partial line is not a record on its own.
	if (partials[stream]) {
		partials[stream] = false;
		return -1;
	}

	return tag === 70 ? space + 10 : -1;
};

const skimmableKlog = (text: string, content: number, end: number, envelope: 'none' | 'cri'): boolean => {
	if (content < 0 || text.charCodeAt(content) !== 73 || !klogHeaderAt(text, content)) return false;
	// An access-log line of a 5xx answer is an error line: parsed, like every error line.
	if (endsWithServerErrorStatus(text, end)) return false;
	const next = envelope === 'none' ? end + 1 : criContent(text, end + 1, text.indexOf('\n', end + 1), undefined);
	return next >= 0 && klogHeaderAt(text, next);
};

/** A skimmer for one source's parser. */
export function createLineSkimmer(parser: LineParser): LineSkimmer {
	let envelope: 'none' | 'cri' | undefined;
	const partials: Partials = {stdout: false, stderr: false};
	return {
		line(text, pos, end, lineNumber, eligible) {
			if (envelope === undefined) return false;
			const content = envelope === 'cri' ? criContent(text, pos, end, partials) : pos;
			if (!eligible || !skimmableKlog(text, content, end, envelope)) return false;
			parser.skim(lineNumber, envelope, 'klog');
			return true;
		},
		update() {
			const format = parser.stats().format;
			envelope = format.payload === 'klog' && (format.envelope === 'none' || format.envelope === 'cri') ? format.envelope : undefined;
		},
	};
}
