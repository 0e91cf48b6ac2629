import {describe, expect, it} from 'vitest';
import {findUnsafePattern} from '../../src/detect/pattern-safety.js';

describe('findUnsafePattern', () => {
	it.each(['(a+)+', '(a*)*b', '(?:\\s*x)+', '(a|ab)*c', '(?:[a-z]+,)*end', '(\\w+)\\1', '(?<n>a)\\k<n>'])('rejects %s', (pattern) => {
		expect(findUnsafePattern(pattern)).toBeDefined();
	});

	it.each([
		'https://(?<target>\\[[0-9a-fA-F:.]+\\](?::\\d+)?|[A-Za-z0-9.\\-]+(?::\\d+)?)[^\\s"]*"?:? .*?x509: certificate has expired',
		'TLS handshake error from (?<peer>[0-9.]+:\\d+): EOF',
		'(?:Get|Post) "?https://',
		'a{2,5}(b{1,3})+',
		'[(+*]+\\(x\\)',
	])('accepts %s', (pattern) => {
		expect(findUnsafePattern(pattern)).toBeUndefined();
	});
});
