import {countAgain, countSeenWarning, type TemplateCount, type TemplateState} from '../diagnose/unknown-templates.js';
import type {WarningLine} from '../parse/line-skimmer.js';
import {createKlogHeader, parseKlogHeader, pastedKlogAt} from '../parse/payload/klog-header.js';

/** Bytes of a warning line its klog header is looked for in, and the longest message kept to compare the next with. */
const maxHeaderBytes = 256;
const maxKeptMessage = 512;
const warningLetter = 87;

/**
 * Counts a warning line the skimmer describes (`WarningLine`) from its bytes, as routing its record would count
 * it, when its message is one the unexplained-warning templates hold: true, and the line is skimmed; false, and
 * it is parsed. The header is read as the parser reads it; the line must be of the process of the last record
 * routed (`lastPid`, when the envelope does not say the process).
 */
export type WarningCounter = (text: Buffer, line: WarningLine) => boolean;

export function createWarningCounter(templates: TemplateState, lastPid: () => number | undefined): WarningCounter {
	const header = createKlogHeader();
	// The last warning counted: its template's count, its month and day and its message's bytes (kept when short).
	let last: TemplateCount | undefined;
	const lastBytes = Buffer.alloc(maxKeptMessage + 4);
	let lastLength = 0;
	const keep = (seen: TemplateCount, text: Buffer, from: number, to: number, klogFrom: number): void => {
		last = to - from <= maxKeptMessage ? seen : undefined;
		if (last === undefined) return;
		text.copy(lastBytes, 0, klogFrom + 1, klogFrom + 5);
		text.copy(lastBytes, 4, from, to);
		lastLength = to - from;
	};

	const sameAsLast = (text: Buffer, from: number, to: number, klogFrom: number): boolean => {
		if (to - from !== lastLength) return false;
		for (let k = 0; k < 4; k++) if (text[klogFrom + 1 + k] !== lastBytes[k]) return false;
		for (let k = 0; k < lastLength; k++) if (text[from + k] !== lastBytes[4 + k]) return false;
		return true;
	};

	return (text, line) => {
		// The klog header read as the parser reads it, from the bytes (latin1: a character a byte, so the
		// message starts at the same offset in the bytes): a warning, of the last record's process.
		const head = text.toString('latin1', line.from, Math.min(line.to, line.from + maxHeaderBytes));
		const start = parseKlogHeader(head, 0, header);
		// A header cut off here is read from the whole line, by the parser.
		if (start < 0 || start >= head.length || header.letter !== warningLetter) return false;
		if (!line.envelopePid && header.pid !== lastPid()) return false;
		const from = line.from + start;
		// The same message on the same day as the last warning counted: the same template, one more line.
		if (last !== undefined && sameAsLast(text, from, line.to, line.from)) {
			countAgain(last);
			return true;
		}

		// Its message (all of the line after its header: nothing pasted after it) is one the templates hold.
		const message = text.toString('utf8', from, line.to);
		if (message.length >= 40 && pastedKlogAt(message, 0, head.slice(1, 5)) > 0) return false;
		const seen = countSeenWarning(templates, message);
		if (seen === undefined) return false;
		keep(seen, text, from, line.to, line.from);
		return true;
	};
}
