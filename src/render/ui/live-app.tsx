import {useApp, useInput, type Key} from 'ink';
import {useEffect, useRef, useState} from 'react';
import type {Report} from '../../diagnose/report.js';
import type {TimeStyle} from '../report-words.js';
import {ScreenView} from './components/screen-view.js';
import {contextRadius, type ContextData, type LogAccess, type SearchData} from './log-lines.js';
import {compileSearch} from './search-pattern.js';
import {reduceKey, initialUiState, type ContextTarget, type UiEffect, type UiKey, type UiState} from './ui-state.js';
import {useSessionSnapshot, type SnapshotSource} from './use-session-snapshot.js';
import {useTerminalSize} from './use-terminal-size.js';
import {buildScreen, type ScreenSize} from './view-model.js';

/** How the live view ended: `q`, or ctrl-c / a signal. */
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
	/** How often a source that does not say when it changes is looked at; while reading goes on, what is read within this long is one frame. */
	readonly pollMs?: number | undefined;
	/** Rows left free at the bottom: one keeps Ink from clearing the whole screen on every frame. */
	readonly spareRows?: number | undefined;
	/** Reads lines back from the sources, for a line's neighbours and the whole-log search; undefined when none can be. */
	readonly logAccess?: LogAccess | undefined;
	/** A command to copy (y): the caller sends it to the terminal's clipboard (OSC 52) and prints it on exit. */
	readonly onCopy?: ((text: string) => void) | undefined;
	/** Tones in colour (false with NO_COLOR or --color=never). */
	readonly colour?: boolean | undefined;
	readonly timeStyle?: TimeStyle | undefined;
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
	if (key.leftArrow) return {type: 'left'};
	if (key.rightArrow) return {type: 'right'};
	if (key.pageUp) return {type: 'page-up'};
	if (key.pageDown) return {type: 'page-down'};
	if (key.home) return {type: 'home'};
	if (key.end) return {type: 'end'};
	if (key.tab) return {type: key.shift ? 'back-tab' : 'tab'};
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
		case '\t':
			return {type: 'tab'};
		case '\u007F':
		case '\b':
			return {type: 'backspace'};
		case '\u0003':
			return {type: 'interrupt'};
		default:
			return {type: 'text', text};
	}
}

const keyOf = (target: ContextTarget): string => `${target.source}:${target.line}`;

/** The live view: header, findings or the open finding, footer; keys as in the help screen. */
export function LiveApp(props: LiveAppProps) {
	const {exit} = useApp();
	const size = useTerminalSize(props.size);
	const snapshot = useSessionSnapshot(props.source, props.pollMs ?? 100);
	const [state, setState] = useState<UiState>(initialUiState);
	const [context, setContext] = useState<{readonly key: string; readonly data: ContextData} | undefined>(undefined);
	const [search, setSearch] = useState<SearchData | undefined>(undefined);
	const searching = useRef<AbortController | undefined>(undefined);
	const drawn = {width: size.width, height: Math.max(8, size.height - (props.spareRows ?? 0))};
	const contextData = state.context !== undefined && context?.key === keyOf(state.context) ? context.data : undefined;
	const model = buildScreen(snapshot, state, drawn, {context: contextData, search, style: props.timeStyle});
	const current = useRef({model, snapshot, state, drawnState: state});
	current.current = {model, snapshot, state, drawnState: state};
	const ended = useRef(false);
	const end = (how: LiveExit): void => {
		if (ended.current) return;
		ended.current = true;
		searching.current?.abort();
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

	useEffect(() => () => searching.current?.abort(), []);

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

	const readContext = (target: ContextTarget): void => {
		const key = keyOf(target);
		if (props.logAccess === undefined) {
			setContext({key, data: {status: 'unavailable', reason: 'this view cannot read the sources again'}});
			return;
		}

		setContext({key, data: {status: 'reading'}});
		props.logAccess
			.around(target.source, target.line, contextRadius)
			.then((data) => setContext((now) => (now?.key === key ? {key, data} : now)))
			.catch((error: unknown) => setContext({key, data: {status: 'unavailable', reason: `could not read it again: ${(error as Error).message}`}}));
	};

	const searchLog = (text: string): void => {
		searching.current?.abort();
		const pattern = compileSearch(`*${text}`);
		if (pattern === undefined) return;
		if (props.logAccess === undefined) {
			setSearch({status: 'done', matches: [], total: 0, linesRead: 0, skipped: ['this view cannot read the sources again'], error: undefined});
			return;
		}

		const controller = new AbortController();
		searching.current = controller;
		setSearch({status: 'searching', matches: [], total: 0, linesRead: 0, skipped: []});
		props.logAccess
			.search(pattern.regex, {limit: 1000, signal: controller.signal, onProgress: (partial) => !controller.signal.aborted && setSearch(partial)})
			.then((done) => !controller.signal.aborted && setSearch(done))
			.catch((error: unknown) => !controller.signal.aborted && setSearch((now) => ({...(now ?? {matches: [], total: 0, linesRead: 0, skipped: []}), status: 'done', error: (error as Error).message})));
	};

	const apply = (effect: UiEffect, now: UiState, report: Report): UiState => {
		switch (effect.type) {
			case 'none':
				return now;
			case 'export':
				return {...now, message: props.onExport(report)};
			case 'copy':
				props.onCopy?.(effect.text);
				return now;
			case 'read-context':
				readContext(effect.target);
				return now;
			case 'search-log':
				searchLog(effect.pattern);
				return now;
			case 'quit':
			case 'interrupt':
				return now;
			default:
				return effect satisfies never;
		}
	};

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
		const {snapshot: seen} = current.current;
		const viewOf = (state: UiState) => buildScreen(seen, state, drawn, {context: contextData, search, style: props.timeStyle}).view;
		// A key that comes before the last one's frame was drawn must see the screen as that key left it.
		let view = now === current.current.drawnState ? current.current.model.view : viewOf(now);
		for (const each of keys) {
			const {state: next, effect} = reduceKey(now, each, view);
			if (effect.type === 'quit' || effect.type === 'interrupt') {
				end(effect.type);
				return;
			}

			now = apply(effect, next, seen.report);
			// Several keys in one event: each sees the screen as the one before left it.
			if (keys.length > 1) view = viewOf(now);
		}

		current.current = {...current.current, state: now};
		setState(now);
	});

	return blank ? null : <ScreenView model={model} colour={props.colour ?? true} />;
}
