import {execFileSync} from 'node:child_process';
import {appendFile, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';

// The real built CLI in a real terminal: tmux on its own server socket, a shell in a 120x40 pane.
const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli/main.js');
const demo = path.join(root, 'fixtures/demo/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c1b9d47e3a5c0f7d2b6e9a143/kube-apiserver/0.log');
let socket: string;
let dir: string;

function tmux(...args: string[]): string {
	return execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
}

function screen(): string {
	return tmux('capture-pane', '-p', '-t', 'ks');
}

function paneFlag(format: string): string {
	return tmux('display-message', '-p', '-t', 'ks', format).trim();
}

async function waitForScreen(test: (text: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const text = screen();
		if (test(text)) return text;
		if (Date.now() > deadline) throw new Error(`the screen never showed ${what}; it shows:\n${text}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Types a command line into the pane's shell. Ink draws differently under CI=true, so the view runs without it. */
function run(command: string): void {
	tmux('send-keys', '-t', 'ks', '-l', `env -u CI -u CONTINUOUS_INTEGRATION ${command}`);
	tmux('send-keys', '-t', 'ks', 'Enter');
}

beforeEach(async () => {
	socket = `kubesleuth-e2e-${process.pid}-${Date.now()}`;
	dir = await mkdtemp(path.join(tmpdir(), 'ks-e2e-'));
	tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'ks', '-x', '120', '-y', '40', '-c', dir, 'env PS1="$ " TERM=xterm-256color bash --norc --noprofile');
	tmux('set-option', '-t', 'ks', 'remain-on-exit', 'on');
});

afterEach(async () => {
	try {
		tmux('kill-server');
	} catch {
		// Already gone.
	}

	await rm(dir, {recursive: true, force: true});
});

describe('the live view in a terminal', () => {
	it('shows the finding, opens it with enter, quits on q and leaves the terminal usable', async () => {
		run(`node ${cli} --no-live ${path.join(root, 'fixtures/demo')}`);
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && /done\s*$/m.test(s.split('\n')[0]!), 'the finding, read to the end');
		expect(paneFlag('#{alternate_on}')).toBe('1');
		tmux('send-keys', '-t', 'ks', 'Enter');
		const detail = await waitForScreen((s) => s.includes('Do now'), 'the detail view');
		expect(detail).toContain('1. Restart the kube-apiserver static pod on this node');
		expect(detail).toMatch(/kube-apiserver\/0\.log:31\d {2}2026-11-27T10:38:4\dZ/);
		expect(detail).toContain('x509: certificate has expired or is not yet valid');

		tmux('send-keys', '-t', 'ks', 'q');
		await waitForScreen((s) => s.includes('kubesleuth: INCIDENT'), 'the closing verdict line');
		tmux('send-keys', '-t', 'ks', '-l', 'echo EXIT=$?; tput cnorm; echo READY');
		tmux('send-keys', '-t', 'ks', 'Enter');
		const after = await waitForScreen((s) => /^READY$/m.test(s), 'READY from the shell');
		expect(after).toMatch(/^EXIT=1$/m);
		expect(paneFlag('#{alternate_on}')).toBe('0');
		expect(paneFlag('#{cursor_flag}')).toBe('1');
		expect(paneFlag('#{pane_dead}')).toBe('0');
		expect(paneFlag('#{pane_current_command}')).toBe('bash');
	});

	it('shows a finding that appears in a followed file', async () => {
		const lines = (await readFile(demo, 'utf8')).split('\n');
		const cut = lines.findIndex((l) => l.includes('certificate has expired')) - 2;
		const file = path.join(dir, 'kube-apiserver.log');
		await writeFile(file, lines.slice(0, cut).join('\n') + '\n');
		run(`node ${cli} --no-live -f ${file}`);
		const healthy = await waitForScreen((s) => /following\s*$/m.test(s.split('\n')[0]!) && s.includes(`${cut} lines`), 'the healthy file, followed');
		expect(healthy).not.toContain('apiserver-loopback-cert-expired');
		await appendFile(file, lines.slice(cut).join('\n'));
		const live = await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired'), 'the finding from the appended lines');
		expect(live.split('\n')[0]).toMatch(/INCIDENT.*following\s*$/);
		tmux('send-keys', '-t', 'ks', 'q');
		await waitForScreen((s) => s.includes('kubesleuth: INCIDENT'), 'the closing verdict line');
	});

	it('shows escape sequences from the log as text, never runs them, and writes the report on ctrl-c', async () => {
		const lines = (await readFile(demo, 'utf8')).split('\n');
		const at = lines.findIndex((l) => l.includes('x509: certificate has expired'));
		lines[at] = `${lines[at]} \u001B]0;pwned\u0007 \u001B[2J`;
		await writeFile(path.join(dir, '0.log'), lines.join('\n'));
		run(`node ${cli} --no-live 0.log`);
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && /done\s*$/m.test(s.split('\n')[0]!), 'the finding');
		tmux('send-keys', '-t', 'ks', 'Enter');
		await waitForScreen((s) => s.includes('Do now'), 'the detail view');
		tmux('send-keys', '-t', 'ks', '/');
		tmux('send-keys', '-t', 'ks', '-l', 'pwned');
		tmux('send-keys', '-t', 'ks', 'Enter');
		const shown = await waitForScreen((s) => s.includes('matching "pwned"'), 'the filtered evidence');
		expect(shown).toContain('\\x1b]0;pwned\\x07 \\x1b[2J');
		expect(shown).toContain('Do now');
		expect(paneFlag('#{pane_title}')).not.toContain('pwned');

		tmux('send-keys', '-t', 'ks', 'C-c');
		const after = await waitForScreen((s) => s.includes('kubesleuth: report written to'), 'where the report went');
		const written = /report written to (\S+\.md)/.exec(after)![1]!;
		expect(path.dirname(written)).toBe(dir);
		const markdown = await readFile(written, 'utf8');
		expect(markdown).toContain('apiserver-loopback-cert-expired');
		expect(markdown).not.toContain('\u001B');
		tmux('send-keys', '-t', 'ks', '-l', 'echo EXIT=$?');
		tmux('send-keys', '-t', 'ks', 'Enter');
		await waitForScreen((s) => /^EXIT=1$/m.test(s), 'the exit code');
		expect(paneFlag('#{alternate_on}')).toBe('0');
	});

	/** The pid of the command running in the pane's shell. */
	function viewPid(): number {
		const shell = paneFlag('#{pane_pid}');
		return Number(execFileSync('pgrep', ['-P', shell], {encoding: 'utf8'}).trim().split('\n')[0]);
	}

	async function shellSays(command: string, marker: RegExp, what: string): Promise<string> {
		tmux('send-keys', '-t', 'ks', '-l', command);
		tmux('send-keys', '-t', 'ks', 'Enter');
		return waitForScreen((s) => marker.test(s), what);
	}

	it('gives the terminal back on ctrl-z and takes it again on fg', async () => {
		run(`node ${cli} --no-live ${path.join(root, 'fixtures/demo')}`);
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && /done\s*$/m.test(s.split('\n')[0]!), 'the finding, read to the end');
		expect(paneFlag('#{alternate_on}')).toBe('1');
		tmux('send-keys', '-t', 'ks', 'C-z');
		await waitForScreen((s) => /Stopped/.test(s), 'the shell saying the job stopped');
		expect(paneFlag('#{alternate_on}')).toBe('0');
		expect(paneFlag('#{cursor_flag}')).toBe('1');
		tmux('send-keys', '-t', 'ks', '-l', 'fg');
		tmux('send-keys', '-t', 'ks', 'Enter');
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && s.includes('Findings'), 'the view drawn again');
		expect(paneFlag('#{alternate_on}')).toBe('1');
		// Keys reach the view one at a time again: raw mode is back.
		tmux('send-keys', '-t', 'ks', 'Enter');
		await waitForScreen((s) => s.includes('Do now'), 'the detail view after fg');
		tmux('send-keys', '-t', 'ks', 'q');
		await waitForScreen((s) => s.includes('kubesleuth: INCIDENT'), 'the closing verdict line');
		await shellSays('echo EXIT=$?', /^EXIT=1$/m, 'the exit code');
		expect(paneFlag('#{alternate_on}')).toBe('0');
	});

	it.each([
		['SIGHUP', 129],
		['SIGQUIT', 131],
	] as const)('leaves the alternate screen and raw mode on %s, then ends by it', async (signal, code) => {
		tmux('send-keys', '-t', 'ks', '-l', 'stty -g > before.stty');
		tmux('send-keys', '-t', 'ks', 'Enter');
		run(`node ${cli} --no-live ${path.join(root, 'fixtures/demo')}; echo EXIT=$?; stty -g > after.stty; echo DONE`);
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && /done\s*$/m.test(s.split('\n')[0]!), 'the finding, read to the end');
		expect(paneFlag('#{alternate_on}')).toBe('1');
		process.kill(viewPid(), signal);
		const after = await waitForScreen((s) => /^DONE$/m.test(s), 'the shell after the signal');
		expect(after).toMatch(new RegExp(`^EXIT=${code}$`, 'm'));
		expect(paneFlag('#{alternate_on}')).toBe('0');
		expect(paneFlag('#{cursor_flag}')).toBe('1');
		// The line discipline as it was before the view: not left raw.
		expect(await readFile(path.join(dir, 'after.stty'), 'utf8')).toBe(await readFile(path.join(dir, 'before.stty'), 'utf8'));
	});
});

