/** Matching lines counted in bins of one width, every bin present (a quiet bin is a 0, never a gap). */
export type TimelineBins = {
	/** Start of the first bin (ms), a multiple of the bin width. */
	readonly from: number;
	readonly binMs: number;
	/** `15 min`, `1 h`, `1 day`. */
	readonly label: string;
	readonly counts: readonly number[];
	readonly max: number;
	readonly total: number;
};

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const widths: readonly (readonly [ms: number, label: string])[] = [
	[minute, '1 min'],
	[2 * minute, '2 min'],
	[5 * minute, '5 min'],
	[10 * minute, '10 min'],
	[15 * minute, '15 min'],
	[30 * minute, '30 min'],
	[hour, '1 h'],
	[2 * hour, '2 h'],
	[3 * hour, '3 h'],
	[6 * hour, '6 h'],
	[12 * hour, '12 h'],
	[day, '1 day'],
	[2 * day, '2 days'],
	[7 * day, '7 days'],
	[14 * day, '14 days'],
	[30 * day, '30 days'],
	[91 * day, '91 days'],
	[365 * day, '365 days'],
];

/**
 * Lines per minute (`[minute, count]`, minute = ms / 60000) between from and to (ms) in at most `maxBins` bins of the
 * narrowest round width that fits: each bin covers the same time, so a steady rate draws as a steady line.
 */
export function binTimeline(timeline: readonly (readonly [minute: number, count: number])[], from: number, to: number, maxBins: number): TimelineBins {
	const room = Math.max(1, maxBins);
	const span = Math.max(0, to - from);
	const [binMs, label] = widths.find(([ms]) => Math.floor(to / ms) - Math.floor(from / ms) + 1 <= room) ?? [Math.ceil((span + 1) / room), `${Math.ceil((span + 1) / room / day)} days`];
	const start = Math.floor(from / binMs) * binMs;
	const bins = Math.max(1, Math.floor(to / binMs) - Math.floor(from / binMs) + 1);
	const counts = Array.from({length: bins}, () => 0);
	let total = 0;
	for (const [m, n] of timeline) {
		const at = m * minute;
		if (at + minute <= from || at > to) continue;
		const index = Math.min(bins - 1, Math.max(0, Math.floor((at - start) / binMs)));
		counts[index]! += n;
		total += n;
	}

	return {from: start, binMs, label, counts, max: Math.max(0, ...counts), total};
}

const levels = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One row: each bin as a block whose height is its count against the peak; a bin with any line shows at least ▁, an empty one a space. */
export function sparkline(bins: TimelineBins): string {
	return bins.counts.map((n) => (n === 0 ? ' ' : levels[Math.min(levels.length - 1, Math.max(0, Math.ceil((n / bins.max) * levels.length) - 1))]!)).join('');
}

/**
 * Rows of a bar chart `height` rows tall, top row first: eighths of a cell at the top of each bar, so a bar of
 * `n` lines is `n / max * height` cells high. A bin with any line is at least ▁ on the bottom row.
 */
export function barRows(bins: TimelineBins, height: number): string[] {
	const rows = Math.max(1, height);
	const eighths = bins.counts.map((n) => (n === 0 ? 0 : Math.max(1, Math.round((n / bins.max) * rows * 8))));
	const out: string[] = [];
	for (let row = rows - 1; row >= 0; row--) {
		out.push(
			eighths
				.map((e) => {
					const filled = e - row * 8;
					return filled <= 0 ? ' ' : filled >= 8 ? '█' : levels[filled - 1]!;
				})
				.join(''),
		);
	}

	return out;
}

/** The bin a time falls in, or undefined outside the chart. */
export function binOf(bins: TimelineBins, at: number): number | undefined {
	const index = Math.floor((at - bins.from) / bins.binMs);
	return index < 0 || index >= bins.counts.length ? undefined : index;
}
