/** Which screen the live view shows. */
export type UiScreen = 'list' | 'detail' | 'help';

/** What the person has chosen so far: selection, open finding, scroll, filter. */
export type UiState = {
	readonly screen: UiScreen;
	/** Screen to go back to from help. */
	readonly back: 'list' | 'detail';
	/** Selected finding by id, so the selection stays put while findings reorder as records stream in. */
	readonly selectedId: string | undefined;
	/** First row of the detail view shown. */
	readonly scroll: number;
	/** Evidence filter in force (case-insensitive substring). */
	readonly filter: string;
	/** Filter text being typed after `/`, undefined when not typing. */
	readonly editing: string | undefined;
	/** A one-line notice (report written, …). */
	readonly message: string | undefined;
};

/** A key press, already decoded. */
export type UiKey =
	| {readonly type: 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end' | 'enter' | 'escape' | 'backspace' | 'interrupt'}
	| {readonly type: 'text'; readonly text: string};

/** What the key asks of the outside world besides the new state. */
export type UiEffect = 'none' | 'export' | 'quit' | 'interrupt';

/** What the reducer needs to know about the screen as last drawn. */
export type UiView = {
	/** Ids of the findings in list order (after the filter). */
	readonly findingIds: readonly string[];
	/** Rows of the detail view's content, and how many fit. */
	readonly detailRows: number;
	readonly pageRows: number;
};

export const initialUiState: UiState = {screen: 'list', back: 'list', selectedId: undefined, scroll: 0, filter: '', editing: undefined, message: undefined};

/** The selected finding's index in the list: the chosen one while it is listed, else the first. */
export function selectedIndex(state: UiState, ids: readonly string[]): number {
	const index = state.selectedId === undefined ? -1 : ids.indexOf(state.selectedId);
	return index === -1 ? 0 : index;
}

function clampScroll(scroll: number, view: UiView): number {
	return Math.max(0, Math.min(scroll, Math.max(0, view.detailRows - view.pageRows)));
}

function move(state: UiState, view: UiView, delta: number): UiState {
	if (state.screen === 'detail') return {...state, scroll: clampScroll(state.scroll + delta, view)};
	if (view.findingIds.length === 0) return state;
	const index = Math.max(0, Math.min(view.findingIds.length - 1, selectedIndex(state, view.findingIds) + delta));
	return {...state, selectedId: view.findingIds[index]};
}

function editFilter(state: UiState, key: UiKey): {state: UiState; effect: UiEffect} {
	const editing = state.editing ?? '';
	switch (key.type) {
		case 'enter':
			return {state: {...state, filter: editing.trim(), editing: undefined, scroll: 0}, effect: 'none'};
		case 'escape':
			return {state: {...state, editing: undefined}, effect: 'none'};
		case 'backspace':
			return {state: {...state, editing: [...editing].slice(0, -1).join('')}, effect: 'none'};
		case 'text':
			return {state: {...state, editing: editing + key.text.replace(/[\u0000-\u001f\u007f]/g, '')}, effect: 'none'};
		case 'interrupt':
			return {state, effect: 'interrupt'};
		case 'up':
		case 'down':
		case 'page-up':
		case 'page-down':
		case 'home':
		case 'end':
			return {state, effect: 'none'};
		default:
			return key satisfies never;
	}
}

/** The live view's key bindings as a reducer: (state, key, view) → state and what to do outside. */
export function reduceKey(state: UiState, key: UiKey, view: UiView): {state: UiState; effect: UiEffect} {
	if (state.editing !== undefined) return editFilter(state, key);
	const cleared = state.message === undefined ? state : {...state, message: undefined};
	if (state.screen === 'help' && key.type !== 'interrupt' && !(key.type === 'text' && key.text === 'q')) {
		return {state: {...cleared, screen: cleared.back}, effect: 'none'};
	}

	switch (key.type) {
		case 'interrupt':
			return {state, effect: 'interrupt'};
		case 'up':
			return {state: move(cleared, view, -1), effect: 'none'};
		case 'down':
			return {state: move(cleared, view, 1), effect: 'none'};
		case 'page-up':
			return {state: move(cleared, view, -Math.max(1, view.pageRows - 1)), effect: 'none'};
		case 'page-down':
			return {state: move(cleared, view, Math.max(1, view.pageRows - 1)), effect: 'none'};
		case 'home':
			return {state: move(cleared, view, -Number.MAX_SAFE_INTEGER / 2), effect: 'none'};
		case 'end':
			return {state: move(cleared, view, Number.MAX_SAFE_INTEGER / 2), effect: 'none'};
		case 'enter':
			if (cleared.screen !== 'list' || view.findingIds.length === 0) return {state: cleared, effect: 'none'};
			return {state: {...cleared, screen: 'detail', selectedId: view.findingIds[selectedIndex(cleared, view.findingIds)], scroll: 0}, effect: 'none'};
		case 'escape':
			if (cleared.screen === 'detail') return {state: {...cleared, screen: 'list', scroll: 0}, effect: 'none'};
			return {state: {...cleared, filter: ''}, effect: 'none'};
		case 'backspace':
			return {state: cleared, effect: 'none'};
		case 'text':
			switch (key.text) {
				case 'q':
					return {state: cleared, effect: 'quit'};
				case 'j':
					return {state: move(cleared, view, 1), effect: 'none'};
				case 'k':
					return {state: move(cleared, view, -1), effect: 'none'};
				case ' ':
					return {state: move(cleared, view, Math.max(1, view.pageRows - 1)), effect: 'none'};
				case 'g':
					return {state: move(cleared, view, -Number.MAX_SAFE_INTEGER / 2), effect: 'none'};
				case 'G':
					return {state: move(cleared, view, Number.MAX_SAFE_INTEGER / 2), effect: 'none'};
				case '/':
					return {state: {...cleared, editing: cleared.filter}, effect: 'none'};
				case 'e':
					return {state: cleared, effect: 'export'};
				case '?':
					return {state: {...cleared, screen: 'help', back: cleared.screen === 'detail' ? 'detail' : 'list'}, effect: 'none'};
				default:
					return {state: cleared, effect: 'none'};
			}

		default:
			return key satisfies never;
	}
}
