import type {EvidenceLine} from '../../detect/evidence-line.js';
import type {Report} from '../../diagnose/report.js';
import {count, evidenceColumns, evidenceRow, sourceLabels, sourceName, type TimeStyle} from '../report-words.js';
import {blankLine, fitLine, line, segment, truncateEnd, type ScreenLine} from './screen-line.js';
import {highlightedRows} from './finding-lines.js';
import type {SearchPattern} from './search-pattern.js';

/** Lines read back from a source around one line, or why they cannot be. */
export type ContextData =
	| {readonly status: 'reading'}
	| {readonly status: 'done'; readonly lines: readonly EvidenceLine[]}
	| {readonly status: 'unavailable'; readonly reason: string};

/** The lines of the whole log that match a search, found by reading the files again. */
export type SearchData = {
	readonly status: 'searching' | 'done';
	readonly matches: readonly EvidenceLine[];
	/** Every matching line, also those beyond the kept ones. */
	readonly total: number;
	readonly linesRead: number;
	/** Sources that could not be searched, and why (stdin cannot be read twice). */
	readonly skipped: readonly string[];
	readonly error?: string | undefined;
};

/** Reads lines back from the sources the view drew (files; a pipe cannot be read twice). */
export type LogAccess = {
	readonly around: (source: string, line: number, radius: number) => Promise<ContextData>;
	readonly search: (pattern: RegExp, options: {readonly limit: number; readonly signal: AbortSignal; readonly onProgress: (partial: SearchData) => void}) => Promise<SearchData>;
};

/** How many lines the context screen reads on each side of the line it opens. */
export const contextRadius = 20;

function evidenceRows(lines: readonly EvidenceLine[], report: Report, width: number, options: {readonly raw: boolean; readonly pattern: SearchPattern | undefined; readonly style: TimeStyle; readonly mark?: {readonly source: string; readonly line: number}; readonly selected?: number}): {rows: ScreenLine[]; starts: number[]} {
	const labels = sourceLabels([...report.sources.map((s) => s.name), ...lines.map((l) => l.source)]);
	const rows: ScreenLine[] = [];
	const starts: number[] = [];
	for (const [i, each] of lines.entries()) {
		const marked = options.mark !== undefined && each.source === options.mark.source && each.line === options.mark.line;
		const selected = options.selected === i;
		const columns = evidenceColumns(each, labels, options.style);
		starts.push(rows.length);
		rows.push(fitLine([segment(marked ? '▶ ' : selected ? '▸ ' : '  ', 'accent', {bold: true}), segment(evidenceRow({...columns, message: ''}), marked ? 'accent' : 'info', {bold: marked || selected, inverse: selected})], width));
		rows.push(...highlightedRows(options.raw ? each.text : columns.message, width, '    ', options.pattern, marked ? 'plain' : 'muted').slice(0, marked ? 40 : 3));
	}

	return {rows, starts};
}

/** The context screen: the line and its neighbours as read back from the source, the line itself marked. */
export function buildContextScreen(target: {readonly source: string; readonly line: number}, data: ContextData | undefined, report: Report, width: number, options: {readonly raw: boolean; readonly pattern: SearchPattern | undefined; readonly style: TimeStyle}): {lines: ScreenLine[]; focusRow: number} {
	const label = sourceLabels([...report.sources.map((s) => s.name), target.source]).get(target.source) ?? sourceName(target.source);
	const head: ScreenLine[] = [fitLine([segment('Around ', 'accent', {bold: true}), segment(`${label}:${target.line}`, 'plain', {bold: true})], width)];
	if (label !== sourceName(target.source)) head.push(fitLine([segment(`  ${sourceName(target.source)}`, 'muted')], width));
	if (data === undefined || data.status === 'reading') return {lines: [...head, line(`  reading ${contextRadius} lines on each side…`, 'muted')], focusRow: 0};
	if (data.status === 'unavailable') return {lines: [...head, ...highlightedRows(data.reason, width, '  ', undefined, 'warning')], focusRow: 0};
	const {rows, starts} = evidenceRows(data.lines, report, width, {...options, mark: target});
	const at = data.lines.findIndex((l) => l.line === target.line);
	const intro = [...head, fitLine([segment(`  ${count(data.lines.length, 'line')} read back from the source; ▶ marks the one opened (r shows ${options.raw ? 'decoded messages' : 'raw lines'})`, 'muted')], width), blankLine];
	return {lines: [...intro, ...rows], focusRow: at < 0 ? 0 : (starts[at] ?? 0) + intro.length};
}

/** The whole-log search results: every kept match, with where it is, the match highlighted. */
export function buildSearchScreen(data: SearchData | undefined, report: Report, width: number, options: {readonly raw: boolean; readonly pattern: SearchPattern | undefined; readonly style: TimeStyle; readonly selected: number}): {lines: ScreenLine[]; starts: number[]; at: {source: string; line: number}[]} {
	const pattern = options.pattern;
	const title = fitLine([segment('Search the whole log ', 'accent', {bold: true}), segment(pattern === undefined ? '' : `/${pattern.text}/`, 'plain', {bold: true}), segment(pattern?.note === undefined ? '' : `  ${pattern.note}`, 'muted')], width);
	if (data === undefined) return {lines: [title, line('  starting…', 'muted')], starts: [], at: []};
	const status = `${data.status === 'searching' ? 'searching… ' : ''}${count(data.total, 'matching line')} in ${count(data.linesRead, 'line')} read${data.total > data.matches.length ? `; the first ${data.matches.length.toLocaleString('en-US')} are listed` : ''}`;
	const lines: ScreenLine[] = [title, fitLine([segment(`  ${status}`, 'muted')], width)];
	for (const skipped of data.skipped) lines.push(fitLine([segment(`  ${truncateEnd(skipped, width - 2)}`, 'warning')], width));
	if (data.error !== undefined) lines.push(fitLine([segment(`  ${data.error}`, 'warning')], width));
	lines.push(blankLine);
	if (data.matches.length === 0 && data.status === 'done') lines.push(line('  no line matches', 'muted'));
	const {rows, starts} = evidenceRows(data.matches, report, width, {...options, selected: options.selected});
	const offset = lines.length;
	return {lines: [...lines, ...rows], starts: starts.map((s) => s + offset), at: data.matches.map((m) => ({source: m.source, line: m.line}))};
}

/** The table of warning and error shapes no rule explains: count, severity, shape; enter opens the example line. */
export function buildTemplatesScreen(report: Report, width: number, options: {readonly selected: number; readonly pattern: SearchPattern | undefined}): {lines: ScreenLine[]; starts: number[]; at: {source: string; line: number}[]} {
	const total = report.unknownTemplates.reduce((n, t) => n + t.count, 0);
	const lines: ScreenLine[] = [
		fitLine([segment('Lines no rule explains ', 'accent', {bold: true}), segment(`${count(total, 'warning/error line')} in ${count(report.unknownTemplates.length, 'shape')} (the most frequent)`, 'muted')], width),
		fitLine([segment('  numbers, addresses, times and quoted names are masked; enter opens the example line among its neighbours', 'muted')], width),
		blankLine,
	];
	const labels = sourceLabels(report.sources.map((s) => s.name));
	const starts: number[] = [];
	for (const [i, template] of report.unknownTemplates.entries()) {
		const selected = i === options.selected;
		starts.push(lines.length);
		lines.push(fitLine([segment(selected ? '▸ ' : '  ', 'accent', {bold: true}), segment(template.count.toLocaleString('en-US').padStart(7), 'plain', {bold: true, inverse: selected}), segment(`  ${template.severity.padEnd(8)}`, template.severity === 'warning' ? 'warning' : 'critical')], width));
		lines.push(...highlightedRows(template.template, width, '    ', options.pattern));
		lines.push(fitLine([segment(`    e.g. ${labels.get(template.example.source) ?? sourceName(template.example.source)}:${template.example.line}`, 'muted')], width));
	}

	if (report.unknownTemplates.length === 0) lines.push(line('  none', 'muted'));
	return {lines, starts, at: report.unknownTemplates.map((t) => ({source: t.example.source, line: t.example.line}))};
}
