import {describe, expect, it} from 'vitest';
import {barRows, binOf, binTimeline, sparkline} from '../../src/render/timeline-bins.js';

const minute = 60_000;

describe('binTimeline', () => {
	it('picks the narrowest round bin width that fits, aligned to it, with every bin present', () => {
		const from = 1000 * minute;
		const bins = binTimeline([[1000, 8], [1005, 1], [1009, 4]], from, from + 9 * minute, 10);
		expect(bins).toMatchObject({binMs: minute, label: '1 min', from, counts: [8, 0, 0, 0, 0, 1, 0, 0, 0, 4], max: 8, total: 13});
		expect(sparkline(bins)).toBe('█    ▁   ▄');
	});

	it('draws a steady rate as a steady line: each bin covers the same time, so no bin is left out', () => {
		// One line every two minutes for three hours, charted in 20 columns: 18 bins of 10 minutes, 5 lines each.
		const steady = Array.from({length: 90}, (_, i) => [2 * i, 1] as const);
		const bins = binTimeline(steady, 0, 179 * minute, 20);
		expect(bins.label).toBe('10 min');
		expect(bins.counts).toEqual(Array.from({length: 18}, () => 5));
		expect(sparkline(bins)).not.toContain(' ');
	});

	it('sums minutes that share a bin and leaves out minutes outside the range', () => {
		const bins = binTimeline([[0, 1], [1, 1], [2, 3], [50, 9]], 0, 4 * minute, 2);
		expect(bins.label).toBe('5 min');
		expect(bins.counts).toEqual([5]);
		expect(bins.total).toBe(5);
	});

	it('goes to days for a year of logs', () => {
		const bins = binTimeline([[0, 1]], 0, 365 * 24 * 60 * minute, 100);
		expect(bins.label).toBe('7 days');
		expect(bins.counts.length).toBeLessThanOrEqual(100);
	});

	it('draws bars several rows high, in eighths, a bin with any line at least ▁ on the bottom row', () => {
		const bins = binTimeline([[0, 8], [1, 4], [2, 1]], 0, 3 * minute, 10);
		expect(barRows(bins, 2)).toEqual(['█   ', '██▂ ']);
		expect(binOf(bins, 90_000)).toBe(1);
		expect(binOf(bins, -1)).toBe(undefined);
	});
});
