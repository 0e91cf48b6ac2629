import type {EvidenceLine} from '../../detect/evidence-line.js';
import type {Finding, FindingSeverity} from '../../diagnose/finding.js';
import type {Report} from '../../diagnose/report.js';
import {escapeControl} from '../sanitize-text.js';
import {confidenceBand, count, isoTime, seenText} from '../report-words.js';
import {blankLine, fitLine, line, segment, truncateMiddle, wrappedLines, type ScreenLine, type Segment, type Tone} from './screen-line.js';
import {drawTimeline, type ChartMark} from './timeline-chart.js';

/** The colour of a severity. */
export function severityTone(severity: FindingSeverity): Tone {
	switch (severity) {
		case 'critical':
			return 'critical';
		case 'warning':
			return 'warning';
		case 'info':
			return 'info';
		default:
			return severity satisfies never;
	}
}

/** Whether an evidence line matches the filter (case-insensitive, on its source:line and its text). */
export function evidenceMatches(evidence: EvidenceLine, filter: string): boolean {
	if (filter === '') return true;
	const needle = filter.toLowerCase();
	return `${evidence.source}:${evidence.line} ${evidence.text}`.toLowerCase().includes(needle);
}

/** The findings the list shows: all, or those with evidence matching the filter. */
export function visibleFindings(report: Report, filter: string): readonly Finding[] {
	return filter === '' ? report.findings : report.findings.filter((f) => f.evidence.some((e) => evidenceMatches(e, filter)));
}

/** Three rows for a finding in the list: severity, id, confidence, count; its title; first and last seen. */
export function findingRows(finding: Finding, selected: boolean, width: number, showNode = false): ScreenLine[] {
	const tone = severityTone(finding.severity);
	const marker = selected ? '▸ ' : '  ';
	const head = fitLine(
		[
			segment(marker, 'accent', {bold: true}),
			segment(finding.severity.toUpperCase().padEnd(9), tone, {bold: true, inverse: selected}),
			segment(' '),
			segment(finding.id, 'plain', {bold: true}),
			// With logs of several nodes, which node's apiserver this is about.
			...(showNode && finding.node !== undefined ? [segment(`  on ${escapeControl(finding.node)}`, 'accent')] : []),
			segment(`  ${finding.confidence.toFixed(2)} ${confidenceBand(finding.confidence)}`, tone),
			segment(`  ${count(finding.count, 'line')}`),
		],
		width,
	);
	const title = fitLine([segment('    '), segment(finding.title, selected ? 'plain' : 'muted', {bold: selected})], width);
	const seen = fitLine([segment(`    ${seenText(finding).replace(/, /g, '  ')}`, 'muted')], width);
	return [head, title, seen];
}

/** Splits text into rows of exactly `width` columns without losing or adding a character (for commands to copy). */
export function splitForCopy(text: string, width: number): string[] {
	const characters = [...text];
	if (characters.length <= width) return [text];
	const rows: string[] = [];
	for (let i = 0; i < characters.length; i += width) rows.push(characters.slice(i, i + width).join(''));
	return rows;
}

function heading(text: string, extra = ''): ScreenLine {
	return [segment(text, 'accent', {bold: true}), segment(extra, 'muted')];
}

function evidenceLines(finding: Finding, filter: string, width: number, maxRows: number): ScreenLine[] {
	const shown = finding.evidence.filter((e) => evidenceMatches(e, filter));
	const filterNote = filter === '' ? '' : `, ${shown.length} matching "${filter}"`;
	const lines: ScreenLine[] = [heading('Evidence', ` (${finding.evidence.length} of ${count(finding.count, 'line')}${filterNote})`)];
	if (shown.length === 0) lines.push(line(filter === '' ? '  no lines kept' : '  no evidence line matches the filter (esc clears it)', 'muted'));
	for (const evidence of shown) {
		const when = evidence.time === undefined ? '' : `  ${isoTime(evidence.time)}${evidence.redated === undefined ? '' : ' (re-dated)'}`;
		const where = `:${evidence.line}`;
		lines.push(fitLine([segment('  '), segment(truncateMiddle(evidence.source, Math.max(8, width - 2 - where.length - when.length)), 'info'), segment(where, 'info', {bold: true}), segment(when, 'muted')], width));
		const text = wrappedLines(evidence.text, width, {indent: '    '});
		lines.push(...text.slice(0, maxRows));
		if (text.length > maxRows) lines.push(line(`    … (${text.length - maxRows} more rows; e writes the whole line)`, 'muted'));
	}

	return lines;
}

function timelineLines(finding: Finding, report: Report, width: number): ScreenLine[] {
	const first = report.first;
	const last = report.last;
	const lines: ScreenLine[] = [heading('Timeline', ' (matching lines per minute)')];
	if (first === undefined || last === undefined || finding.timeline.length === 0) {
		lines.push(line('  no timestamps to chart', 'muted'));
		return lines;
	}

	const marks: ChartMark[] = [];
	const legend: Segment[] = [segment('  ')];
	const start = report.context.start?.at;
	const expiry = report.context.loopbackNotAfter?.at;
	if (start !== undefined) {
		marks.push({at: start, letter: 'S'});
		legend.push(segment('S', 'accent', {bold: true}), segment(` apiserver start ${isoTime(start)}  `, 'muted'));
	}

	if (expiry !== undefined) {
		marks.push({at: expiry, letter: 'X'});
		legend.push(segment('X', 'critical', {bold: true}), segment(` loopback expiry ${isoTime(expiry)}`, 'muted'));
	}

	const chartWidth = Math.max(10, width - 4);
	const tone = severityTone(finding.severity);
	const chart = (from: number, to: number, label: string): ScreenLine[] => {
		const drawn = drawTimeline(finding.timeline, from, to, chartWidth, marks);
		const out: ScreenLine[] = [
			fitLine([segment(`  ${label}`, 'muted')], width),
			[segment('  │'), segment(drawn.bars, tone), segment('│')],
		];
		if (marks.length > 0) out.push(fitLine([segment('   '), segment(drawn.marks, 'accent', {bold: true})], width));
		const from_ = isoTime(from);
		const to_ = isoTime(to);
		out.push(fitLine([segment(`  ${from_}${' '.repeat(Math.max(1, chartWidth + 2 - from_.length - to_.length))}${to_}`, 'muted')], width));
		for (const outside of drawn.outside) out.push(line(`   (${outside.letter} is ${outside.side} this range)`, 'muted'));
		return out;
	};

	lines.push(...chart(first, last, `whole log, peak ${count(Math.max(...finding.timeline.map(([, n]) => n)), 'line')} in a minute`));
	const seenFrom = finding.firstSeen;
	const seenTo = finding.lastSeen;
	if (seenFrom !== undefined && seenTo !== undefined && seenTo > seenFrom && (seenTo - seenFrom) * 4 < last - first) {
		lines.push(...chart(seenFrom, seenTo, 'zoomed to first..last seen'));
	}

	if (legend.length > 1) lines.push(fitLine(legend, width));
	return lines;
}

/** Every row of the detail view of one finding, before windowing to the screen's height. */
export function buildDetailLines(finding: Finding, report: Report, filter: string, width: number): ScreenLine[] {
	const tone = severityTone(finding.severity);
	const lines: ScreenLine[] = [
		fitLine(
			[
				segment(finding.severity.toUpperCase(), tone, {bold: true, inverse: true}),
				segment(' '),
				segment(finding.id, 'plain', {bold: true}),
				segment(`  confidence ${finding.confidence.toFixed(2)} (${confidenceBand(finding.confidence)})  ${count(finding.count, 'line')}`, tone),
			],
			width,
		),
		...wrappedLines(finding.title, width, {bold: true}),
		...wrappedLines(finding.summary, width),
		fitLine([segment(seenText(finding), 'muted')], width),
		blankLine,
		heading('Do now'),
	];
	for (const [i, action] of finding.actions.entries()) lines.push(...wrappedLines(action.why, width, {firstIndent: `  ${i + 1}. `, indent: '     '}));
	lines.push(blankLine, ...evidenceLines(finding, filter, width, 6));
	if (finding.verify.length > 0) {
		lines.push(blankLine, heading('Confirm', ' (each command on its own line, as it is)'));
		const commands = finding.verify.flatMap((step) => (step.command === undefined ? [] : [splitForCopy(escapeControl(step.command), width)]));
		const anyWrapped = commands.some((rows) => rows.length > 1);
		for (const [i, rows] of commands.entries()) {
			if (anyWrapped && i > 0) lines.push(blankLine);
			for (const row of rows) lines.push([{text: row, tone: 'ok', bold: false, inverse: false}]);
		}
	}

	lines.push(blankLine, ...timelineLines(finding, report, width));
	if (finding.reasoning.length > 0 || finding.preferredOver.length > 0) {
		lines.push(blankLine, heading('Why'));
		for (const reason of finding.reasoning) {
			lines.push(...wrappedLines(reason.text, width, {firstIndent: reason.stance === 'for' ? '  + ' : '  - ', indent: '    ', tone: reason.stance === 'for' ? 'plain' : 'warning'}));
		}

		for (const preferred of finding.preferredOver) lines.push(...wrappedLines(`preferred over ${preferred.id}: ${preferred.because}`, width, {firstIndent: '  > ', indent: '    ', tone: 'muted'}));
	}

	lines.push(blankLine, heading('What is happening'), ...wrappedLines(finding.explanation.replace(/\s+/g, ' ').trim(), width, {indent: '  '}));
	if (finding.longTerm.length > 0) {
		lines.push(blankLine, heading('Long term'));
		for (const item of finding.longTerm) lines.push(...wrappedLines(item.why, width, {firstIndent: '  - ', indent: '    '}));
	}

	if (finding.references.length > 0) {
		lines.push(blankLine, heading('References'));
		for (const reference of finding.references) lines.push(fitLine([segment(`  ${reference}`, 'info')], width));
	}

	return lines;
}
