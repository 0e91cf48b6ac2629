import process from 'node:process';
import type {ReadStream} from 'node:tty';
import {describe, expect, it} from 'vitest';
import {createLiveTerminal} from '../../src/cli/live-terminal.js';

function fakeTerminal() {
	let written = '';
	const stdout = {write: (text: string) => (written += text, true)} as unknown as NodeJS.WriteStream;
	const keys = {isRaw: true, setRawMode(raw: boolean) {
		this.isRaw = raw;
		return this;
	}};
	const killed: string[] = [];
	let redraws = 0;
	const terminal = createLiveTerminal(stdout, keys as unknown as ReadStream, {redraw: () => redraws++, kill: (signal) => killed.push(signal)});
	return {terminal, keys, killed, written: () => written, redraws: () => redraws, clear: () => (written = '')};
}

const leave = '\u001B[?25h\u001B[?1049l';
const enter = '\u001B[?1049h\u001B[H';

describe('the live view terminal', () => {
	it('leaves raw mode and the alternate screen before stopping, and takes both again on SIGCONT', () => {
		const t = fakeTerminal();
		t.terminal.enter();
		try {
			expect(t.written()).toBe(enter);
			t.clear();
			process.emit('SIGTSTP', 'SIGTSTP');
			expect(t.keys.isRaw).toBe(false);
			expect(t.written()).toBe(leave);
			expect(t.killed).toEqual(['SIGSTOP']);
			t.clear();
			process.emit('SIGCONT', 'SIGCONT');
			expect(t.keys.isRaw).toBe(true);
			expect(t.written()).toBe(enter);
			expect(t.redraws()).toBe(1);
		} finally {
			t.terminal.restore();
		}
	});

	it.each(['SIGHUP', 'SIGQUIT'] as const)('restores the terminal on %s, then ends by that signal', (signal) => {
		const t = fakeTerminal();
		t.terminal.enter();
		const before = process.listenerCount(signal);
		t.clear();
		process.emit(signal, signal);
		expect(t.keys.isRaw).toBe(false);
		expect(t.written()).toBe(leave);
		expect(t.killed).toEqual([signal]);
		// No listener of its own is left, so the re-raised signal takes its default action.
		expect(process.listenerCount(signal)).toBe(before - 1);
	});

	it('restores once, however often it is asked', () => {
		const t = fakeTerminal();
		t.terminal.enter();
		t.clear();
		t.terminal.restore();
		t.terminal.restore();
		expect(t.written()).toBe(leave);
		for (const signal of ['SIGHUP', 'SIGQUIT', 'SIGTSTP', 'SIGCONT'] as const) expect(process.listeners(signal)).toHaveLength(0);
	});
});
