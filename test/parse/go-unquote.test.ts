import {expect, test} from 'vitest';
import {goQuotedEnd, goUnquote} from '../../src/parse/go-unquote.js';

test.each([
	['plain', 'plain'],
	[String.raw`Get \"https://127.0.0.1:6443/api\": x509`, 'Get "https://127.0.0.1:6443/api": x509'],
	[String.raw`a\nb\tc\\d`, 'a\nb\tc\\d'],
	[String.raw`caf\xc3\xa9`, 'café'],
	[String.raw`\u00e9\U0001F600`, 'é😀'],
	[String.raw`\101`, 'A'],
	[String.raw`bad \q escape`, String.raw`bad \q escape`],
	[String.raw`\xff`, '\uFFFD'],
	['trailing \\', 'trailing \\'],
])('goUnquote(%s)', (body, expected) => {
	expect(goUnquote(body)).toBe(expected);
});

test('goQuotedEnd skips escaped quotes', () => {
	expect(goQuotedEnd(String.raw`"a \"b\" c" rest`, 0)).toBe(11);
	expect(goQuotedEnd('"never closed', 0)).toBe(-1);
});
