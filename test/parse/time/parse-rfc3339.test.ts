import {expect, test} from 'vitest';
import {createRfc3339Result, parseRfc3339} from '../../../src/parse/time/parse-rfc3339.js';

test.each([
	['2022-05-10T09:43:56Z', '2022-05-10T09:43:56.000Z', 's'],
	['2022-05-10T09:43:56.5Z', '2022-05-10T09:43:56.500Z', 'ms'],
	['2022-05-10T09:43:56.889617Z', '2022-05-10T09:43:56.889Z', 'us'],
	['2022-05-10T17:43:56.889617123+08:00', '2022-05-10T09:43:56.889Z', 'ns'],
	['2022-05-10T17:43:56+0800', '2022-05-10T09:43:56.000Z', 's'],
	['2022-05-10T04:13:56.000000000-05:30', '2022-05-10T09:43:56.000Z', 'ns'],
	['2022-05-10T15:13:56.000000000+05:1800', '2022-05-10T09:43:56.000Z', 'ns'],
])('%s', (text, iso, precision) => {
	const out = createRfc3339Result();
	expect(parseRfc3339(text, 0, out)).toBe(text.length);
	expect(new Date(out.time).toISOString()).toBe(iso);
	expect(out.precision).toBe(precision);
});

test.each(['2022-13-10T09:43:56Z', '2022-05-10T09:43:56', '2022-05-10 09:43', 'May 10 09:43:56 x', '2022-05-10T09:43:56.Z'])('rejects %s', (text) => {
	expect(parseRfc3339(text, 0, createRfc3339Result())).toBe(-1);
});

test('the cached second is reused only when it matches', () => {
	const out = createRfc3339Result();
	parseRfc3339('2022-05-10T09:43:56.1Z', 0, out);
	parseRfc3339('2022-05-10T09:43:57.2Z', 0, out);
	expect(new Date(out.time).toISOString()).toBe('2022-05-10T09:43:57.200Z');
	parseRfc3339('2022-05-10T09:43:57.3+01:00', 0, out);
	expect(new Date(out.time).toISOString()).toBe('2022-05-10T08:43:57.300Z');
});
