import {beforeAll, describe, expect, it} from 'vitest';
import type {Report} from '../../../src/diagnose/report.js';
import {binTimeline} from '../../../src/render/timeline-bins.js';
import {lineText} from '../../../src/render/ui/screen-line.js';
import {buildTimelineLines, markRow} from '../../../src/render/ui/timeline-chart.js';
import {demoReport} from './fixtures.js';

let report: Report;
beforeAll(async () => {
	report = await demoReport();
});

describe('markRow', () => {
	it('marks moments on their bins, * where two share one, and names those outside', () => {
		const bins = binTimeline([[0, 1]], 0, 9 * 60_000, 10);
		const marks = markRow(bins, [
			{at: 0, letter: 'S', what: 'start'},
			{at: 5 * 60_000, letter: 'X', what: 'expiry'},
			{at: 5 * 60_000 + 10, letter: 'F', what: 'first'},
			{at: 99 * 60_000, letter: 'Z', what: 'later'},
		]);
		expect(marks.row).toBe('S    *    ');
		expect(marks.outside.map((o) => [o.mark.letter, o.side])).toEqual([['Z', 'after']]);
	});
});

describe('the timeline screen', () => {
	it('charts the matching lines in labelled bins with a y-scale, the start, the expiry and the first failure marked', () => {
		const rows = buildTimelineLines(report.findings[0]!, report, 120, 40).map(lineText);
		const text = rows.join('\n');
		expect(text).toMatch(/matching lines per 15 min; each column is 15 min, the busiest has \d+ lines/);
		// The y-scale: the peak at the top, 0 at the bottom.
		const bars = rows.filter((r) => r.includes(' │'));
		expect(bars[0]).toMatch(/^ +\d+ │█/);
		expect(rows.find((r) => r.includes(' └'))).toBeDefined();
		expect(text).toContain('S apiserver start 2025-11-27T11:38:13Z (before the chart above)');
		expect(text).toContain('X loopback certificate expiry 2026-11-27T10:38:13Z');
		expect(text).toContain('F first matching line 2026-11-27T10:38:45Z');
		// The whole log in one row, the start in its first bin.
		expect(text).toContain('the whole log, per 7 days');
		for (const row of rows) expect(row.length).toBeLessThanOrEqual(120);
	});
});
