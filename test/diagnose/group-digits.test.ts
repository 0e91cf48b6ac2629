import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {groupDigits} from '../../src/diagnose/group-digits.js';

describe('groupDigits', () => {
	it('writes every number as toLocaleString(\'en-US\') does', () => {
		const numbers = fc.oneof(fc.integer(), fc.integer({min: -999_999, max: 999_999}), fc.maxSafeInteger(), fc.double(), fc.constantFrom(0, -0, 999, 1000, -1000, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY));
		fc.assert(fc.property(numbers, (n) => groupDigits(n) === n.toLocaleString('en-US')), {numRuns: 20_000});
	});

	it('groups thousands', () => {
		expect([0, 7, 999, 1000, 12_345, 1_234_567, -1234].map(groupDigits)).toEqual(['0', '7', '999', '1,000', '12,345', '1,234,567', '-1,234']);
	});
});
