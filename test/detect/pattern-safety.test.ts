import {describe, expect, it} from 'vitest';
import {findUnsafePattern} from '../../src/detect/pattern-safety.js';

describe('findUnsafePattern', () => {
	it.each(['(a+)+', '(a*)*b', '(?:\\s*x)+', '(a|ab)*c', '(?:[a-z]+,)*end', '(\\w+)\\1', '(?<n>a)\\k<n>'])('rejects the nested shape %s', (pattern) => {
		expect(findUnsafePattern(pattern)).toBeDefined();
	});

	// Shapes that passed `kubesleuth rules check` and then hung on one line (issue 13, item 5).
	it.each([
		['(a+){1,100}$', /^the group at offset 0 repeats up to 100 times and contains another unbounded repetition/],
		['(?:a+|b){2}$', /^the repetition "a\+" at offset 3 .* polynomial time \(scslre\)/],
		['a*a*a*a*b', /^the repetitions "a\*" at offset 0 and "a\*" at offset 2 can both match a, .* polynomial time \(scslre\)/],
		['.*.*.*=.*x$', /^the repetitions "\.\*" at offset 0 and "\.\*" at offset 2 can both match/],
		['(a{1,1000}){1,1000}$', /^the group at offset 0 repeats up to 1000 times and contains another repetition allowed 1000 times/],
		['(a|a)*$', /^the group at offset 0 repeats without bound and contains an alternation/],
		['x.*?y.*?z', /can both match/],
		// The shape the built-in x509 patterns had: a port's digits and the URL's path can share characters.
		['https://(?<target>\\[[0-9a-fA-F:.]+\\](?::\\d+)?|[A-Za-z0-9.\\-]+(?::\\d+)?)[^\\s"]*"?:? .*?x509: certificate has expired', /^the repetitions "\\d\+" at offset \d+ and "\[\^\\s"\]\*"/],
	])('rejects the slow pattern %s', (pattern, message) => {
		expect(findUnsafePattern(pattern)).toMatch(message);
	});

	it('measures nothing: the check is static, so even a pattern that would hang is checked at once', () => {
		// A million-fold repetition is refused by looking at it, without running it.
		expect(findUnsafePattern('(?:a|a){1,1000000}(?:b+)+$')).toBeDefined();
	});

	it.each([
		'https://(?<target>\\[[0-9a-fA-F:.]+\\](?::\\d+)?|[A-Za-z0-9.\\-]+(?::\\d+)?)(?:[^\\s"A-Za-z0-9.\\-:][^\\s"]*)?"?:? .*?x509: certificate has expired',
		'TLS handshake error from (?<peer>[0-9.]+:\\d+): EOF',
		'(?:Get|Post) "?https://',
		'a{2,5}(b{1,3})+',
		'[(+*]+\\(x\\)',
		'(?:\\d{1,3}\\.){3}\\d{1,3}',
		String.raw`failed calling webhook "?(?<target>[^"\\\s:]+)(?:(?:["\\:]|[^\S\n])[^\n]*?)?(?:context deadline exceeded|i/o timeout)`,
	])('accepts %s', (pattern) => {
		expect(findUnsafePattern(pattern)).toBeUndefined();
	});
});
