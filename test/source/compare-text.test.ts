import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {compareText} from '../../src/source/compare-text.js';

const icu = new Intl.Collator('en-US');
const sign = (n: number): number => Math.sign(n);

// Texts like the ones sorted in a report (addresses, user agents, templates), and any printable ASCII.
const alphabet = [...' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefxyzABCDEFXYZ'];
const reportLike = fc.array(fc.constantFrom(...alphabet), {maxLength: 12}).map((chars) => chars.join(''));
const ascii = fc.string({unit: fc.integer({min: 0x20, max: 0x7e}).map((code) => String.fromCharCode(code)), maxLength: 16});
const any = fc.string({unit: 'binary', maxLength: 8});

describe('compareText', () => {
	it('orders printable ASCII as ICU does', () => {
		for (const texts of [reportLike, ascii]) {
			fc.assert(
				fc.property(texts, texts, (a, b) => sign(compareText(a, b)) === sign(icu.compare(a, b))),
				{numRuns: 20_000},
			);
		}
	});

	it('orders texts that share a prefix or differ in case only as ICU does', () => {
		const pairs = fc.tuple(reportLike, reportLike, reportLike).map(([prefix, a, b]) => [prefix + a, prefix + b.toUpperCase()] as const);
		fc.assert(fc.property(pairs, ([a, b]) => sign(compareText(a, b)) === sign(icu.compare(a, b))), {numRuns: 20_000});
	});

	it('leaves any other text to ICU, with the same result', () => {
		fc.assert(fc.property(fc.oneof(any, reportLike), fc.oneof(any, reportLike), (a, b) => sign(compareText(a, b)) === sign(icu.compare(a, b))), {numRuns: 20_000});
	});

	it('sorts addresses, cases and punctuation the way ICU does, not by code point', () => {
		const texts = ['ab', 'a.b', 'a:b', 'A-b', 'a-b', 'a_b', 'a b', '10.0.0.1', '1::2', '1.2.3.4', 'The Pod', 'error: x', '(other)', 'Ab', 'aB', 'ab'];
		expect([...texts].sort(compareText)).toEqual([...texts].sort(icu.compare));
		expect([...texts].sort(compareText)).not.toEqual([...texts].sort());
	});
});
