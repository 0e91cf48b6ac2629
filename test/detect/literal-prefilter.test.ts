import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createLiteralPrefilter} from '../../src/detect/literal-prefilter.js';

const literals = ['certificate has expired or is not yet valid', 'TLS handshake error from', 'authentication handshake failed', 'Serving securely on', 'ab'];

function naive(text: string): [number, number][] {
	const found: [number, number][] = [];
	for (const [index, literal] of literals.entries()) {
		for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) found.push([at, index]);
	}

	return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('createLiteralPrefilter', () => {
	const prefilter = createLiteralPrefilter(literals);
	const scan = (text: string): [number, number][] => {
		const found: [number, number][] = [];
		prefilter.scan(text, (offset, literal) => found.push([offset, literal]));
		return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	};

	it.each([
		['E1127 … Get "https://127.0.0.1:6443/api": x509: certificate has expired or is not yet valid', [[48, 0]]],
		['I1127 log.go:245] http: TLS handshake error from 10.0.0.1:5: EOF', [[24, 1]]],
		['nothing here at all', []],
		['certificate has expired or is not yet vali', []],
		['ab TLS handshake error fromTLS handshake error from', [[0, 4], [3, 1], [27, 1]]],
	] as const)('finds every occurrence in %j', (text, expected) => {
		expect(scan(text)).toEqual(expected);
		expect(prefilter.find(text)?.sort()).toEqual(expected.length === 0 ? undefined : [...new Set(expected.map((e) => e[1]))].sort());
	});

	it('agrees with a plain indexOf search on any text', () => {
		const pieces = fc.constantFrom(...literals, 'x509', ' ', 'certificate has', 'TLS hand', 'é', '\n', 'zz');
		fc.assert(
			fc.property(fc.array(fc.oneof(pieces, fc.string()), {maxLength: 30}), (parts) => {
				const text = parts.join('');
				expect(scan(text)).toEqual(naive(text));
			}),
			{numRuns: 500},
		);
	});
});

describe('scanBytes', () => {
	const prefilter = createLiteralPrefilter(literals);
	it('finds the same occurrences in the UTF-8 bytes of ASCII text as scan does in the text', () => {
		const pieces = fc.constantFrom(...literals, 'x509', ' ', 'certificate has', 'TLS hand', '\n', 'zz', 'ab');
		fc.assert(
			fc.property(fc.array(fc.oneof(pieces, fc.string({unit: 'grapheme-ascii'})), {maxLength: 30}), (parts) => {
				const text = parts.join('');
				const found: [number, number][] = [];
				prefilter.scanBytes(Buffer.from(text, 'latin1'), (offset, literal) => found.push([offset, literal]));
				expect(found.sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(naive(text));
			}),
			{numRuns: 500},
		);
	});
});
