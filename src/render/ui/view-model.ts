import {count} from '../report-words.js';
import {buildContextLines} from './context-lines.js';
import {buildDetailLines, findingRows, visibleFindings} from './finding-lines.js';
import {buildHeader} from './header-lines.js';
import {blankLine, fitLine, line, segment, type ScreenLine} from './screen-line.js';
import type {Snapshot} from './snapshot.js';
import {selectedIndex, type UiState, type UiView} from './ui-state.js';

/** The terminal's size in cells. */
export type ScreenSize = {readonly width: number; readonly height: number};

/** The list screen: findings, and the context panel beside them (wide terminals) or below them. */
export type ListBody = {
	readonly kind: 'list';
	readonly findings: readonly ScreenLine[];
	readonly context: readonly ScreenLine[];
	/** Columns of the context panel when it stands beside the list; undefined when stacked below it. */
	readonly contextWidth: number | undefined;
	readonly listWidth: number;
};

/** The detail screen of one finding, windowed to the screen. */
export type DetailBody = {readonly kind: 'detail'; readonly lines: readonly ScreenLine[]};

export type HelpBody = {readonly kind: 'help'; readonly lines: readonly ScreenLine[]};

/** What to draw, row by row, and what the key reducer needs to know about it. */
export type ScreenModel = {
	readonly header: readonly ScreenLine[];
	readonly body: ListBody | DetailBody | HelpBody;
	readonly bodyHeight: number;
	readonly footer: readonly ScreenLine[];
	readonly view: UiView;
};

/** Terminals at least this wide show the context panel beside the findings. */
export const sideBySideWidth = 110;

const helpRows: readonly (readonly [string, string])[] = [
	['↑ ↓  j k', 'move in the list; scroll the detail view'],
	['PgUp PgDn space g G', 'page up and down, top, bottom'],
	['enter', 'open the selected finding'],
	['esc', 'back to the list (in the list: clear the filter)'],
	['/', 'filter the evidence: type text, enter keeps it, esc cancels'],
	['e', 'write the Markdown report to a file (current directory, else $TMPDIR)'],
	['?', 'this help (any key closes it)'],
	['q  ctrl-c', 'quit (ctrl-c also writes the report to a file)'],
];

/** Rows from `scroll`, at most `height` of them. */
export function windowRows(rows: readonly ScreenLine[], scroll: number, height: number): ScreenLine[] {
	return rows.slice(Math.max(0, scroll), Math.max(0, scroll) + Math.max(0, height));
}

function footerLines(snapshot: Snapshot, state: UiState, model: {readonly position?: string}, width: number): ScreenLine[] {
	let notice: ScreenLine;
	if (state.editing !== undefined) notice = [segment('filter evidence: ', 'accent', {bold: true}), segment(state.editing), segment('▏', 'accent'), segment('  enter keeps, esc cancels', 'muted')];
	else if (state.message !== undefined) notice = [segment(state.message, 'ok')];
	else if (state.filter !== '') notice = [segment('filter: ', 'accent'), segment(`"${state.filter}"`, 'plain', {bold: true}), segment('  (/ changes it, esc in the list clears it)', 'muted')];
	else notice = snapshot.report.warnings.length > 0 ? [segment(`${count(snapshot.report.warnings.length, 'warning')} about the input: e writes them with the report`, 'warning')] : blankLine;

	const keys = state.screen === 'detail' ? '↑↓ scroll  esc back  / filter  e export  ? help  q quit' : '↑↓ move  enter open  / filter  e export  ? help  q quit';
	return [fitLine(notice, width), fitLine([segment(keys, 'muted'), segment(model.position === undefined ? '' : `  ${model.position}`, 'muted')], width)];
}

function listBody(snapshot: Snapshot, state: UiState, width: number, height: number): {body: ListBody; ids: string[]} {
	const {report} = snapshot;
	const findings = visibleFindings(report, state.filter);
	const ids = findings.map((f) => f.id);
	const side = width >= sideBySideWidth;
	const contextWidth = side ? Math.min(56, Math.floor(width * 0.42)) : undefined;
	const listWidth = contextWidth === undefined ? width : width - contextWidth - 2;
	const context = buildContextLines(report, contextWidth ?? width, contextWidth === undefined ? 2 : 4, contextWidth !== undefined);

	const rows: ScreenLine[] = [];
	const title = state.filter === '' ? `Findings (${report.findings.length})` : `Findings with evidence matching "${state.filter}" (${findings.length} of ${report.findings.length})`;
	rows.push(fitLine([segment(title, 'accent', {bold: true})], listWidth));
	if (findings.length === 0) {
		const empty =
			state.filter !== ''
				? 'No finding has evidence matching the filter (esc clears it).'
				: report.verdict === 'no-input'
					? snapshot.phase === 'done'
						? 'Nothing could be read.'
						: 'Waiting for input…'
					: snapshot.phase === 'done'
						? 'No known failure signature found.'
						: 'No failure signature so far.';
		rows.push(fitLine([segment(`  ${empty}`, 'muted')], listWidth));
	}

	// Stacked, the context panel takes what the findings leave, but the findings keep at least one of theirs.
	const contextRows = contextWidth === undefined ? Math.min(context.length + 1, Math.max(0, height - 4)) : 0;
	const findingHeight = height - contextRows;
	const extra: ScreenLine[] = [];
	if (report.ruledOut.length > 0) extra.push(fitLine([segment(`  Ruled out: ${report.ruledOut.map((r) => `${r.id} (${r.confidence.toFixed(2)})`).join(', ')}`, 'muted')], listWidth));
	if (report.unknownTemplates.length > 0) {
		const lines = report.unknownTemplates.reduce((n, t) => n + t.count, 0);
		extra.push(fitLine([segment(`  ${count(lines, 'warning/error line')} no rule explains, in ${count(report.unknownTemplates.length, 'shape')} (e writes them)`, 'muted')], listWidth));
	}

	const selected = selectedIndex(state, ids);
	const perFinding = 3;
	const available = findingHeight - rows.length;
	const fitsAll = findings.length * perFinding <= available;
	// Otherwise a window around the selection, leaving a row above and below for "n more".
	const windowSize = fitsAll ? findings.length : Math.max(1, Math.floor((available - 2) / perFinding));
	const firstShown = fitsAll ? 0 : Math.max(0, Math.min(selected - Math.floor(windowSize / 2), findings.length - windowSize));
	if (firstShown > 0) rows.push(line(`  ↑ ${firstShown} more`, 'muted'));
	for (const [offset, finding] of findings.slice(firstShown, firstShown + windowSize).entries()) {
		rows.push(...findingRows(finding, firstShown + offset === selected, listWidth, report.nodes.length > 1));
	}

	const below = findings.length - firstShown - windowSize;
	if (below > 0) rows.push(line(`  ↓ ${below} more`, 'muted'));
	for (const row of extra) if (rows.length < findingHeight) rows.push(row);

	const shownFindings = windowRows(rows, 0, findingHeight);
	const shownContext = contextWidth === undefined ? windowRows([blankLine, ...context], 0, contextRows) : windowRows(context, 0, height);
	return {body: {kind: 'list', findings: shownFindings, context: shownContext, contextWidth, listWidth}, ids};
}

/** Report + progress + UI state → every row to draw, cut to the terminal's width and windowed to its height. */
export function buildScreen(snapshot: Snapshot, state: UiState, size: ScreenSize): ScreenModel {
	const width = Math.max(20, size.width);
	const height = Math.max(8, size.height);
	const header = [...buildHeader(snapshot, width), fitLine([segment('─'.repeat(width), 'muted')], width)];
	const footerHeight = 2;
	const bodyHeight = Math.max(1, height - header.length - footerHeight);

	if (state.screen === 'help') {
		const lines: ScreenLine[] = [line('Keys', 'accent', {bold: true})];
		for (const [keys, what] of helpRows) lines.push(fitLine([segment(`  ${keys.padEnd(22)}`, 'plain', {bold: true}), segment(what)], width));
		lines.push(blankLine, fitLine([segment('Exit code: 0 nothing at warning or above, 1 findings, 2 no readable input.', 'muted')], width));
		const ids = visibleFindings(snapshot.report, state.filter).map((f) => f.id);
		return {header, body: {kind: 'help', lines: windowRows(lines, 0, bodyHeight)}, bodyHeight, footer: footerLines(snapshot, state, {}, width), view: {findingIds: ids, detailRows: 0, pageRows: bodyHeight}};
	}

	if (state.screen === 'detail') {
		const finding = snapshot.report.findings.find((f) => f.id === state.selectedId);
		const ids = visibleFindings(snapshot.report, state.filter).map((f) => f.id);
		if (finding !== undefined) {
			const all = buildDetailLines(finding, snapshot.report, state.filter, width);
			const scroll = Math.max(0, Math.min(state.scroll, all.length - bodyHeight));
			const position = all.length > bodyHeight ? `rows ${scroll + 1}-${Math.min(all.length, scroll + bodyHeight)} of ${all.length}` : undefined;
			return {
				header,
				body: {kind: 'detail', lines: windowRows(all, scroll, bodyHeight)},
				bodyHeight,
				footer: footerLines(snapshot, state, {position}, width),
				view: {findingIds: ids, detailRows: all.length, pageRows: bodyHeight},
			};
		}
	}

	const {body, ids} = listBody(snapshot, state, width, bodyHeight);
	return {header, body, bodyHeight, footer: footerLines(snapshot, state, {}, width), view: {findingIds: ids, detailRows: 0, pageRows: bodyHeight}};
}
