import {describe, expect, it} from 'vitest';
import {initialUiState, reduceKey, selectedIndex, type UiKey, type UiState, type UiView} from '../../../src/render/ui/ui-state.js';

const view: UiView = {findingIds: ['a', 'b', 'c'], detailRows: 50, pageRows: 20};
const text = (t: string): UiKey => ({type: 'text', text: t});
const press = (state: UiState, ...keys: UiKey[]): {state: UiState; effects: string[]} => {
	const effects: string[] = [];
	for (const key of keys) {
		const result = reduceKey(state, key, view);
		state = result.state;
		effects.push(result.effect);
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

	it('clears a notice on the next key', () => {
		expect(press({...initialUiState, message: 'Report written to /tmp/x.md'}, {type: 'down'}).state.message).toBe(undefined);
	});
});
