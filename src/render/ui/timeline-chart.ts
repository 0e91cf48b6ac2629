import type {Finding} from '../../diagnose/finding.js';
import type {Report} from '../../diagnose/report.js';
import {count, isoTime, type TimeStyle} from '../report-words.js';
import {barRows, binOf, binTimeline, sparkline, type TimelineBins} from '../timeline-bins.js';
import {blankLine, fitLine, line, segment, type ScreenLine} from './screen-line.js';
import {severityTone} from './finding-lines.js';

/** A time mark drawn under a chart. */
export type ChartMark = {readonly at: number; readonly letter: string; readonly what: string};

/** The row of letters under a chart: each mark on its bin's column (`*` where two meet), and the marks outside it. */
export function markRow(bins: TimelineBins, marks: readonly ChartMark[]): {readonly row: string; readonly outside: readonly {readonly mark: ChartMark; readonly side: 'before' | 'after'}[]} {
	const row = Array.from({length: bins.counts.length}, () => ' ');
	const outside: {mark: ChartMark; side: 'before' | 'after'}[] = [];
	for (const mark of marks) {
		const at = binOf(bins, mark.at);
		if (at === undefined) outside.push({mark, side: mark.at < bins.from ? 'before' : 'after'});
		else row[at] = row[at] === ' ' ? mark.letter : '*';
	}

	return {row: row.join(''), outside};
}

/** The y-scale labels' width and text for a chart of `height` rows whose top is `max`. */
function scaleLabel(max: number, row: number, height: number): string {
	if (row === 0) return max.toLocaleString('en-US');
	if (row === height - 1) return '0';
	if (height >= 4 && row === Math.floor(height / 2)) return Math.round(max / 2).toLocaleString('en-US');
	return '';
}

/**
 * The timeline screen: the finding's matching lines over first..last seen as bars in bins of a labelled width,
 * with a y-scale, the apiserver start (S), the loopback expiry (X) and the first failure (F) marked; then the
 * whole log in one row, so the failures can be placed in it.
 */
export function buildTimelineLines(finding: Finding, report: Report, width: number, height: number, style: TimeStyle = 'utc'): ScreenLine[] {
	const tone = severityTone(finding.severity);
	// The chart counts every line of the finding's evidence (its timeline), not only its main signal's.
	const charted = finding.timeline.reduce((n, [, c]) => n + c, 0);
	const lines: ScreenLine[] = [fitLine([segment('Timeline ', 'accent', {bold: true}), segment(finding.id, 'plain', {bold: true}), segment(`  ${count(charted, 'matching line')}`, tone)], width)];
	const from = finding.firstSeen;
	const to = finding.lastSeen;
	if (from === undefined || to === undefined || finding.timeline.length === 0) {
		lines.push(line('  the matching lines have no times to chart', 'muted'));
		return lines;
	}

	const marks: ChartMark[] = [];
	const start = report.context.start?.at;
	const expiry = report.context.loopbackNotAfter?.at;
	if (start !== undefined) marks.push({at: start, letter: 'S', what: `apiserver start ${isoTime(start, style)}`});
	if (expiry !== undefined) marks.push({at: expiry, letter: 'X', what: `loopback certificate expiry ${isoTime(expiry, style)}`});
	marks.push({at: from, letter: 'F', what: `first matching line ${isoTime(from, style)}`});

	// The busiest bin holds at most every matching line, so the scale's widest label is known before binning.
	const labelWidth = Math.max(1, charted).toLocaleString('en-US').length + 1;
	const columns = Math.max(10, width - labelWidth - 3);
	const bins = binTimeline(finding.timeline, from, Math.max(to, from), columns);
	const chartHeight = Math.max(3, Math.min(12, height - 12));
	lines.push(fitLine([segment(`  matching lines per ${bins.label}; each column is ${bins.label}, the busiest has ${count(bins.max, 'line')}`, 'muted')], width), blankLine);
	for (const [r, bars] of barRows(bins, chartHeight).entries()) {
		lines.push(fitLine([segment(scaleLabel(bins.max, r, chartHeight).padStart(labelWidth), 'muted'), segment(' │', 'muted'), segment(bars, tone)], width));
	}

	lines.push(fitLine([segment(' '.repeat(labelWidth)), segment(' └', 'muted'), segment('─'.repeat(bins.counts.length), 'muted')], width));
	const marked = markRow(bins, marks);
	if (marked.row.trim() !== '') lines.push(fitLine([segment(' '.repeat(labelWidth + 2)), segment(marked.row, 'accent', {bold: true})], width));
	const left = isoTime(bins.from, style);
	const right = isoTime(bins.from + bins.binMs * bins.counts.length, style);
	lines.push(fitLine([segment(' '.repeat(labelWidth + 2)), segment(`${left}${' '.repeat(Math.max(1, bins.counts.length - left.length - right.length))}${right}`, 'muted')], width));

	const first = report.first;
	const last = report.last;
	if (first !== undefined && last !== undefined && last > first) {
		const whole = binTimeline(finding.timeline, first, last, columns);
		const wholeMarks = markRow(whole, marks);
		lines.push(blankLine, fitLine([segment('  the whole log, per ', 'muted'), segment(whole.label, 'muted', {bold: true})], width));
		lines.push(fitLine([segment(' '.repeat(labelWidth)), segment(' │', 'muted'), segment(sparkline(whole), tone)], width));
		if (wholeMarks.row.trim() !== '') lines.push(fitLine([segment(' '.repeat(labelWidth + 2)), segment(wholeMarks.row, 'accent', {bold: true})], width));
		const wl = isoTime(whole.from, style);
		const wr = isoTime(whole.from + whole.binMs * whole.counts.length, style);
		lines.push(fitLine([segment(' '.repeat(labelWidth + 2)), segment(`${wl}${' '.repeat(Math.max(1, whole.counts.length - wl.length - wr.length))}${wr}`, 'muted')], width));
	}

	lines.push(blankLine);
	for (const mark of marks) {
		const outside = marked.outside.find((o) => o.mark === mark);
		lines.push(fitLine([segment(`  ${mark.letter}`, 'accent', {bold: true}), segment(` ${mark.what}${outside === undefined ? '' : ` (${outside.side} the chart above)`}`, 'muted')], width));
	}

	return lines;
}
