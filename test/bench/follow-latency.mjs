// Follow latency (issue 16): how long an incident line appended to a followed log takes to show in the live
// view, in a real terminal. Two real set-ups, each in its own tmux server:
//   file: `kubesleuth -f FILE`, the bench appends to FILE;
//   pipe: `cat FIFO | kubesleuth`, as `journalctl -f | kubesleuth`: the bench writes to the FIFO, cat to kubesleuth's stdin.
// After the view has settled on the healthy start of the log, one incident line is appended at a time (after a
// random pause, so the appends fall anywhere in any timer's period) and the pane is captured until the finding's
// row counts it. The time includes tmux drawing the pane and one capture-pane call (a few ms).
//
// node test/bench/follow-latency.mjs [--repeats N] [--load N]   (after npm run build; --load N runs N busy
// processes alongside, as a loaded machine)
import {execFileSync, spawn} from 'node:child_process';
import {appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, constants} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {setTimeout as sleep} from 'node:timers/promises';

const targetMs = 500;
const now = '2026-11-28T12:00:00Z';

/** The healthy start of the klog fixture: start-up lines (own address, the loopback certificate), no failure. */
function healthyLog(root) {
	const lines = readFileSync(path.join(root, 'fixtures/incidents/loopback-expired-klog/kube-apiserver.INFO'), 'utf8').split('\n').slice(0, 262);
	return lines.filter((line) => !line.includes('x509') && !line.includes('TLS handshake')).join('\n') + '\n';
}

/** The k-th appended incident line: a client of the apiserver's own address failing on its expired certificate. */
function incidentLine(k) {
	const second = String(k % 60).padStart(2, '0');
	const minute = String(50 + Math.floor(k / 60)).padStart(2, '0');
	return `E1121 07:${minute}:${second}.000000  790992 reflector.go:178] k8s.io/client-go/informers/factory.go:135: Failed to list *v1.Secret: Get "https://10.13.96.11:6443/api/v1/secrets?resourceVersion=${k}": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-21T07:${minute}:${second}Z is after 2026-11-21T07:42:14Z\n`;
}

/** The evidence count on the finding's row, 0 while there is no such row. */
function evidenceShown(screen) {
	const row = /apiserver-loopback-cert-expired\s+[\d.]+\s+\w+\s+(\d+) lines?/.exec(screen);
	return row === null ? 0 : Number(row[1]);
}

function tmuxServer(socket) {
	const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	let socketPath;
	return {
		tmux,
		screen: () => tmux('capture-pane', '-p', '-t', 'ks'),
		started() {
			socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
		},
		kill() {
			try {
				tmux('kill-server');
			} catch {
				// Already gone.
			}

			// tmux leaves its socket file behind.
			if (socketPath) rmSync(socketPath, {force: true});
		},
	};
}

async function waitFor(read, test, what, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (test(value)) return value;
		if (Date.now() > deadline) throw new Error(`never saw ${what}; the screen shows:\n${value}`);
		await sleep(50);
	}
}

/** Starts the view in a 200x50 pane, waits for it to settle on the healthy log, then times `repeats` appends. */
async function measure({root, dir, name, command, start, append, repeats}) {
	const server = tmuxServer(`kubesleuth-follow-${process.pid}-${name}-${Date.now()}`);
	const healthyLines = healthyLog(root).split('\n').length - 1;
	const times = [];
	try {
		start();
		server.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'ks', '-x', '200', '-y', '50', '-c', dir, `env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR TERM=xterm-256color ${command}`);
		server.started();
		server.tmux('set-option', '-t', 'ks', 'remain-on-exit', 'on');
		await waitFor(server.screen, (s) => s.includes(` ${healthyLines} lines`) && s.includes('Findings'), 'the healthy log read', 60_000);
		for (let k = 1; k <= repeats; k++) {
			// Settled: whatever was drawn last was a while ago.
			await sleep(700 + Math.random() * 800);
			const line = incidentLine(k);
			const started = process.hrtime.bigint();
			append(line);
			const deadline = Date.now() + 5000;
			let shown = false;
			while (Date.now() < deadline) {
				if (evidenceShown(server.screen()) >= k) {
					shown = true;
					break;
				}

				await sleep(2);
			}

			times.push(shown ? Number(process.hrtime.bigint() - started) / 1e6 : Number.POSITIVE_INFINITY);
		}

		server.tmux('send-keys', '-t', 'ks', 'q');
		await waitFor(server.screen, (s) => s.includes('kubesleuth: INCIDENT'), 'the closing line', 10_000).catch(() => undefined);
	} finally {
		server.kill();
	}

	return times;
}

function summary(name, times) {
	const sorted = [...times].sort((a, b) => a - b);
	const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	const worst = sorted.at(-1);
	const ms = (t) => (Number.isFinite(t) ? `${t.toFixed(0)} ms` : 'never (5 s)');
	const ok = worst < targetMs;
	return {ok, line: `${name.padEnd(40)} median ${ms(median).padStart(7)}  worst ${ms(worst).padStart(7)}  (${times.map((t) => (Number.isFinite(t) ? t.toFixed(0) : '∞')).join(', ')})  target < ${targetMs} ms ${ok ? 'ok' : 'FAILED'}`};
}

/**
 * Measures both set-ups; `lines` are result lines to print, `ok` whether every append showed within the target.
 * `load` busy processes run alongside while measuring (0: none).
 */
export async function followLatencyCase({root, dir, repeats = 7, load = 0}) {
	const title = `follow latency: an appended incident line until the live view counts it (${os.cpus().length} cores, tmux 200x50)`;
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
	} catch {
		return {lines: [title, 'not measured: tmux is not installed (Debian package tmux)'], ok: false};
	}

	const cli = path.join(root, 'dist/cli/main.js');
	const work = mkdtempSync(path.join(dir, 'follow-latency-'));
	const healthy = healthyLog(root);
	const flags = `--no-live --now ${now}`;
	const burners = Array.from({length: load}, () => spawn(process.execPath, ['-e', 'for(;;){}'], {stdio: 'ignore'}));
	try {
		const file = path.join(work, 'kube-apiserver.log');
		const fileTimes = await measure({
			root,
			dir: work,
			name: 'file',
			command: `node ${cli} ${flags} -f ${file}`,
			start: () => writeFileSync(file, healthy),
			append: (line) => appendFileSync(file, line),
			repeats,
		});

		const fifo = path.join(work, 'journal.fifo');
		execFileSync('mkfifo', [fifo]);
		// Read and write: opening does not wait for cat, and cat never sees the end while the bench writes.
		const fd = openSync(fifo, constants.O_RDWR);
		let pipeTimes;
		try {
			pipeTimes = await measure({
				root,
				dir: work,
				name: 'pipe',
				command: `sh -c 'cat ${fifo} | node ${cli} ${flags}'`,
				start: () => writeSync(fd, healthy),
				append: (line) => writeSync(fd, line),
				repeats,
			});
		} finally {
			closeSync(fd);
		}

		const loadNote = load > 0 ? `, ${load} busy processes alongside` : '';
		const results = [summary(`kubesleuth -f FILE (append)${loadNote}`, fileTimes), summary(`cat FIFO | kubesleuth (write)${loadNote}`, pipeTimes)];
		return {lines: [title, ...results.map((r) => r.line)], ok: results.every((r) => r.ok)};
	} catch (error) {
		return {lines: [title, `not measured: ${String(error?.message ?? error).split('\n')[0]}`], ok: false};
	} finally {
		for (const burner of burners) burner.kill();
		rmSync(work, {recursive: true, force: true});
	}
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const option = (name, fallback) => {
		const at = process.argv.indexOf(name);
		return at === -1 ? fallback : Number(process.argv[at + 1]);
	};

	const root = fileURLToPath(new URL('../../', import.meta.url));
	const {lines, ok} = await followLatencyCase({root, dir: os.tmpdir(), repeats: option('--repeats', 7), load: option('--load', 0)});
	process.stdout.write(lines.join('\n') + '\n');
	if (!ok) process.exitCode = 1;
}
