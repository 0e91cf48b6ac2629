import {execFileSync} from 'node:child_process';
import {constants} from 'node:fs';
import {appendFile, mkdtemp, open, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';

// The real built CLI in a real terminal: tmux on its own server socket, a shell in a pane (120x40 unless a test
// asks for another size), with set-clipboard on so that OSC 52 copies land in tmux's paste buffer.
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

/** The screen with its colour and style escapes (capture-pane -e). */
function screenWithStyles(): string {
	return tmux('capture-pane', '-p', '-e', '-t', 'ks');
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

function startPane(width: number, height: number): void {
	tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'ks', '-x', String(width), '-y', String(height), '-c', dir, 'env -u CI -u CONTINUOUS_INTEGRATION PS1="$ " TERM=xterm-256color bash --norc --noprofile');
	tmux('set-option', '-t', 'ks', 'remain-on-exit', 'on');
	tmux('set-option', '-g', 'set-clipboard', 'on');
}

/**
 * Types a command line into the pane's shell. Ink draws differently under CI=true, so the view runs without it:
 * the pane's shell has no CI in its environment (a pipeline's later commands would keep it otherwise).
 */
function run(command: string, env = ''): void {
	tmux('send-keys', '-t', 'ks', '-l', `env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR ${env} ${command}`);
	tmux('send-keys', '-t', 'ks', 'Enter');
}

const finishedReading = (s: string): boolean => /done\s*$/m.test(s.split('\n')[0]!);

async function exitCode(): Promise<string> {
	tmux('send-keys', '-t', 'ks', '-l', 'echo EXIT=$?');
	tmux('send-keys', '-t', 'ks', 'Enter');
	const shown = await waitForScreen((s) => /^EXIT=\d+$/m.test(s), 'the exit code');
	return /^EXIT=(\d+)$/m.exec(shown)![1]!;
}

beforeEach(async () => {
	socket = `kubesleuth-e2e-${process.pid}-${Date.now()}`;
	dir = await mkdtemp(path.join(tmpdir(), 'ks-e2e-'));
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
		startPane(120, 40);
		run(`node ${cli} --no-live ${path.join(root, 'fixtures/demo')}`);
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && finishedReading(s), 'the finding, read to the end');
		expect(paneFlag('#{alternate_on}')).toBe('1');
		tmux('send-keys', '-t', 'ks', 'Enter');
		const detail = await waitForScreen((s) => s.includes('Do now'), 'the detail view');
		expect(detail).toContain('1. Restart the apiserver on this node (kubeadm)');
		tmux('send-keys', '-t', 'ks', 'G');
		const bottom = await waitForScreen((s) => s.includes('References'), 'the end of the detail view');
		expect(bottom).toContain('kubernetes/kubernetes/issues/86552');

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
		startPane(120, 40);
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

	/** The healthy start of the klog fixture (start-up lines, no failure), and the k-th incident line to append. */
	async function healthyKlog(): Promise<string> {
		const lines = (await readFile(path.join(root, 'fixtures/incidents/loopback-expired-klog/kube-apiserver.INFO'), 'utf8')).split('\n').slice(0, 262);
		return lines.filter((l) => !l.includes('x509') && !l.includes('TLS handshake')).join('\n') + '\n';
	}

	const incidentLine = (k: number): string =>
		`E1121 07:50:0${k}.000000  790992 reflector.go:178] k8s.io/client-go/informers/factory.go:135: Failed to list *v1.Secret: Get "https://10.13.96.11:6443/api/v1/secrets?resourceVersion=${k}": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-21T07:50:0${k}Z is after 2026-11-21T07:42:14Z\n`;
	const evidenceCount = (s: string): number => Number(/apiserver-loopback-cert-expired\s+[\d.]+\s+\w+\s+(\d+) lines?/.exec(s)?.[1] ?? 0);

	it('shows each line appended to a followed file on its own, with no line after it, and ends on ctrl-c', async () => {
		startPane(120, 40);
		const healthy = await healthyKlog();
		const file = path.join(dir, 'kube-apiserver.log');
		await writeFile(file, healthy);
		run(`node ${cli} --no-live --now 2026-11-28T12:00:00Z -f ${file}`);
		await waitForScreen((s) => /following\s*$/m.test(s.split('\n')[0]!) && s.includes(`${healthy.split('\n').length - 1} lines`), 'the healthy file, followed');
		await appendFile(file, incidentLine(1));
		await waitForScreen((s) => evidenceCount(s) === 1, 'the appended line as the finding');
		await appendFile(file, incidentLine(2));
		await waitForScreen((s) => evidenceCount(s) === 2, 'the second appended line counted');
		tmux('send-keys', '-t', 'ks', 'C-c');
		await waitForScreen((s) => s.includes('kubesleuth: INCIDENT'), 'the closing verdict line');
		expect(await exitCode()).toBe('1');
		expect(paneFlag('#{alternate_on}')).toBe('0');
	});

	it('shows a line written to a pipe while the pipe stays open (journalctl -f | kubesleuth), and ends on q', async () => {
		startPane(120, 40);
		const fifo = path.join(dir, 'journal.fifo');
		execFileSync('mkfifo', [fifo]);
		// Read and write: opening does not wait for cat, and cat sees no end while this test holds it.
		const writer = await open(fifo, constants.O_RDWR);
		try {
			const healthy = await healthyKlog();
			await writer.write(healthy);
			run(`cat ${fifo} | node ${cli} --no-live --now 2026-11-28T12:00:00Z`);
			await waitForScreen((s) => s.includes(`${healthy.split('\n').length - 1} lines`) && s.includes('Findings (0)'), 'the healthy lines');
			await writer.write(incidentLine(1));
			const shown = await waitForScreen((s) => evidenceCount(s) === 1, 'the written line as the finding');
			expect(shown.split('\n')[0]).toMatch(/INCIDENT.*reading…\s*$/);
			tmux('send-keys', '-t', 'ks', 'q');
			await waitForScreen((s) => s.includes('kubesleuth: INCIDENT'), 'the closing verdict line');
		} finally {
			await writer.close();
		}

		expect(await exitCode()).toBe('1');
	});

	it('shows escape sequences from the log as text, never runs them, and ctrl-c quits without writing a file', async () => {
		startPane(120, 40);
		const lines = (await readFile(demo, 'utf8')).split('\n');
		const at = lines.findIndex((l) => l.includes('x509: certificate has expired'));
		lines[at] = `${lines[at]} \u001B]0;pwned\u0007 \u001B[2J`;
		await writeFile(path.join(dir, '0.log'), lines.join('\n'));
		run(`node ${cli} --no-live 0.log`);
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && finishedReading(s), 'the finding');
		tmux('send-keys', '-t', 'ks', 'Enter');
		await waitForScreen((s) => s.includes('Do now'), 'the detail view');
		tmux('send-keys', '-t', 'ks', '/');
		tmux('send-keys', '-t', 'ks', '-l', 'pwned');
		tmux('send-keys', '-t', 'ks', 'Enter');
		tmux('send-keys', '-t', 'ks', 'n');
		const shown = await waitForScreen((s) => s.includes('\\x1b]0;pwned\\x07'), 'the matching evidence line');
		expect(shown).toContain('\\x1b]0;pwned\\x07 \\x1b[2J');
		expect(paneFlag('#{pane_title}')).not.toContain('pwned');

		tmux('send-keys', '-t', 'ks', 'C-c');
		await waitForScreen((s) => s.includes('kubesleuth: INCIDENT'), 'the closing verdict line');
		expect(await exitCode()).toBe('1');
		expect(paneFlag('#{alternate_on}')).toBe('0');
		expect((await readdir(dir)).filter((name) => name.endsWith('.md'))).toEqual([]);
	});

	it('writes the report only when asked, with e', async () => {
		startPane(120, 40);
		run(`node ${cli} --no-live ${demo}`);
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && finishedReading(s), 'the finding');
		tmux('send-keys', '-t', 'ks', 'e');
		const notice = await waitForScreen((s) => s.includes('Report written to'), 'where the report went');
		const written = /Report written to (\S+\.md)/.exec(notice)![1]!;
		expect(path.dirname(written)).toBe(dir);
		const markdown = await readFile(written, 'utf8');
		expect(markdown).toContain('apiserver-loopback-cert-expired');
		expect(markdown).toContain('```sh\n   mv /etc/kubernetes/manifests/kube-apiserver.yaml');
		tmux('send-keys', '-t', 'ks', 'q');
		await waitForScreen((s) => s.includes('kubesleuth: INCIDENT'), 'the closing verdict line');
	});

	it('copies a command whole at 80 columns with y, where the view cuts it, and prints it on exit', async () => {
		startPane(80, 24);
		run(`node ${cli} --no-live ${demo}`);
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && finishedReading(s), 'the finding');
		tmux('send-keys', '-t', 'ks', 'Enter');
		const detail = await waitForScreen((s) => s.includes('Do now'), 'the detail view');
		const command = 'mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/ && sleep 20 && mv /tmp/kube-apiserver.yaml /etc/kubernetes/manifests/';
		// The command is one row, cut at the edge with ›, not wrapped onto the next.
		const row = detail.split('\n').find((r) => r.includes('mv /etc/kubernetes/manifests/kube-apiserver.yaml'))!;
		expect(row.trimEnd().endsWith('›')).toBe(true);
		expect(detail).not.toContain('/etc/kubernetes/manifests/\n');
		tmux('send-keys', '-t', 'ks', 'y');
		await waitForScreen((s) => s.includes('copied'), 'the copy notice');
		expect(tmux('show-buffer')).toBe(command);
		tmux('send-keys', '-t', 'ks', 'Right');
		await waitForScreen((s) => s.includes('‹'), 'the command scrolled sideways');
		tmux('send-keys', '-t', 'ks', 'q');
		await waitForScreen((s) => s.includes('kubesleuth: copied:'), 'the copied command after quitting');
		// Joined across the terminal's own wrapping, the printed line is the command, whole.
		const printed = tmux('capture-pane', '-p', '-J', '-t', 'ks');
		expect(printed).toContain(`kubesleuth: copied: ${command}`);
	});

	it('shows the message, not the envelope, for journald JSON, CRI and docker logs', async () => {
		startPane(160, 50);
		const inputs = [
			['fixtures/incidents/loopback-expired-journald/journal.json', /"__CURSOR"|"MESSAGE"/],
			[demo, / stderr F /],
			['fixtures/incidents/webhook-failure', /\{"log":|\\"stream\\"|"time":"/],
		] as const;
		for (const [input, envelope] of inputs) {
			run(`node ${cli} --no-live --now 2026-11-28T12:00:00Z ${path.isAbsolute(input) ? input : path.join(root, input)}`);
			await waitForScreen((s) => finishedReading(s) && /CRITICAL/.test(s), `the finding of ${input}`);
			tmux('send-keys', '-t', 'ks', 'Enter');
			await waitForScreen((s) => s.includes('Do now'), `the detail view of ${input}`);
			tmux('send-keys', '-t', 'ks', '/');
			tmux('send-keys', '-t', 'ks', '-l', '.');
			tmux('send-keys', '-t', 'ks', 'Enter');
			tmux('send-keys', '-t', 'ks', 'n');
			const evidence = await waitForScreen((s) => /^▸ \d{4}-\d\d-\d\dT[\d:]+Z {2}(?:info|warning|error|fatal)/m.test(s), `an evidence line of ${input}`);
			const rows = evidence.split('\n');
			const focused = rows.findIndex((r) => r.startsWith('▸ '));
			const message = rows[focused + 1]!;
			expect(message, input).toMatch(/^ {4}\S/);
			expect(message, input).not.toMatch(envelope);
			// r shows the line as read, envelope and all.
			tmux('send-keys', '-t', 'ks', 'r');
			await waitForScreen((s) => envelope.test(s), `the raw line of ${input}`);
			tmux('send-keys', '-t', 'ks', 'q');
			await waitForScreen((s) => /kubesleuth: INCIDENT/.test(s), `the closing line of ${input}`);
			tmux('send-keys', '-t', 'ks', '-l', 'clear');
			tmux('send-keys', '-t', 'ks', 'Enter');
			await waitForScreen((s) => !s.includes('kubesleuth: INCIDENT'), 'a clear screen');
		}
	});

	it('draws no colour with NO_COLOR, and colour without it', async () => {
		startPane(120, 40);
		const colour = /\u001B\[(?:3[0-7]|9[0-7]|38;5;\d+)m/;
		run(`node ${cli} --no-live ${demo}`, 'NO_COLOR=1');
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && finishedReading(s), 'the finding without colour');
		expect(screenWithStyles()).not.toMatch(colour);
		tmux('send-keys', '-t', 'ks', 'q');
		await waitForScreen((s) => s.includes('kubesleuth: INCIDENT'), 'the closing line');
		run(`node ${cli} --no-live ${demo}`);
		await waitForScreen((s) => s.includes('apiserver-loopback-cert-expired') && finishedReading(s), 'the finding in colour');
		expect(screenWithStyles()).toMatch(colour);
		tmux('send-keys', '-t', 'ks', 'q');
		await waitForScreen((s) => s.split('\n').filter((r) => r.includes('kubesleuth: INCIDENT')).length === 2, 'the second closing line');
	});

	it('says what it reads, never NO INPUT, while a file is still being read', async () => {
		startPane(100, 30);
		// A large file of plain info lines: it takes a while to read, and has no finding.
		const line = 'I1127 10:00:00.000000       1 httplog.go:132] "HTTP" verb="GET" URI="/api/v1/namespaces/default/pods?limit=500" latency="1.2ms" resp=200\n';
		const file = path.join(dir, 'big.log');
		await writeFile(file, line.repeat(400_000));
		run(`node ${cli} --no-live --year 2026 ${file}`);
		const frames: string[] = [];
		await waitForScreen((s) => {
			frames.push(s);
			return finishedReading(s);
		}, 'the read, finished', 60_000);
		const drawn = frames.filter((f) => f.trim() !== '' && !f.trim().startsWith('$'));
		expect(drawn.length).toBeGreaterThan(0);
		for (const frame of drawn) expect(frame).not.toContain('NO INPUT');
		expect(drawn.some((f) => f.includes(`kubesleuth reading ${file}`) || f.includes('reading…'))).toBe(true);
		expect(drawn.at(-1)).toContain('HEALTHY');
		tmux('send-keys', '-t', 'ks', 'q');
		await waitForScreen((s) => s.includes('kubesleuth: HEALTHY'), 'the closing line');
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
		startPane(120, 40);
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
		startPane(120, 40);
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

