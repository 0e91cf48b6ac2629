import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {escapeControl, escapeMarkdownInline, fenceFor} from '../../src/render/sanitize-text.js';

// Written out independently of the implementation: C0, DEL, C1, ALM, LRM, RLM, LRE..RLO, LS, PS, LRI..PDI, BOM.
const dangerousCodes = [
	...Array.from({length: 0x20}, (_, code) => code),
	...Array.from({length: 0x21}, (_, index) => 0x7f + index),
	0x61c,
	0x200e,
	0x200f,
	0x2028,
	0x2029,
	0x202a,
	0x202b,
	0x202c,
	0x202d,
	0x202e,
	0x2066,
	0x2067,
	0x2068,
	0x2069,
	0xfeff,
];
const dangerousCharacters = dangerousCodes.map(code => String.fromCharCode(code));
const dangerousSet = new Set(dangerousCharacters);

function containsDangerous(text: string): boolean {
	return [...text].some(character => dangerousSet.has(character));
}

// Reference mapping, one code point at a time.
function referenceEscape(text: string): string {
	return [...text]
		.map(character => {
			if (!dangerousSet.has(character)) {
				return character;
			}

			const named: Record<string, string> = {'\t': '\\t', '\n': '\\n', '\r': '\\r'};
			const code = character.charCodeAt(0);
			return named[character] ?? (code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
		})
		.join('');
}

// Strings biased towards the dangerous set, mixed with backslashes, ASCII, non-BMP emoji and CJK.
const hostileString = fc.string({
	unit: fc.oneof(fc.constantFrom(...dangerousCharacters), fc.constantFrom('\\', 'x', '1', 'b', '[', ']', ';', '😀', '漢', 'é', '\u200d')),
	maxLength: 60,
});
const anyString = fc.oneof(fc.string({unit: 'binary', maxLength: 60}), hostileString);

describe('escapeControl', () => {
	const cases: ReadonlyArray<readonly [name: string, input: string, expected: string]> = [
		['CSI clear screen', 'a\u001b[2Jb', 'a\\x1b[2Jb'],
		['CSI colour', '\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
		['OSC window title', '\u001b]0;pwned\u0007', '\\x1b]0;pwned\\x07'],
		['OSC 52 clipboard write', '\u001b]52;c;Y3VybCBldmlsfHNo\u0007', '\\x1b]52;c;Y3VybCBldmlsfHNo\\x07'],
		['OSC 8 hyperlink with ST', '\u001b]8;;https://evil\u001b\\x\u001b]8;;\u001b\\', '\\x1b]8;;https://evil\\x1b\\x\\x1b]8;;\\x1b\\'],
		['DCS', '\u001bPq#0;2;0;0;0\u001b\\', '\\x1bPq#0;2;0;0;0\\x1b\\'],
		['C1 CSI', '\u009b2J', '\\u009b2J'],
		['C1 OSC and ST', '\u009d0;t\u009c', '\\u009d0;t\\u009c'],
		['C1 NEL', 'a\u0085b', 'a\\u0085b'],
		['RLO (Trojan Source)', 'admin\u202e gnp.exe', 'admin\\u202e gnp.exe'],
		['bidi isolates', '\u2066\u2067\u2068x\u2069', '\\u2066\\u2067\\u2068x\\u2069'],
		['LRE RLE PDF LRO', '\u202a\u202b\u202c\u202d', '\\u202a\\u202b\\u202c\\u202d'],
		['marks', '\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
		['NUL', 'a\u0000b', 'a\\x00b'],
		['BEL', 'ding\u0007', 'ding\\x07'],
		['backspace over text', 'ok\b\bNO', 'ok\\x08\\x08NO'],
		['CR that would overwrite the line', 'certificate expired\rall good         ', 'certificate expired\\rall good         '],
		['tab and newline', 'a\tb\nc\r\n', 'a\\tb\\nc\\r\\n'],
		['DEL', 'x\u007fy', 'x\\x7fy'],
		['unit separator', '\u001f', '\\x1f'],
		['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
		['byte order mark', '\ufeffstart', '\\ufeffstart'],
		['backslash is not doubled', String.raw`err="Get \"https://x\""`, String.raw`err="Get \"https://x\""`],
		['literal escape text stays as is', String.raw`\x1b[2J`, String.raw`\x1b[2J`],
	];

	it.each(cases)('%s', (_name, input, expected) => {
		const output = escapeControl(input);
		expect(output).toBe(expected);
		expect(output).not.toMatch(/[\u001b\u0080-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
		expect(containsDangerous(output)).toBe(false);
	});

	it('leaves printable ASCII, accented Latin, CJK and emoji (with ZWJ) unchanged', () => {
		const text = 'x509: certificate has expired — 証明書の有効期限 ✓ 👩‍💻 naïve {"a":[1]} ~`!@#$%^&*()';
		expect(escapeControl(text)).toBe(text);
	});

	it('escapes every character of the dangerous set and nothing else', () => {
		fc.assert(
			fc.property(anyString, text => {
				expect(escapeControl(text)).toBe(referenceEscape(text));
			}),
			{numRuns: 500},
		);
	});

	it('never outputs a dangerous character', () => {
		fc.assert(
			fc.property(anyString, text => {
				expect(containsDangerous(escapeControl(text))).toBe(false);
			}),
			{numRuns: 500},
		);
	});

	it('is idempotent on its own output', () => {
		fc.assert(
			fc.property(anyString, text => {
				const once = escapeControl(text);
				expect(escapeControl(once)).toBe(once);
			}),
			{numRuns: 500},
		);
	});

	it('leaves strings of printable characters unchanged', () => {
		const printable = fc.string({unit: 'grapheme', maxLength: 40}).filter(text => !containsDangerous(text));
		fc.assert(
			fc.property(printable, text => {
				expect(escapeControl(text)).toBe(text);
			}),
			{numRuns: 500},
		);
	});
});

// Every Markdown-significant character in the output must be preceded by an escaping backslash.
function allSpecialsEscaped(markdown: string): boolean {
	for (let index = 0; index < markdown.length; index++) {
		const character = markdown[index]!;
		if (character === '\\') {
			if (index + 1 >= markdown.length) {
				return false;
			}

			index++;
		} else if ('`*_[]<>|~'.includes(character) || (character === '&' && /^&#?[A-Za-z0-9]{1,32};/.test(markdown.slice(index)))) {
			return false;
		}
	}

	return true;
}

describe('escapeMarkdownInline', () => {
	const cases: ReadonlyArray<readonly [name: string, input: string, expected: string]> = [
		['plain text', 'apiserver restarted 400 days ago', 'apiserver restarted 400 days ago'],
		['emphasis', '*bold* _it_', '\\*bold\\* \\_it\\_'],
		['link', '[click](https://evil)', '\\[click\\](https://evil)'],
		['image', '![x](https://evil/t.png)', '!\\[x\\](https://evil/t.png)'],
		['raw HTML', '<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
		['table cell separator', 'a|b', 'a\\|b'],
		['code span', '`rm -rf /`', '\\`rm -rf /\\`'],
		['character reference for a bidi control', '&#x202e;', '\\&#x202e;'],
		['named character reference', 'a &amp; b', 'a \\&amp; b'],
		['shell && is left alone', 'mv a /tmp/ && sleep 20', 'mv a /tmp/ && sleep 20'],
		['strikethrough', '~~gone~~', '\\~\\~gone\\~\\~'],
		['backslash', String.raw`C:\path`, String.raw`C:\\path`],
		['heading at the start', '# Fake heading', '\\# Fake heading'],
		['list item at the start', '- item', '\\- item'],
		['numbered list at the start', '1. item', '1\\. item'],
		['hash inside text is left alone', 'issue #12', 'issue #12'],
		['control characters are escaped first, then their backslash', 'a\u001b[2Jb\nc', 'a\\\\x1b\\[2Jb\\\\nc'],
	];

	it.each(cases)('%s', (_name, input, expected) => {
		expect(escapeMarkdownInline(input)).toBe(expected);
	});

	it('leaves no unescaped Markdown syntax and no dangerous character', () => {
		fc.assert(
			fc.property(fc.oneof(anyString, fc.string({unit: fc.constantFrom(...'\\`*_[]<>|&~#-+=1. a;x'), maxLength: 40})), text => {
				const output = escapeMarkdownInline(text);
				expect(containsDangerous(output)).toBe(false);
				expect(allSpecialsEscaped(output)).toBe(true);
			}),
			{numRuns: 500},
		);
	});
});

describe('fenceFor', () => {
	it.each([
		['no backticks', 'plain', '```'],
		['a short run', 'a `b` c', '```'],
		['a triple run', 'a ``` b', '````'],
		['a long run', 'x````````y', '`````````'],
	])('%s', (_name, text, fence) => {
		expect(fenceFor(text)).toBe(fence);
	});

	it('returns a fence of at least three backticks that does not occur in the text', () => {
		fc.assert(
			fc.property(fc.string({unit: fc.constantFrom('`', 'a', '\n', ' '), maxLength: 80}), text => {
				const fence = fenceFor(text);
				expect(fence).toMatch(/^`{3,}$/);
				expect(text.includes(fence)).toBe(false);
			}),
			{numRuns: 500},
		);
	});
});
