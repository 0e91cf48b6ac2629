import {findUnsafePattern} from '../../detect/pattern-safety.js';

/** What `/` was given: a regular expression (or the text itself when it is not one), and whether it searches the whole log. */
export type SearchPattern = {
	readonly regex: RegExp;
	/** A leading `*` (as in less) searches every line of the log, read again from the files. */
	readonly wholeLog: boolean;
	/** Why the text is searched literally, when it is. */
	readonly note: string | undefined;
	readonly text: string;
};

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The search typed after `/`: a JavaScript regular expression, case-insensitive unless it has a capital letter
 * (smart case, as in less -i). Text that is not a valid or a safe expression is searched as written.
 */
export function compileSearch(filter: string): SearchPattern | undefined {
	const wholeLog = filter.startsWith('*');
	const text = wholeLog ? filter.slice(1) : filter;
	if (text === '') return undefined;
	const flags = /[A-Z]/.test(text) ? 'g' : 'gi';
	const unsafe = findUnsafePattern(text);
	if (unsafe !== undefined) return {regex: new RegExp(escapeRegex(text), flags), wholeLog, note: `searched as text: ${unsafe}`, text};
	try {
		return {regex: new RegExp(text, flags), wholeLog, note: undefined, text};
	} catch {
		return {regex: new RegExp(escapeRegex(text), flags), wholeLog, note: 'not a regular expression; searched as text', text};
	}
}

/** Whether the text holds a match. */
export function matchesSearch(pattern: SearchPattern, text: string): boolean {
	pattern.regex.lastIndex = 0;
	const found = pattern.regex.test(text);
	pattern.regex.lastIndex = 0;
	return found;
}

/** The text cut into pieces that do and do not match, in order (empty matches skipped). */
export function splitMatches(pattern: SearchPattern | undefined, text: string): {readonly text: string; readonly match: boolean}[] {
	if (pattern === undefined || text === '') return [{text, match: false}];
	const pieces: {text: string; match: boolean}[] = [];
	let at = 0;
	pattern.regex.lastIndex = 0;
	for (let m = pattern.regex.exec(text); m !== null; m = pattern.regex.exec(text)) {
		if (m[0] === '') {
			pattern.regex.lastIndex++;
			continue;
		}

		if (m.index > at) pieces.push({text: text.slice(at, m.index), match: false});
		pieces.push({text: m[0], match: true});
		at = m.index + m[0].length;
	}

	pattern.regex.lastIndex = 0;
	if (at < text.length) pieces.push({text: text.slice(at), match: false});
	return pieces.length === 0 ? [{text, match: false}] : pieces;
}
