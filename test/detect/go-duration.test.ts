import {describe, expect, it} from 'vitest';
import {formatDuration, parseGoDuration} from '../../src/detect/go-duration.js';

describe('parseGoDuration', () => {
	it.each([
		['1.5857053s', 1585.7053],
		['731.4912ms', 731.4912],
		['10.558µs', 0.010558],
		['10.558μs', 0.010558],
		['250us', 0.25],
		['500ns', 0.0005],
		['1m2.5s', 62_500],
		['2h0m0s', 7_200_000],
		['100ms', 100],
	])('reads %s as %d ms', (text, ms) => {
		expect(parseGoDuration(text)).toBeCloseTo(ms, 9);
	});

	it.each(['', '1.5', 's', '1.5 s', '1.5sx', 'ms', '12 entries', '1,5s', `${'1s'.repeat(30)}`])('refuses %j', (text) => {
		expect(parseGoDuration(text)).toBeUndefined();
	});
});

describe('formatDuration', () => {
	it('says durations the way a report sentence needs them', () => {
		expect(formatDuration(0.0105)).toBe('11 µs');
		expect(formatDuration(731.49)).toBe('731 ms');
		expect(formatDuration(4040.17)).toBe('4.04 s');
		expect(formatDuration(12_480)).toBe('12.5 s');
		expect(formatDuration(192_000)).toBe('3.2 min');
	});
});
