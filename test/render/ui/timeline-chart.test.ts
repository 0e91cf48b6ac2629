import {describe, expect, it} from 'vitest';
import {drawTimeline} from '../../../src/render/ui/timeline-chart.js';

const minute = 60_000;

describe('drawTimeline', () => {
	it('puts each minute in the column of its time, scaled to the busiest column', () => {
		const from = 1000 * minute;
		const chart = drawTimeline(
			[
				[1000, 8],
				[1005, 1],
				[1009, 4],
			],
			from,
			from + 9 * minute,
			10,
			[],
		);
		expect(chart.bars).toBe('█    ▁   ▄');
		expect(chart.max).toBe(8);
	});

	it('sums minutes that share a column and leaves out minutes outside the range', () => {
		const chart = drawTimeline(
			[
				[0, 1],
				[1, 1],
				[2, 3],
				[50, 9],
			],
			0,
			3 * minute,
			2,
			[],
		);
		expect(chart.bars).toBe('▆█');
		expect(chart.max).toBe(3);
	});

	it('marks moments on their columns and names the ones outside the range', () => {
		const chart = drawTimeline([[5, 1]], 0, 9 * minute, 10, [
			{at: 2 * minute, letter: 'S'},
			{at: 2 * minute + 1, letter: 'X'},
			{at: 7 * minute, letter: 'Y'},
			{at: -60 * minute, letter: 'B'},
			{at: 600 * minute, letter: 'A'},
		]);
		expect(chart.marks).toBe('  *    Y  ');
		expect(chart.outside).toEqual([
			{letter: 'B', side: 'before'},
			{letter: 'A', side: 'after'},
		]);
	});
});
