import process from 'node:process';
import type {ReadStream} from 'node:tty';
import {escapeControl} from '../render/sanitize-text.js';
import {openTerminalInput} from '../render/ui/open-terminal-input.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?25h\u001B[?1049l';

/** The terminal the live view owns: keys from /dev/tty, the alternate screen, and how to give both back. */
export type LiveScreen = {
	readonly keys: ReadStream;
	/** Leaves the alternate screen and raw mode (once; also on any exit of the process). */
	readonly restore: () => void;
};

/** `kubesleuth reading /var/log/pods/……                  reading…` cut to the width. */
export function firstFrameText(inputs: readonly string[], width: number): string {
	const what = inputs.length === 0 ? 'the input' : inputs.map((i) => (i === '-' ? 'stdin' : i)).join(', ');
	const phase = 'reading…';
	const room = Math.max(10, width - phase.length - 1);
	let title = escapeControl(`kubesleuth reading ${what}…`);
	if (title.length > room) title = `${title.slice(0, room - 1)}…`;
	return [`${title.padEnd(room)} ${phase}`, 'starting: loading the rules and the view', '─'.repeat(width)].join('\r\n');
}

/**
 * Takes the terminal for the live view at once, before rules and the view are loaded, and draws a first frame
 * that says what is being read: on a busy machine loading takes a second or more. Undefined when there is no
 * terminal to read keys from (the caller prints the text report instead).
 */
export function openLiveScreen(stdout: NodeJS.WriteStream, inputs: readonly string[], openKeys: () => ReadStream | undefined = openTerminalInput): LiveScreen | undefined {
	const keys = openKeys();
	if (keys === undefined) return undefined;
	let restored = false;
	const restore = (): void => {
		if (restored) return;
		restored = true;
		process.off('exit', restore);
		try {
			if (keys.isRaw) keys.setRawMode(false);
		} catch {
			// The terminal is gone; nothing to restore.
		}

		stdout.write(leaveAlternateScreen);
	};

	process.once('exit', restore);
	stdout.write(enterAlternateScreen);
	try {
		// Keys typed before the view is drawn wait in the terminal, unechoed, for the view to read.
		keys.setRawMode(true);
	} catch {
		// Not a terminal after all: the view reads what it can.
	}

	stdout.write(firstFrameText(inputs, stdout.columns || 80));
	return {keys, restore};
}
