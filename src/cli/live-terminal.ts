import process from 'node:process';
import type {ReadStream} from 'node:tty';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?25h\u001B[?1049l';

/** The terminal as the live view holds it: the alternate screen, and raw mode on the key stream. */
export type LiveTerminal = {
	/** Switches to the alternate screen and starts handling the job-control and hang-up signals. */
	enter(): void;
	/** Leaves raw mode and the alternate screen (once), and stops handling the signals. */
	restore(): void;
	/** ctrl-z: gives the terminal back to the shell and stops the process; `fg` (SIGCONT) takes it again. */
	suspend(): void;
};

export type LiveTerminalOptions = {
	/** Draws the whole view again (after `fg`, the screen holds the shell's output). */
	readonly redraw: () => void;
	/** For tests: how the process stops itself (default: SIGSTOP to itself) and re-raises a fatal signal. */
	readonly kill?: (signal: NodeJS.Signals) => void;
};

/**
 * Terminal handling for the live view. SIGHUP and SIGQUIT would end the process with the terminal still
 * raw and on the alternate screen: they restore it, then end the process by the same signal. SIGTSTP (and
 * ctrl-z, which raw mode delivers as a key) leaves raw mode and the alternate screen before stopping;
 * SIGCONT (`fg`) takes both again and redraws.
 */
export function createLiveTerminal(stdout: NodeJS.WriteStream, keys: ReadStream, options: LiveTerminalOptions): LiveTerminal {
	const kill = options.kill ?? ((signal: NodeJS.Signals) => process.kill(process.pid, signal));
	let entered = false;
	let restored = false;
	let rawBeforeSuspend = false;
	const write = (text: string): void => {
		try {
			stdout.write(text);
		} catch {
			// The terminal is gone (SIGHUP): nothing to restore on it.
		}
	};

	const setRaw = (raw: boolean): void => {
		try {
			if (keys.isRaw !== raw) keys.setRawMode(raw);
		} catch {
			// The terminal is gone.
		}
	};

	const fatal = (signal: NodeJS.Signals) => (): void => {
		terminal.restore();
		// With no listener left the signal's default action applies: the process ends as the sender meant.
		kill(signal);
	};

	const onHangup = fatal('SIGHUP');
	const onQuit = fatal('SIGQUIT');
	const onStop = (): void => terminal.suspend();
	const onContinue = (): void => {
		if (restored) return;
		if (rawBeforeSuspend) setRaw(true);
		write(enterAlternateScreen);
		options.redraw();
	};

	const terminal: LiveTerminal = {
		enter() {
			if (entered) return;
			entered = true;
			write(enterAlternateScreen);
			process.on('SIGHUP', onHangup);
			process.on('SIGQUIT', onQuit);
			process.on('SIGTSTP', onStop);
			process.on('SIGCONT', onContinue);
		},
		restore() {
			if (restored) return;
			restored = true;
			process.off('SIGHUP', onHangup);
			process.off('SIGQUIT', onQuit);
			process.off('SIGTSTP', onStop);
			process.off('SIGCONT', onContinue);
			setRaw(false);
			write(leaveAlternateScreen);
		},
		suspend() {
			if (restored) return;
			rawBeforeSuspend = keys.isRaw;
			setRaw(false);
			write(leaveAlternateScreen);
			// SIGSTOP cannot be caught, so this is no loop through onStop; the shell sees the job stopped.
			kill('SIGSTOP');
		},
	};
	return terminal;
}
