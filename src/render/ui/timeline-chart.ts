/** A time mark drawn under the chart. */
export type ChartMark = {readonly at: number; readonly letter: string};

/** A sparkline of counts per column, and a row of letters marking moments in it. */
export type TimelineChart = {
	readonly bars: string;
	readonly marks: string;
	/** Marks that fall before or after the charted range, by letter. */
	readonly outside: readonly {readonly letter: string; readonly side: 'before' | 'after'}[];
	readonly max: number;
};

const levels = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const minuteMs = 60_000;

/**
 * Matching lines per minute drawn as a sparkline `width` columns wide across from..to (ms),
 * with marks placed on the column of their time. A column with any line shows at least ▁.
 */
export function drawTimeline(timeline: readonly (readonly [minute: number, count: number])[], from: number, to: number, width: number, marks: readonly ChartMark[]): TimelineChart {
	const columns = Math.max(1, width);
	const span = Math.max(minuteMs, to - from + minuteMs);
	const column = (ms: number): number => Math.min(columns - 1, Math.max(0, Math.floor(((ms - from) / span) * columns)));
	const sums = Array.from({length: columns}, () => 0);
	for (const [minute, count] of timeline) {
		const ms = minute * minuteMs;
		if (ms + minuteMs <= from || ms > to) continue;
		sums[column(ms)]! += count;
	}

	const max = Math.max(0, ...sums);
	const bars = sums.map((sum) => (sum === 0 ? ' ' : levels[Math.min(levels.length - 1, Math.max(0, Math.ceil((sum / max) * levels.length) - 1))]!)).join('');
	const row = Array.from({length: columns}, () => ' ');
	const outside: {letter: string; side: 'before' | 'after'}[] = [];
	for (const mark of marks) {
		if (mark.at < from - minuteMs) outside.push({letter: mark.letter, side: 'before'});
		else if (mark.at > to + minuteMs) outside.push({letter: mark.letter, side: 'after'});
		else {
			const at = column(mark.at);
			row[at] = row[at] === ' ' ? mark.letter : '*';
		}
	}

	return {bars, marks: row.join(''), outside, max};
}
