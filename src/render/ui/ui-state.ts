/** Which screen the live view shows. */
export type UiScreen = 'list' | 'detail' | 'help' | 'timeline' | 'context' | 'templates' | 'search';

/** The row of the list that stands for the warning and error lines no rule explains (it opens their table). */
export const unexplainedId = '#unexplained';

/** A line to show among its neighbours: where it is, and the screen to go back to. */
export type ContextTarget = {readonly source: string; readonly line: number; readonly back: 'detail' | 'templates' | 'search'};

/** What the person has chosen so far: selection, open finding, scroll, focus, search. */
export type UiState = {
	readonly screen: UiScreen;
	/** Screen to go back to from help. */
	readonly back: Exclude<UiScreen, 'help'>;
	/** Screen the timeline or the whole-log search was opened from. */
	readonly parent: 'list' | 'detail';
	/** Selected list row by id (a finding's, or unexplainedId), so it stays put while findings reorder. */
	readonly selectedId: string | undefined;
	/** First row of the detail view shown. */
	readonly scroll: number;
	/** Index of the focused command or evidence line in the detail view. */
	readonly focus: number;
	/** Columns the commands are scrolled sideways (they are never wrapped). */
	readonly sideways: number;
	/** Evidence shown as the raw line instead of the decoded message. */
	readonly raw: boolean;
	/** The search in force (a regular expression; a leading * searches the whole log), or ''. */
	readonly filter: string;
	/** Search text being typed after `/`, undefined when not typing. */
	readonly editing: string | undefined;
	/** A one-line notice (report written, command copied, …). */
	readonly message: string | undefined;
	/** The line the context screen shows among its neighbours. */
	readonly context: ContextTarget | undefined;
	/** Selected row of the templates table, or of the whole-log search results. */
	readonly row: number;
	/** First row shown on the context, templates, search and timeline screens. */
	readonly offset: number;
};

/** A key press, already decoded. */
export type UiKey =
	| {readonly type: 'up' | 'down' | 'left' | 'right' | 'page-up' | 'page-down' | 'home' | 'end' | 'enter' | 'escape' | 'backspace' | 'interrupt' | 'tab' | 'back-tab'}
	| {readonly type: 'text'; readonly text: string};

/** What the key asks of the outside world besides the new state. */
export type UiEffect =
	| {readonly type: 'none' | 'export' | 'quit' | 'interrupt'}
	| {readonly type: 'copy'; readonly text: string}
	| {readonly type: 'read-context'; readonly target: ContextTarget}
	| {readonly type: 'search-log'; readonly pattern: string};

/** Something in the detail view that tab moves to: a command to copy, or an evidence line to open. */
export type Focusable =
	| {readonly kind: 'command'; readonly row: number; readonly text: string}
	| {readonly kind: 'evidence'; readonly row: number; readonly source: string; readonly line: number; readonly matches: boolean; readonly rows?: number};

/** What the reducer needs to know about the screen as last drawn. */
export type UiView = {
	/** Ids of the list's rows in order (after the search): findings, then unexplainedId when there are such lines. */
	readonly findingIds: readonly string[];
	/** Rows of the scrolling content (detail, context, templates, search, timeline), and how many fit. */
	readonly detailRows: number;
	readonly pageRows: number;
	/** The detail view's commands and evidence lines, in order, with the row each starts on. */
	readonly focusables: readonly Focusable[];
	/** Rows the templates table or the search results have (the selectable ones). */
	readonly selectable: number;
	/** Where each selectable row is: its source and line (to open it among its neighbours). */
	readonly selectableAt: readonly ({readonly source: string; readonly line: number} | undefined)[];
	/** The context screen's first row before any scrolling: the one that shows the opened line. */
	readonly contextBase: number;
};

export const emptyView: UiView = {findingIds: [], detailRows: 0, pageRows: 1, focusables: [], selectable: 0, selectableAt: [], contextBase: 0};

export const initialUiState: UiState = {
	screen: 'list',
	back: 'list',
	parent: 'list',
	selectedId: undefined,
	scroll: 0,
	focus: 0,
	sideways: 0,
	raw: false,
	filter: '',
	editing: undefined,
	message: undefined,
	context: undefined,
	row: 0,
	offset: 0,
};

const none: UiEffect = {type: 'none'};

/** The selected row's index in the list: the chosen one while it is listed, else the first. */
export function selectedIndex(state: UiState, ids: readonly string[]): number {
	const index = state.selectedId === undefined ? -1 : ids.indexOf(state.selectedId);
	return index === -1 ? 0 : index;
}

function clampScroll(scroll: number, view: UiView): number {
	return Math.max(0, Math.min(scroll, Math.max(0, view.detailRows - view.pageRows)));
}

/** The scroll that shows `rows` rows from `row` (and a little above), moving as little as possible. */
function scrollTo(scroll: number, row: number, view: UiView, rows = 1): number {
	if (row < scroll) return clampScroll(Math.max(0, row - 1), view);
	if (row + rows > scroll + view.pageRows - 1) return clampScroll(row - Math.floor(view.pageRows / 3), view);
	return scroll;
}

function move(state: UiState, view: UiView, delta: number): UiState {
	switch (state.screen) {
		case 'detail':
			return {...state, scroll: clampScroll(state.scroll + delta, view)};
		case 'context':
			return {...state, offset: clampScroll(view.contextBase + state.offset + delta, view) - view.contextBase};
		case 'timeline':
			return {...state, offset: clampScroll(state.offset + delta, view)};
		case 'templates':
		case 'search': {
			if (view.selectable === 0) return state;
			const row = Math.max(0, Math.min(view.selectable - 1, state.row + delta));
			return {...state, row};
		}

		case 'list':
		case 'help': {
			if (view.findingIds.length === 0) return state;
			const index = Math.max(0, Math.min(view.findingIds.length - 1, selectedIndex(state, view.findingIds) + delta));
			return {...state, selectedId: view.findingIds[index]};
		}

		default:
			return state.screen satisfies never;
	}
}

/** Moves the detail view's focus to the next (or previous) command or evidence line, and scrolls to it. */
function moveFocus(state: UiState, view: UiView, delta: number, only?: (f: Focusable) => boolean): UiState {
	const items = view.focusables;
	if (items.length === 0) return state;
	const current = Math.min(state.focus, items.length - 1);
	for (let step = 1; step <= items.length; step++) {
		const index = (((current + delta * step) % items.length) + items.length) % items.length;
		const item = items[index]!;
		if (only === undefined || only(item)) return {...state, focus: index, scroll: scrollTo(state.scroll, item.row, view, item.kind === 'evidence' ? (item.rows ?? 1) : 1)};
	}

	return {...state, message: 'no evidence line matches the search (n and N move between matches)'};
}

/** n / N: the next match of the search, on whatever screen shows matches. */
function nextMatch(state: UiState, view: UiView, delta: number): UiState {
	if (state.filter === '') return {...state, message: 'no search in force: / starts one'};
	switch (state.screen) {
		case 'detail':
			return moveFocus(state, view, delta, (f) => f.kind === 'evidence' && f.matches);
		case 'list':
		case 'search':
		case 'templates':
			return move(state, view, delta);
		case 'context':
		case 'timeline':
		case 'help':
			return state;
		default:
			return state.screen satisfies never;
	}
}

function editSearch(state: UiState, key: UiKey): {state: UiState; effect: UiEffect} {
	const editing = state.editing ?? '';
	switch (key.type) {
		case 'enter': {
			const filter = editing.trim();
			const next: UiState = {...state, filter, editing: undefined, scroll: 0, row: 0, offset: 0};
			// A leading * (as in less) searches the whole log, read again from the files.
			if (filter.startsWith('*') && filter.length > 1) return {state: {...next, screen: 'search', parent: state.screen === 'detail' ? 'detail' : 'list'}, effect: {type: 'search-log', pattern: filter.slice(1)}};
			return {state: next, effect: none};
		}

		case 'escape':
			return {state: {...state, editing: undefined}, effect: none};
		case 'backspace':
			return {state: {...state, editing: [...editing].slice(0, -1).join('')}, effect: none};
		case 'text':
			return {state: {...state, editing: editing + key.text.replace(/[\u0000-\u001f\u007f]/g, '')}, effect: none};
		case 'interrupt':
			return {state, effect: {type: 'interrupt'}};
		case 'up':
		case 'down':
		case 'left':
		case 'right':
		case 'page-up':
		case 'page-down':
		case 'home':
		case 'end':
		case 'tab':
		case 'back-tab':
			return {state, effect: none};
		default:
			return key satisfies never;
	}
}

/** Where esc goes from each screen. */
function back(state: UiState): UiState {
	switch (state.screen) {
		case 'detail':
			return {...state, screen: 'list', scroll: 0, focus: 0, sideways: 0};
		case 'timeline':
			return {...state, screen: state.parent, offset: 0};
		case 'context':
			return {...state, screen: state.context?.back ?? 'detail', offset: 0};
		case 'templates':
			return {...state, screen: 'list', row: 0, offset: 0};
		case 'search':
			return {...state, screen: state.parent, row: 0, offset: 0};
		case 'list':
			return {...state, filter: ''};
		case 'help':
			return {...state, screen: state.back};
		default:
			return state.screen satisfies never;
	}
}

function enter(state: UiState, view: UiView): {state: UiState; effect: UiEffect} {
	switch (state.screen) {
		case 'list': {
			if (view.findingIds.length === 0) return {state, effect: none};
			const id = view.findingIds[selectedIndex(state, view.findingIds)]!;
			if (id === unexplainedId) return {state: {...state, screen: 'templates', selectedId: id, row: 0, offset: 0}, effect: none};
			return {state: {...state, screen: 'detail', selectedId: id, scroll: 0, focus: 0, sideways: 0}, effect: none};
		}

		case 'detail': {
			const item = view.focusables[Math.min(state.focus, view.focusables.length - 1)];
			if (item === undefined) return {state, effect: none};
			if (item.kind === 'command') return {state: {...state, message: copiedNotice(item.text)}, effect: {type: 'copy', text: item.text}};
			return openContext(state, {source: item.source, line: item.line, back: 'detail'});
		}

		case 'templates':
		case 'search': {
			const at = view.selectableAt[state.row];
			if (at === undefined) return {state, effect: none};
			return openContext(state, {...at, back: state.screen});
		}

		case 'context':
		case 'timeline':
		case 'help':
			return {state, effect: none};
		default:
			return state.screen satisfies never;
	}
}

function openContext(state: UiState, target: ContextTarget): {state: UiState; effect: UiEffect} {
	return {state: {...state, screen: 'context', context: target, offset: 0}, effect: {type: 'read-context', target}};
}

function copiedNotice(command: string): string {
	return `copied (OSC 52, and printed when you quit): ${command}`;
}

/** The live view's key bindings as a reducer: (state, key, view) → state and what to do outside. */
export function reduceKey(state: UiState, key: UiKey, view: UiView): {state: UiState; effect: UiEffect} {
	if (state.editing !== undefined) return editSearch(state, key);
	const cleared = state.message === undefined ? state : {...state, message: undefined};
	if (state.screen === 'help' && key.type !== 'interrupt' && !(key.type === 'text' && key.text === 'q')) {
		return {state: {...cleared, screen: cleared.back}, effect: none};
	}

	switch (key.type) {
		case 'interrupt':
			return {state, effect: {type: 'interrupt'}};
		case 'up':
			return {state: move(cleared, view, -1), effect: none};
		case 'down':
			return {state: move(cleared, view, 1), effect: none};
		case 'left':
			return {state: {...cleared, sideways: Math.max(0, cleared.sideways - 8)}, effect: none};
		case 'right':
			return {state: {...cleared, sideways: cleared.sideways + 8}, effect: none};
		case 'page-up':
			return {state: move(cleared, view, -Math.max(1, view.pageRows - 1)), effect: none};
		case 'page-down':
			return {state: move(cleared, view, Math.max(1, view.pageRows - 1)), effect: none};
		case 'home':
			return {state: move(cleared, view, -Number.MAX_SAFE_INTEGER / 2), effect: none};
		case 'end':
			return {state: move(cleared, view, Number.MAX_SAFE_INTEGER / 2), effect: none};
		case 'tab':
			return {state: cleared.screen === 'detail' ? moveFocus(cleared, view, 1) : cleared, effect: none};
		case 'back-tab':
			return {state: cleared.screen === 'detail' ? moveFocus(cleared, view, -1) : cleared, effect: none};
		case 'enter':
			return enter(cleared, view);
		case 'escape':
			return {state: back(cleared), effect: none};
		case 'backspace':
			return {state: cleared, effect: none};
		case 'text':
			return textKey(cleared, key.text, view);
		default:
			return key satisfies never;
	}
}

function textKey(state: UiState, text: string, view: UiView): {state: UiState; effect: UiEffect} {
	switch (text) {
		case 'q':
			return {state, effect: {type: 'quit'}};
		case 'j':
			return {state: move(state, view, 1), effect: none};
		case 'k':
			return {state: move(state, view, -1), effect: none};
		case 'h':
			return {state: {...state, sideways: Math.max(0, state.sideways - 8)}, effect: none};
		case 'l':
			return {state: {...state, sideways: state.sideways + 8}, effect: none};
		case ' ':
			return {state: move(state, view, Math.max(1, view.pageRows - 1)), effect: none};
		case 'g':
			return {state: move(state, view, -Number.MAX_SAFE_INTEGER / 2), effect: none};
		case 'G':
			return {state: move(state, view, Number.MAX_SAFE_INTEGER / 2), effect: none};
		case 'n':
			return {state: nextMatch(state, view, 1), effect: none};
		case 'N':
			return {state: nextMatch(state, view, -1), effect: none};
		case '/':
			return {state: {...state, editing: state.filter}, effect: none};
		case 'r':
			return {state: {...state, raw: !state.raw, message: state.raw ? 'evidence shows the decoded messages' : 'evidence shows the raw lines as read'}, effect: none};
		case 't':
			if (state.screen === 'timeline') return {state: back(state), effect: none};
			if (state.screen === 'detail') return {state: {...state, screen: 'timeline', parent: 'detail', offset: 0}, effect: none};
			if (state.screen === 'list' && view.findingIds.length > 0 && view.findingIds[selectedIndex(state, view.findingIds)] !== unexplainedId) {
				return {state: {...state, screen: 'timeline', parent: 'list', selectedId: view.findingIds[selectedIndex(state, view.findingIds)], offset: 0}, effect: none};
			}

			return {state, effect: none};
		case 'y': {
			if (state.screen !== 'detail') return {state: {...state, message: 'open a finding (enter) to copy its commands'}, effect: none};
			const focused = view.focusables[Math.min(state.focus, view.focusables.length - 1)];
			const command = focused?.kind === 'command' ? focused : view.focusables.find((f) => f.kind === 'command');
			if (command === undefined || command.kind !== 'command') return {state: {...state, message: 'this finding has no command to copy'}, effect: none};
			const focus = view.focusables.indexOf(command);
			return {state: {...state, focus, scroll: scrollTo(state.scroll, command.row, view), message: copiedNotice(command.text)}, effect: {type: 'copy', text: command.text}};
		}

		case 'e':
			return {state, effect: {type: 'export'}};
		case '?':
			return {state: {...state, screen: 'help', back: state.screen === 'help' ? state.back : state.screen}, effect: none};
		default:
			return {state, effect: none};
	}
}
