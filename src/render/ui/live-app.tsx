import {useApp, useInput, type Key} from 'ink';
import {useEffect, useRef, useState} from 'react';
import type {Report} from '../../diagnose/report.js';
import {ScreenView} from './components/screen-view.js';
import {reduceKey, initialUiState, type UiKey, type UiState} from './ui-state.js';
import {useSessionSnapshot, type SnapshotSource} from './use-session-snapshot.js';
import {useTerminalSize} from './use-terminal-size.js';
import {buildScreen, type ScreenSize} from './view-model.js';

/** How the live view ended: `q`, or ctrl-c / a signal (then the caller writes the report to a file). */
export type LiveExit = 'quit' | 'interrupt';

export type LiveAppProps = {
	readonly source: SnapshotSource;
	/** Writes the Markdown report to a file; returns the notice to show (where it went, or why it could not). */
	readonly onExport: (report: Report) => string;
	readonly onExit: (how: LiveExit) => void;
	/** Fires on SIGINT/SIGTERM from outside the view. */
	readonly interrupt?: AbortSignal | undefined;
	/** Fixed size instead of the terminal's (tests). */
	readonly size?: ScreenSize | undefined;
	readonly pollMs?: number | undefined;
	/** How long drawing the last frame took (Ink's onRender), so polling can back off when drawing is slow. */
	readonly drawCost?: (() => number) | undefined;
	/** Rows left free at the bottom: one keeps Ink from clearing the whole screen on every frame. */
	readonly spareRows?: number | undefined;
	/** ctrl-z: raw mode delivers it as a key, not as SIGTSTP; the caller gives the terminal back and stops. */
	readonly onSuspend?: (() => void) | undefined;
	/** Fires `redraw` when the screen must be drawn whole again (after fg, the shell's output is on it). */
	readonly redraws?: EventTarget | undefined;
};

/** Ink's key event as one of ours. */
export function toUiKey(input: string, key: Key): UiKey | undefined {
	if (key.ctrl && input === 'c') return {type: 'interrupt'};
	if (key.upArrow) return {type: 'up'};
	if (key.downArrow) return {type: 'down'};
	if (key.pageUp) return {type: 'page-up'};
	if (key.pageDown) return {type: 'page-down'};
	if (key.home) return {type: 'home'};
	if (key.end) return {type: 'end'};
	if (key.return) return {type: 'enter'};
	if (key.escape) return {type: 'escape'};
	if (key.backspace || key.delete) return {type: 'backspace'};
	if (key.ctrl || key.meta || input === '') return undefined;
	return {type: 'text', text: input};
}

function characterKey(text: string): UiKey {
	switch (text) {
		case '\r':
		case '\n':
			return {type: 'enter'};
		case '\u007F':
		case '\b':
			return {type: 'backspace'};
		case '\u0003':
			return {type: 'interrupt'};
		default:
			return {type: 'text', text};
	}
}

/** The live view: header, findings or the open finding, footer; keys as in the help screen. */
export function LiveApp(props: LiveAppProps) {
	const {exit} = useApp();
	const size = useTerminalSize(props.size);
	const snapshot = useSessionSnapshot(props.source, props.pollMs ?? 100, props.drawCost);
	const [state, setState] = useState<UiState>(initialUiState);
	const drawn = {width: size.width, height: Math.max(8, size.height - (props.spareRows ?? 0))};
	const model = buildScreen(snapshot, state, drawn);
	const current = useRef({model, snapshot, state});
	current.current = {model, snapshot, state};
	const ended = useRef(false);
	const end = (how: LiveExit): void => {
		if (ended.current) return;
		ended.current = true;
		props.onExit(how);
		exit();
	};

	useEffect(() => {
		const signal = props.interrupt;
		if (signal === undefined) return;
		const onAbort = (): void => end('interrupt');
		if (signal.aborted) onAbort();
		signal.addEventListener('abort', onAbort, {once: true});
		return () => signal.removeEventListener('abort', onAbort);
	}, [props.interrupt]);

	// One empty frame, then the view: Ink draws only frames that differ from its last one.
	const [blank, setBlank] = useState(false);
	useEffect(() => {
		const target = props.redraws;
		if (target === undefined) return;
		const onRedraw = (): void => setBlank(true);
		target.addEventListener('redraw', onRedraw);
		return () => target.removeEventListener('redraw', onRedraw);
	}, [props.redraws]);
	useEffect(() => {
		if (blank) setBlank(false);
	}, [blank]);

	useInput((input, key) => {
		if (key.ctrl && input === 'z') {
			props.onSuspend?.();
			return;
		}

		const uiKey = toUiKey(input, key);
		if (uiKey === undefined) return;
		// Keys typed quickly (or pasted, or sent by tmux) arrive together: each one counts on its own.
		const keys: UiKey[] = uiKey.type === 'text' ? [...uiKey.text].map(characterKey) : [uiKey];
		let {state: now} = current.current;
		const {model: shown, snapshot: seen} = current.current;
		for (const each of keys) {
			const {state: next, effect} = reduceKey(now, each, shown.view);
			now = next;
			switch (effect) {
				case 'none':
					continue;
				case 'export':
					now = {...now, message: props.onExport(seen.report)};
					continue;
				case 'quit':
				case 'interrupt':
					end(effect);
					return;
				default:
					effect satisfies never;
			}
		}

		current.current = {...current.current, state: now};
		setState(now);
	});

	return blank ? null : <ScreenView model={model} />;
}
