import {describe, expect, it} from 'vitest';
import {emptyView, initialUiState, reduceKey, selectedIndex, unexplainedId, type UiKey, type UiState, type UiView} from '../../../src/render/ui/ui-state.js';

const view: UiView = {
	...emptyView,
	findingIds: ['a', 'b', 'c'],
	detailRows: 50,
	pageRows: 20,
	focusables: [
		{kind: 'command', row: 10, text: 'systemctl restart kube-apiserver'},
		{kind: 'command', row: 12, text: 'kubectl get --raw=/readyz'},
		{kind: 'evidence', row: 30, source: 'a.log', line: 7, matches: false},
		{kind: 'evidence', row: 40, source: 'a.log', line: 9, matches: true},
	],
};
const text = (t: string): UiKey => ({type: 'text', text: t});
const press = (state: UiState, ...keys: UiKey[]): {state: UiState; effects: string[]} => {
	const effects: string[] = [];
	for (const key of keys) {
		const result = reduceKey(state, key, view);
		state = result.state;
		effects.push(result.effect.type);
	}

	return {state, effects};
};

describe('reduceKey', () => {
	it('moves the selection with arrows and j/k, within the list', () => {
		expect(selectedIndex(press(initialUiState, {type: 'down'}).state, view.findingIds)).toBe(1);
		expect(press(initialUiState, text('j'), text('j'), text('j'), text('j')).state.selectedId).toBe('c');
		expect(press(initialUiState, text('j'), {type: 'up'}, text('k')).state.selectedId).toBe('a');
		expect(press(initialUiState, text('G')).state.selectedId).toBe('c');
	});

	it('keeps the selection on the same finding when the list reorders', () => {
		const {state} = press(initialUiState, {type: 'down'});
		expect(selectedIndex(state, ['b', 'a', 'c'])).toBe(0);
		expect(selectedIndex(state, ['x'])).toBe(0);
	});

	it('opens the selected finding with enter and goes back with esc', () => {
		const opened = press(initialUiState, {type: 'down'}, {type: 'enter'}).state;
		expect(opened).toMatchObject({screen: 'detail', selectedId: 'b', scroll: 0});
		const scrolled = press(opened, {type: 'down'}, text('j'), {type: 'page-down'}).state;
		expect(scrolled.scroll).toBe(2 + 19);
		expect(press(scrolled, {type: 'end'}).state.scroll).toBe(30);
		expect(press(scrolled, {type: 'home'}).state.scroll).toBe(0);
		expect(press(scrolled, {type: 'escape'}).state).toMatchObject({screen: 'list', selectedId: 'b'});
		expect(reduceKey(initialUiState, {type: 'enter'}, {...view, findingIds: []}).state.screen).toBe('list');
	});

	it('edits the filter after /, keeps it on enter and drops the edit on esc', () => {
		const typing = press(initialUiState, text('/'), text('x'), text('5'), text('0'), text('9'), {type: 'backspace'}, text('j'), text('q'));
		expect(typing.state.editing).toBe('x50jq');
		expect(typing.effects).not.toContain('quit');
		const kept = press(typing.state, {type: 'enter'}).state;
		expect(kept).toMatchObject({filter: 'x50jq', editing: undefined});
		const cancelled = press(kept, text('/'), text('z'), {type: 'escape'}).state;
		expect(cancelled).toMatchObject({filter: 'x50jq', editing: undefined});
		expect(press(cancelled, {type: 'escape'}).state.filter).toBe('');
	});

	it('asks for an export on e, to quit on q, and to stop on ctrl-c even while typing', () => {
		expect(press(initialUiState, text('e')).effects).toEqual(['export']);
		expect(press(initialUiState, text('q')).effects).toEqual(['quit']);
		expect(press(initialUiState, {type: 'interrupt'}).effects).toEqual(['interrupt']);
		expect(press(initialUiState, text('/'), {type: 'interrupt'}).effects).toEqual(['none', 'interrupt']);
	});

	it('shows help on ? and any key but q closes it, back where it was', () => {
		const opened = press(initialUiState, {type: 'enter'}, text('?')).state;
		expect(opened).toMatchObject({screen: 'help', back: 'detail'});
		expect(press(opened, text('x')).state.screen).toBe('detail');
		expect(press(opened, text('q')).effects).toEqual(['quit']);
	});

	it('moves the focus between commands and evidence lines with tab, copies a command with y, opens a line with enter', () => {
		const detail = press(initialUiState, {type: 'enter'}).state;
		expect(detail.focus).toBe(0);
		const copied = reduceKey(detail, text('y'), view);
		expect(copied.effect).toEqual({type: 'copy', text: 'systemctl restart kube-apiserver'});
		expect(copied.state.message).toContain('systemctl restart kube-apiserver');
		const second = press(detail, {type: 'tab'}).state;
		expect(reduceKey(second, text('y'), view).effect).toEqual({type: 'copy', text: 'kubectl get --raw=/readyz'});
		const onLine = press(second, {type: 'tab'}, {type: 'tab'}).state;
		expect(onLine.focus).toBe(3);
		// The view scrolls to keep the focused line in sight.
		expect(onLine.scroll).toBeGreaterThan(10);
		const opened = reduceKey(onLine, {type: 'enter'}, view);
		expect(opened.effect).toEqual({type: 'read-context', target: {source: 'a.log', line: 9, back: 'detail'}});
		expect(opened.state).toMatchObject({screen: 'context', context: {source: 'a.log', line: 9}});
		expect(press(opened.state, {type: 'escape'}).state.screen).toBe('detail');
		expect(press(detail, {type: 'back-tab'}).state.focus).toBe(3);
	});

	it('scrolls commands sideways and never below zero', () => {
		const detail = press(initialUiState, {type: 'enter'}).state;
		expect(press(detail, {type: 'right'}, {type: 'right'}).state.sideways).toBe(16);
		expect(press(detail, {type: 'right'}, {type: 'left'}, {type: 'left'}, text('h')).state.sideways).toBe(0);
	});

	it('jumps between matching evidence lines with n and N, and says when there is no search', () => {
		const detail = press(initialUiState, {type: 'enter'}).state;
		expect(press(detail, text('n')).state.message).toContain('no search');
		const searching = {...detail, filter: 'x'};
		expect(press(searching, text('n')).state.focus).toBe(3);
		expect(press(searching, text('N')).state.focus).toBe(3);
	});

	it('starts a whole-log search for /* and goes back where it came from', () => {
		const {state, effects} = press(initialUiState, text('/'), text('*'), text('E'), text('O'), text('F'), {type: 'enter'});
		expect(effects.at(-1)).toBe('search-log');
		expect(reduceKey({...state, screen: 'list', editing: '*EOF'}, {type: 'enter'}, view).effect).toEqual({type: 'search-log', pattern: 'EOF'});
		expect(state).toMatchObject({screen: 'search', parent: 'list', filter: '*EOF'});
		expect(press(state, {type: 'escape'}).state.screen).toBe('list');
	});

	it('opens the table of unexplained lines from its row, and a template example among its neighbours', () => {
		const withRow: UiView = {...view, findingIds: ['a', unexplainedId]};
		const table = reduceKey({...initialUiState, selectedId: unexplainedId}, {type: 'enter'}, withRow).state;
		expect(table.screen).toBe('templates');
		const tableView: UiView = {...emptyView, selectable: 2, selectableAt: [{source: 'x.log', line: 3}, {source: 'x.log', line: 8}], pageRows: 20};
		const second = reduceKey(table, {type: 'down'}, tableView).state;
		const opened = reduceKey(second, {type: 'enter'}, tableView);
		expect(opened.effect).toEqual({type: 'read-context', target: {source: 'x.log', line: 8, back: 'templates'}});
		expect(reduceKey(opened.state, {type: 'escape'}, tableView).state.screen).toBe('templates');
	});

	it('opens the timeline with t from the list or a finding, and t or esc goes back', () => {
		const fromList = press(initialUiState, text('t')).state;
		expect(fromList).toMatchObject({screen: 'timeline', selectedId: 'a', parent: 'list'});
		expect(press(fromList, text('t')).state.screen).toBe('list');
		const fromDetail = press(initialUiState, {type: 'enter'}, text('t')).state;
		expect(press(fromDetail, {type: 'escape'}).state.screen).toBe('detail');
	});

	it('toggles raw lines with r', () => {
		expect(press(initialUiState, text('r')).state.raw).toBe(true);
		expect(press(initialUiState, text('r'), text('r')).state.raw).toBe(false);
	});

	it('clears a notice on the next key', () => {
		expect(press({...initialUiState, message: 'Report written to /tmp/x.md'}, {type: 'down'}).state.message).toBe(undefined);
	});
});
