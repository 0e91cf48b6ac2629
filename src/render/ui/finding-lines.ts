import {evidenceMessage, type EvidenceLine} from '../../detect/evidence-line.js';
import type {Finding, FindingSeverity, Step} from '../../diagnose/finding.js';
import type {Report} from '../../diagnose/report.js';
import {confidenceBand, count, evidenceColumns, evidenceCounts, evidenceRow, isoTime, seenText, sourceLabels, type TimeStyle} from '../report-words.js';
import {escapeControl} from '../sanitize-text.js';
import {binTimeline} from '../timeline-bins.js';
import {blankLine, fitLine, line, segment, textWidth, wrapText, wrappedLines, type ScreenLine, type Tone} from './screen-line.js';
import {matchesSearch, splitMatches, type SearchPattern} from './search-pattern.js';
import type {Focusable} from './ui-state.js';

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

/** The text an evidence line is searched in: where it is and what it says (the raw line too, in raw mode). */
function searchedText(evidence: EvidenceLine, raw: boolean): string {
	return `${evidence.source}:${evidence.line} ${escapeControl(raw ? evidence.text : evidenceMessage(evidence))}`;
}

/** Whether an evidence line matches the search. */
export function evidenceMatches(evidence: EvidenceLine, pattern: SearchPattern | undefined, raw = false): boolean {
	return pattern === undefined || matchesSearch(pattern, searchedText(evidence, raw));
}

/** The findings the list shows: all, or those with evidence matching the search (a whole-log search filters none). */
export function visibleFindings(report: Report, pattern: SearchPattern | undefined): readonly Finding[] {
	return pattern === undefined || pattern.wholeLog ? report.findings : report.findings.filter((f) => f.evidence.some((e) => evidenceMatches(e, pattern)));
}

/** Three rows for a finding in the list: severity, id, confidence, count; its title; first and last seen. */
export function findingRows(finding: Finding, selected: boolean, width: number, showNode = false, style: TimeStyle = 'utc'): ScreenLine[] {
	const tone = severityTone(finding.severity);
	const marker = selected ? '▸ ' : '  ';
	const head = fitLine(
		[
			segment(marker, 'accent', {bold: true}),
			segment(finding.severity.toUpperCase().padEnd(9), tone, {bold: true, inverse: selected}),
			segment(' '),
			segment(finding.id, 'plain', {bold: true}),
			// With logs of several nodes, which node's apiserver this is about.
			...(showNode && finding.node !== undefined ? [segment(`  on ${finding.node}`, 'accent')] : []),
			segment(`  ${finding.confidence.toFixed(2)} ${confidenceBand(finding.confidence)}`, tone),
			segment(`  ${count(finding.count, 'line')}`),
		],
		width,
	);
	const title = fitLine([segment('    '), segment(finding.title, selected ? 'plain' : 'muted', {bold: selected})], width);
	// The count is on the first row already.
	const when = [finding.firstSeen === undefined ? '' : `first seen ${isoTime(finding.firstSeen, style)}`, finding.lastSeen === undefined || finding.lastSeen === finding.firstSeen ? '' : `last seen ${isoTime(finding.lastSeen, style)}`].filter((p) => p !== '');
	const seen = fitLine([segment(`    ${when.length === 0 ? 'the lines carry no times' : when.join('  ')}`, 'muted')], width);
	return [head, title, seen];
}

/**
 * A command as one row, never wrapped: cut at the edge, scrolled `sideways` columns, with ‹ and › where
 * more of it is hidden. Copying it (y) always copies the whole command.
 */
export function commandRow(command: string, indent: string, focused: boolean, sideways: number, width: number): ScreenLine {
	const characters = [...escapeControl(command)];
	const marker = focused ? '▸ ' : '  ';
	const room = Math.max(4, width - textWidth(indent) - 2);
	const start = Math.max(0, Math.min(sideways, Math.max(0, characters.length - room + 2)));
	const left = start > 0 ? '‹' : '';
	const fits = characters.length - start <= room - left.length;
	const shown = characters.slice(start, start + room - left.length - (fits ? 0 : 1)).join('');
	return fitLine(
		[segment(indent), segment(marker, 'accent', {bold: true}), segment(left, 'muted'), segment(shown, 'ok', {bold: focused, inverse: focused}), segment(fits ? '' : '›', 'muted')],
		width,
	);
}

/** Rows of text with the search's matches highlighted, wrapped under an indent. */
export function highlightedRows(text: string, width: number, indent: string, pattern: SearchPattern | undefined, tone: Tone = 'plain'): ScreenLine[] {
	const room = Math.max(1, width - textWidth(indent));
	return wrapText(escapeControl(text), room).map((row) => [segment(indent), ...splitMatches(pattern, row).map((piece) => segment(piece.text, piece.match ? 'warning' : tone, {inverse: piece.match, bold: piece.match}))]);
}

function heading(text: string, extra = ''): ScreenLine {
	return [segment(text, 'accent', {bold: true}), segment(extra, 'muted')];
}

/** What the detail view draws, and where its commands and evidence lines are (for tab, y and enter). */
export type DetailLines = {readonly lines: ScreenLine[]; readonly focusables: Focusable[]};

export type DetailOptions = {
	readonly width: number;
	readonly pattern: SearchPattern | undefined;
	readonly focus: number;
	readonly sideways: number;
	readonly raw: boolean;
	readonly style?: TimeStyle;
};

/** Every row of the detail view of one finding, before windowing to the screen's height. */
export function buildDetailLines(finding: Finding, report: Report, options: DetailOptions): DetailLines {
	const {width, pattern, raw} = options;
	const style = options.style ?? 'utc';
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
		fitLine([segment(seenText(finding, style), 'muted')], width),
	];
	const focusables: Focusable[] = [];
	const steps = (items: readonly Step[], numbered: boolean): void => {
		for (const [i, step] of items.entries()) {
			const bullet = numbered ? `  ${i + 1}. ` : '  - ';
			lines.push(...wrappedLines(step.why, width, {firstIndent: bullet, indent: ' '.repeat(bullet.length)}));
			if (step.command === undefined) continue;
			const index = focusables.length;
			focusables.push({kind: 'command', row: lines.length, text: step.command});
			lines.push(commandRow(step.command, ' '.repeat(bullet.length - 2), index === options.focus, options.sideways, width));
		}
	};

	lines.push(blankLine, heading('Do now', finding.actions.some((a) => a.command !== undefined) ? '  (tab selects a command, y copies it whole, ← → scroll it)' : ''));
	steps(finding.actions, true);
	if (finding.verify.length > 0) {
		lines.push(blankLine, heading('Confirm'));
		steps(finding.verify, false);
	}

	const labels = sourceLabels(report.sources.map((s) => s.name));
	const shown = finding.evidence.filter((e) => evidenceMatches(e, pattern, raw));
	const searchNote = pattern === undefined ? '' : `, ${shown.length} matching /${pattern.text}/${pattern.note === undefined ? '' : ` (${pattern.note})`}`;
	lines.push(blankLine, heading('Evidence', ` (${evidenceCounts(finding)}${searchNote})  enter opens a line among its neighbours, r ${raw ? 'decoded messages' : 'raw lines'}`));
	if (finding.evidence.length === 0) lines.push(line('  no lines kept', 'muted'));
	for (const evidence of finding.evidence) {
		const matches = pattern !== undefined && evidenceMatches(evidence, pattern, raw);
		const index = focusables.length;
		const focused = index === options.focus;
		const columns = evidenceColumns(evidence, labels, style);
		const rows = highlightedRows(raw ? evidence.text : columns.message, width, '    ', pattern, pattern === undefined || matches ? 'plain' : 'muted');
		focusables.push({kind: 'evidence', row: lines.length, source: evidence.source, line: evidence.line, matches, rows: 1 + Math.min(rows.length, 5)});
		lines.push(fitLine([segment(focused ? '▸ ' : '  ', 'accent', {bold: true}), segment(evidenceRow({...columns, message: ''}), 'info', {bold: focused, inverse: focused})], width));
		lines.push(...rows.slice(0, 4));
		if (rows.length > 4) lines.push(line(`    … ${count(rows.length - 4, 'more row')} (enter shows the whole line)`, 'muted'));
	}

	if (finding.timeline.length > 0 && finding.firstSeen !== undefined && finding.lastSeen !== undefined) {
		const bins = binTimeline(finding.timeline, finding.firstSeen, finding.lastSeen, Math.max(10, width - 12));
		lines.push(blankLine, fitLine([segment('Timeline', 'accent', {bold: true}), segment(`  t charts the matching lines per ${bins.label}; the busiest ${bins.label} has ${count(bins.max, 'line')}`, 'muted')], width));
	}

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
		steps(finding.longTerm, false);
	}

	if (finding.references.length > 0) {
		lines.push(blankLine, heading('References'));
		for (const reference of finding.references) lines.push(fitLine([segment(`  ${reference}`, 'info')], width));
	}

	return {lines, focusables};
}
