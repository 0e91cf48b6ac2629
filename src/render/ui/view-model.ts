import {count, type TimeStyle} from '../report-words.js';
import {buildContextLines} from './context-lines.js';
import {buildDetailLines, findingRows, visibleFindings} from './finding-lines.js';
import {buildHeader} from './header-lines.js';
import {buildContextScreen, buildSearchScreen, buildTemplatesScreen, type ContextData, type SearchData} from './log-lines.js';
import {blankLine, fitLine, line, segment, type ScreenLine} from './screen-line.js';
import {compileSearch, type SearchPattern} from './search-pattern.js';
import type {Snapshot} from './snapshot.js';
import {buildTimelineLines} from './timeline-chart.js';
import {emptyView, selectedIndex, unexplainedId, type UiScreen, type UiState, type UiView} from './ui-state.js';

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

/** One column of rows, windowed to the screen: the detail view, help, the timeline, a line's neighbours, the tables. */
export type PageBody = {readonly kind: 'page'; readonly screen: Exclude<UiScreen, 'list'>; readonly lines: readonly ScreenLine[]};

/** What to draw, row by row, and what the key reducer needs to know about it. */
export type ScreenModel = {
	readonly header: readonly ScreenLine[];
	readonly body: ListBody | PageBody;
	readonly bodyHeight: number;
	readonly footer: readonly ScreenLine[];
	readonly view: UiView;
};

/** What the view shows besides the snapshot: lines read back for the context screen and the whole-log search. */
export type ScreenExtras = {
	readonly context?: ContextData | undefined;
	readonly search?: SearchData | undefined;
	readonly style?: TimeStyle | undefined;
};

/** Terminals at least this wide show the context panel beside the findings. */
export const sideBySideWidth = 110;

const helpRows: readonly (readonly [string, string])[] = [
	['↑ ↓  j k', 'move in the list; scroll the other screens'],
	['PgUp PgDn space g G', 'page up and down, top, bottom'],
	['enter', 'open the selected finding; on an evidence line, show it among its neighbours'],
	['tab  shift-tab', 'in a finding: the next / previous command or evidence line'],
	['y', 'copy the selected command (OSC 52; the copies are printed when you quit)'],
	['← →  h l', 'scroll the commands sideways (they are never wrapped)'],
	['r', 'evidence as the raw lines read, or as decoded messages'],
	['t', 'the timeline of the selected finding'],
	['/', 'search (a regular expression): enter keeps it, esc cancels; /*text searches the whole log'],
	['n N', 'the next / previous match'],
	['esc', 'back (in the list: clear the search)'],
	['e', 'write the Markdown report to a file (current directory, else $TMPDIR)'],
	['?', 'this help (any key closes it)'],
	['q  ctrl-c', 'quit (nothing is written unless you asked with e or --report)'],
];

const footerKeys: Record<UiScreen, string> = {
	list: '↑↓ move  enter open  t timeline  / search  e export  ? help  q quit',
	detail: '↑↓ scroll  tab next  y copy  enter open line  r raw  t timeline  / n N search  esc back',
	help: 'any key closes the help',
	timeline: '↑↓ scroll  t or esc back  e export  q quit',
	context: '↑↓ scroll  r raw  / n N search  esc back  q quit',
	templates: '↑↓ move  enter open the example  / search  esc back  q quit',
	search: '↑↓ n N move  enter open the line  r raw  esc back  q quit',
};

/** Rows from `scroll`, at most `height` of them. */
export function windowRows(rows: readonly ScreenLine[], scroll: number, height: number): ScreenLine[] {
	return rows.slice(Math.max(0, scroll), Math.max(0, scroll) + Math.max(0, height));
}

function footerLines(snapshot: Snapshot, state: UiState, pattern: SearchPattern | undefined, model: {readonly position?: string}, width: number): ScreenLine[] {
	let notice: ScreenLine;
	if (state.editing !== undefined) notice = [segment('search: /', 'accent', {bold: true}), segment(state.editing), segment('▏', 'accent'), segment('  enter keeps, esc cancels, /*text searches the whole log', 'muted')];
	else if (state.message !== undefined) notice = [segment(state.message, 'ok')];
	else if (pattern !== undefined) notice = [segment('search: ', 'accent'), segment(`/${pattern.text}/${pattern.wholeLog ? ' in the whole log' : ''}`, 'plain', {bold: true}), segment(`  n N move between matches, esc in the list clears it${pattern.note === undefined ? '' : `; ${pattern.note}`}`, 'muted')];
	else notice = snapshot.report.warnings.length > 0 ? [segment(`${count(snapshot.report.warnings.length, 'warning')} about the input: e writes them with the report`, 'warning')] : blankLine;
	// Where the page is goes first: the keys can be cut at the edge, the position should not be.
	return [fitLine(notice, width), fitLine([segment(model.position === undefined ? '' : `${model.position}  `, 'muted'), segment(footerKeys[state.screen], 'muted')], width)];
}

function listBody(snapshot: Snapshot, state: UiState, pattern: SearchPattern | undefined, width: number, height: number, style: TimeStyle): {body: ListBody; ids: string[]} {
	const {report} = snapshot;
	const findings = visibleFindings(report, pattern);
	const ids = findings.map((f) => f.id);
	if (report.unknownTemplates.length > 0) ids.push(unexplainedId);
	const side = width >= sideBySideWidth;
	const contextWidth = side ? Math.min(56, Math.floor(width * 0.42)) : undefined;
	const listWidth = contextWidth === undefined ? width : width - contextWidth - 2;
	const context = buildContextLines(report, contextWidth ?? width, contextWidth === undefined ? 2 : 4, style, contextWidth !== undefined);
	const selected = selectedIndex(state, ids);

	const head: ScreenLine[] = [];
	const filtered = pattern !== undefined && !pattern.wholeLog;
	const title = filtered ? `Findings with evidence matching /${pattern.text}/ (${findings.length} of ${report.findings.length})` : `Findings (${report.findings.length})`;
	head.push(fitLine([segment(title, 'accent', {bold: true})], listWidth));
	if (findings.length === 0) {
		const empty = filtered
			? 'No finding has evidence matching the search (esc clears it).'
			: snapshot.phase !== 'done'
				? report.totals.records === 0
					? 'Reading; no line read yet.'
					: 'No failure signature so far.'
				: report.verdict === 'no-input'
					? 'Nothing to diagnose.'
					: 'No known failure signature found.';
		head.push(fitLine([segment(`  ${empty}`, 'muted')], listWidth));
	}

	const extra: ScreenLine[] = [];
	if (report.ruledOut.length > 0) extra.push(fitLine([segment(`  Ruled out: ${report.ruledOut.map((r) => `${r.id} (${r.confidence.toFixed(2)})`).join(', ')}`, 'muted')], listWidth));
	const unexplained: ScreenLine[] = [];
	if (report.unknownTemplates.length > 0) {
		const lines = report.unknownTemplates.reduce((n, t) => n + t.count, 0);
		const chosen = ids[selected] === unexplainedId;
		unexplained.push(fitLine([segment(chosen ? '▸ ' : '  ', 'accent', {bold: true}), segment(`${count(lines, 'warning/error line')} no rule explains, in ${count(report.unknownTemplates.length, 'shape')}`, chosen ? 'plain' : 'muted', {bold: chosen, inverse: chosen}), segment('  enter lists them', 'muted')], listWidth));
	}

	// The findings get the room they need first; the context panel (stacked, on a narrow terminal) takes the rest.
	const perFinding = 3;
	const fixedRows = head.length + unexplained.length;
	const wanted = fixedRows + findings.length * perFinding + extra.length;
	const minContext = contextWidth === undefined ? Math.min(context.length + 1, 4) : 0;
	const findingHeight = contextWidth === undefined ? Math.max(fixedRows + perFinding, Math.min(wanted, height - minContext)) : height;
	const available = findingHeight - fixedRows;
	const fitsAll = findings.length * perFinding <= available;
	const findingSelected = Math.min(selected, Math.max(0, findings.length - 1));
	// Otherwise a window around the selection, leaving a row above and below for "n more".
	const windowSize = fitsAll ? findings.length : Math.max(1, Math.floor((available - 2) / perFinding));
	const firstShown = fitsAll ? 0 : Math.max(0, Math.min(findingSelected - Math.floor(windowSize / 2), findings.length - windowSize));
	const rows: ScreenLine[] = [...head];
	if (firstShown > 0) rows.push(line(`  ↑ ${firstShown} more`, 'muted'));
	for (const [offset, finding] of findings.slice(firstShown, firstShown + windowSize).entries()) {
		rows.push(...findingRows(finding, firstShown + offset === selected, listWidth, report.nodes.length > 1, style));
	}

	const below = findings.length - firstShown - windowSize;
	if (below > 0) rows.push(line(`  ↓ ${below} more`, 'muted'));
	rows.push(...unexplained);
	for (const row of extra) if (rows.length < findingHeight) rows.push(row);

	const shownFindings = windowRows(rows, 0, findingHeight);
	const contextRows = contextWidth === undefined ? Math.max(0, height - shownFindings.length) : height;
	const shownContext = contextWidth === undefined ? windowRows([blankLine, ...context], 0, contextRows) : windowRows(context, 0, height);
	return {body: {kind: 'list', findings: shownFindings, context: shownContext, contextWidth, listWidth}, ids};
}

/** A scrolling page: the rows from `scroll`, and where it is in them. */
function page(screen: PageBody['screen'], all: readonly ScreenLine[], scroll: number, bodyHeight: number): {body: PageBody; scroll: number; position: string | undefined} {
	const top = Math.max(0, Math.min(scroll, all.length - bodyHeight));
	const position = all.length > bodyHeight ? `rows ${top + 1}-${Math.min(all.length, top + bodyHeight)} of ${all.length}` : undefined;
	return {body: {kind: 'page', screen, lines: windowRows(all, top, bodyHeight)}, scroll: top, position};
}

/** The first row that keeps `row` in view, a third of the way down. */
function follow(row: number, bodyHeight: number): number {
	return Math.max(0, row - Math.floor(bodyHeight / 3));
}

/** Report + progress + UI state → every row to draw, cut to the terminal's width and windowed to its height. */
export function buildScreen(snapshot: Snapshot, state: UiState, size: ScreenSize, extras: ScreenExtras = {}): ScreenModel {
	const width = Math.max(20, size.width);
	const height = Math.max(8, size.height);
	const style = extras.style ?? 'utc';
	const header = [...buildHeader(snapshot, width), fitLine([segment('─'.repeat(width), 'muted')], width)];
	const footerHeight = 2;
	const bodyHeight = Math.max(1, height - header.length - footerHeight);
	const pattern = compileSearch(state.filter);
	const {report} = snapshot;
	const listIds = (): string[] => [...visibleFindings(report, pattern).map((f) => f.id), ...(report.unknownTemplates.length > 0 ? [unexplainedId] : [])];
	const finish = (built: {body: PageBody; position: string | undefined}, view: Partial<UiView>, rows: number): ScreenModel => ({
		header,
		body: built.body,
		bodyHeight,
		footer: footerLines(snapshot, state, pattern, {position: built.position}, width),
		view: {...emptyView, findingIds: listIds(), detailRows: rows, pageRows: bodyHeight, ...view},
	});
	const selectedFinding = report.findings.find((f) => f.id === state.selectedId) ?? (state.selectedId === undefined ? report.findings[0] : undefined);

	switch (state.screen) {
		case 'help': {
			const lines: ScreenLine[] = [line('Keys', 'accent', {bold: true})];
			for (const [keys, what] of helpRows) lines.push(fitLine([segment(`  ${keys.padEnd(22)}`, 'plain', {bold: true}), segment(what)], width));
			lines.push(blankLine, fitLine([segment('Exit code: 0 nothing at warning or above, 1 findings, 2 no readable input.', 'muted')], width));
			return finish(page('help', lines, 0, bodyHeight), {}, lines.length);
		}

		case 'detail': {
			if (selectedFinding === undefined) break;
			const {lines, focusables} = buildDetailLines(selectedFinding, report, {width, pattern: pattern?.wholeLog === true ? undefined : pattern, focus: state.focus, sideways: state.sideways, raw: state.raw, style});
			return finish(page('detail', lines, state.scroll, bodyHeight), {focusables}, lines.length);
		}

		case 'timeline': {
			if (selectedFinding === undefined) break;
			const lines = buildTimelineLines(selectedFinding, report, width, bodyHeight, style);
			return finish(page('timeline', lines, state.offset, bodyHeight), {}, lines.length);
		}

		case 'context': {
			if (state.context === undefined) break;
			const {lines, focusRow} = buildContextScreen(state.context, extras.context, report, width, {raw: state.raw, pattern, style});
			const base = Math.max(0, Math.min(focusRow - Math.floor(bodyHeight / 2), lines.length - bodyHeight));
			return finish(page('context', lines, base + state.offset, bodyHeight), {contextBase: base}, lines.length);
		}

		case 'templates': {
			const {lines, starts, at} = buildTemplatesScreen(report, width, {selected: state.row, pattern: pattern?.wholeLog === true ? undefined : pattern});
			return finish(page('templates', lines, follow(starts[state.row] ?? 0, bodyHeight), bodyHeight), {selectable: at.length, selectableAt: at}, lines.length);
		}

		case 'search': {
			const {lines, starts, at} = buildSearchScreen(extras.search, report, width, {raw: state.raw, pattern, style, selected: state.row});
			return finish(page('search', lines, follow(starts[state.row] ?? 0, bodyHeight), bodyHeight), {selectable: at.length, selectableAt: at}, lines.length);
		}

		case 'list':
			break;
		default:
			return state.screen satisfies never;
	}

	const {body, ids} = listBody(snapshot, state, pattern, width, bodyHeight, style);
	return {header, body, bodyHeight, footer: footerLines(snapshot, {...state, screen: 'list'}, pattern, {}, width), view: {...emptyView, findingIds: ids, pageRows: bodyHeight}};
}
