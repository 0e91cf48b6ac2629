// Log text is attacker-controlled: anything that can reach the apiserver can write to its log. Every byte shown
// in a terminal, a text report or a Markdown report goes through escapeControl first, so escape sequences
// (CSI, OSC 0/8/52, DCS, C1 CSI), cursor tricks (CR, BS) and Trojan-Source bidi reordering are shown, never run.
//
// The escapes are deliberately not reversible: a backslash in the input is kept as is, not doubled, so Go-quoted
// log text (`err="Get \"https://…\""`) stays readable. As a consequence the output `\x1b` may stand for a real
// ESC or for the four characters `\x1b` in the log; the output never contains the ESC itself, which is the point.

// C0, DEL, C1, ALM (U+061C), LRM/RLM, LS/PS plus LRE..RLO (U+2028-U+202E is one contiguous run), LRI..PDI, BOM.
const dangerousSource = '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069\\ufeff]';
const hasDangerous = new RegExp(dangerousSource);
const allDangerous = new RegExp(dangerousSource, 'g');

function escapeCharacter(character: string): string {
	switch (character) {
		case '\t': {
			return '\\t';
		}

		case '\n': {
			return '\\n';
		}

		case '\r': {
			return '\\r';
		}

		default: {
			const code = character.charCodeAt(0);
			return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
		}
	}
}

/** Shows every control character, C1 code, bidi control, line/paragraph separator and BOM as a visible escape. */
export function escapeControl(text: string): string {
	// Common case: nothing to escape, so hand back the very same string without allocating.
	if (!hasDangerous.test(text)) {
		return text;
	}

	return text.replace(allDangerous, escapeCharacter);
}

// Inline Markdown syntax (CommonMark + GFM): escapes, code spans, emphasis, strikethrough, links/images, raw HTML
// and autolinks, table cells. A `&` only matters where it starts a character reference (`&#x202e;` would render as
// a real bidi control), so `a && b` stays as it is.
const markdownInline = /[\\`*_[\]<>|~]/g;
const hasMarkdownInline = /[\\`*_[\]<>|~]/;
const characterReference = /&(?=#?[A-Za-z0-9]{1,32};)/g;
// Block markers only act at the start of a line; escapeControl already turned every line break into `\n`.
const leadingBlockMarker = /^([ \t]*)([#+=-])/;
const leadingListNumber = /^([ \t]*\d{1,9})([.)])/;

/** Makes log text safe as plain inline Markdown (paragraph or table cell, not inside a code span or block). */
export function escapeMarkdownInline(text: string): string {
	const visible = escapeControl(text);
	const inline = (hasMarkdownInline.test(visible) ? visible.replace(markdownInline, '\\$&') : visible).replace(characterReference, '\\&');
	return inline.replace(leadingBlockMarker, '$1\\$2').replace(leadingListNumber, '$1\\$2');
}

const backtickRun = /`+/g;

/** A backtick fence (at least three) longer than any backtick run in `text`, so the text cannot close the block. */
export function fenceFor(text: string): string {
	let longest = 0;
	for (const match of text.matchAll(backtickRun)) {
		longest = Math.max(longest, match[0].length);
	}

	return '`'.repeat(Math.max(3, longest + 1));
}

// JSON.stringify leaves C1 controls, bidirectional controls and line separators as they are; a terminal showing the
// JSON could act on them, so they are written as \u escapes (still the same JSON value).
const unsafeInJson = /[\u0080-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069\u061c\ufeff]/g;

/** JSON text with C1 controls, bidi controls, line separators and BOMs written as `\uXXXX` escapes. */
export function escapeJsonText(json: string): string {
	return json.replace(unsafeInJson, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
