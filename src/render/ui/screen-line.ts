import {escapeControl} from '../sanitize-text.js';

/** How a piece of text is coloured; the components map tones to terminal colours. */
export type Tone = 'plain' | 'critical' | 'warning' | 'info' | 'ok' | 'muted' | 'accent';

/** A run of text in one style. Its text is always escaped (made by `segment`), never raw log bytes. */
export type Segment = {readonly text: string; readonly tone: Tone; readonly bold: boolean; readonly inverse: boolean};

/** One terminal row. */
export type ScreenLine = readonly Segment[];

/** A segment of text made safe for a terminal: control characters and bidi controls become visible escapes. */
export function segment(text: string, tone: Tone = 'plain', style: {readonly bold?: boolean; readonly inverse?: boolean} = {}): Segment {
	return {text: escapeControl(text), tone, bold: style.bold ?? false, inverse: style.inverse ?? false};
}

/** A line of one segment. */
export function line(text: string, tone: Tone = 'plain', style: {readonly bold?: boolean; readonly inverse?: boolean} = {}): ScreenLine {
	return [segment(text, tone, style)];
}

export const blankLine: ScreenLine = [];

/** Characters as the terminal counts them: wide East Asian and emoji characters take two columns. */
function charWidth(codePoint: number): number {
	if (codePoint < 0x1100) return 1;
	if (
		(codePoint >= 0x1100 && codePoint <= 0x115f) ||
		(codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
		(codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
		(codePoint >= 0xf900 && codePoint <= 0xfaff) ||
		(codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
		(codePoint >= 0xff00 && codePoint <= 0xff60) ||
		(codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
		(codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
		(codePoint >= 0x20000 && codePoint <= 0x3fffd)
	) {
		return 2;
	}

	return 1;
}

/** Width of text in terminal columns. */
export function textWidth(text: string): number {
	let width = 0;
	for (const character of text) width += charWidth(character.codePointAt(0)!);
	return width;
}

/** Text cut to `width` columns, with … at the end when something was cut. */
export function truncateEnd(text: string, width: number): string {
	if (width <= 0) return '';
	if (textWidth(text) <= width) return text;
	let out = '';
	let used = 0;
	for (const character of text) {
		const w = charWidth(character.codePointAt(0)!);
		if (used + w > width - 1) break;
		out += character;
		used += w;
	}

	return `${out}…`;
}

/** Text cut in the middle (paths: the start and the file name both matter). */
export function truncateMiddle(text: string, width: number): string {
	if (textWidth(text) <= width) return text;
	if (width < 8) return truncateEnd(text, width);
	const characters = [...text];
	const tail = Math.ceil((width - 1) / 2);
	const head = width - 1 - tail;
	return `${characters.slice(0, head).join('')}…${characters.slice(characters.length - tail).join('')}`;
}

/** A line cut to `width` columns across its segments. */
export function fitLine(row: ScreenLine, width: number): ScreenLine {
	const out: Segment[] = [];
	let used = 0;
	for (const part of row) {
		const w = textWidth(part.text);
		if (used + w <= width) {
			out.push(part);
			used += w;
			continue;
		}

		const room = width - used;
		if (room > 0) out.push({...part, text: truncateEnd(part.text, room)});
		break;
	}

	return out;
}

/** Splits text into rows of at most `width` columns, at spaces when it can, hard otherwise. */
export function wrapText(text: string, width: number): string[] {
	if (width <= 0) return [];
	const rows: string[] = [];
	let current = '';
	let currentWidth = 0;
	const pushHard = (word: string): void => {
		for (const character of word) {
			const w = charWidth(character.codePointAt(0)!);
			if (currentWidth + w > width) {
				rows.push(current);
				current = '';
				currentWidth = 0;
			}

			current += character;
			currentWidth += w;
		}
	};

	for (const word of text.split(' ')) {
		const w = textWidth(word);
		const gap = current === '' ? 0 : 1;
		if (currentWidth + gap + w <= width) {
			current += (gap === 1 ? ' ' : '') + word;
			currentWidth += gap + w;
		} else if (w <= width) {
			if (current !== '') rows.push(current);
			current = word;
			currentWidth = w;
		} else {
			if (current !== '') {
				current += ' ';
				currentWidth += 1;
				if (currentWidth >= width) {
					rows.push(current.trimEnd());
					current = '';
					currentWidth = 0;
				}
			}

			pushHard(word);
		}
	}

	if (current !== '' || rows.length === 0) rows.push(current);
	return rows;
}

/** Escaped text wrapped into lines with an indent on every row (and a different one on the first). */
export function wrappedLines(text: string, width: number, options: {readonly tone?: Tone; readonly indent?: string; readonly firstIndent?: string; readonly bold?: boolean} = {}): ScreenLine[] {
	const indent = options.indent ?? '';
	const first = options.firstIndent ?? indent;
	const room = Math.max(1, width - Math.max(textWidth(indent), textWidth(first)));
	return wrapText(escapeControl(text), room).map((row, i) => [
		{text: i === 0 ? first : indent, tone: 'plain', bold: false, inverse: false},
		{text: row, tone: options.tone ?? 'plain', bold: options.bold ?? false, inverse: false},
	]);
}

/** Text of a line, for tests and plain captures. */
export function lineText(row: ScreenLine): string {
	return row.map((part) => part.text).join('');
}
