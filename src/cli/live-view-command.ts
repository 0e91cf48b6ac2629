import process from 'node:process';
import type {ReadStream} from 'node:tty';
import {exitCodeOf, type Report} from '../diagnose/report.js';
import {readSummary, verdictSentence} from '../render/report-words.js';
import {escapeControl} from '../render/sanitize-text.js';
import type {LiveExit} from '../render/ui/live-app.js';
import {openTerminalInput} from '../render/ui/open-terminal-input.js';
import type {SnapshotSource} from '../render/ui/use-session-snapshot.js';
import {reportDirectories, writeReportFile} from '../render/ui/write-report-file.js';
import {addLiveFacts, createSession, renderReport, runDiagnose, type DiagnoseIo, type DiagnoseOptions} from './diagnose-command.js';
import {feedSources} from './feed-sources.js';
import {createLiveTerminal} from './live-terminal.js';

/** The diagnose options plus follow mode. */
export type LiveViewOptions = DiagnoseOptions & {readonly follow: boolean};

/** The terminal the view draws on, and where keys come from. */
export type LiveViewIo = DiagnoseIo & {
	readonly stdout: NodeJS.WriteStream;
	readonly env: Readonly<Record<string, string | undefined>>;
	/** Directory for exported reports; default the process's current one. */
	readonly cwd?: string;
	/** Opens the terminal to read keys from; default /dev/tty. Undefined: no terminal, the text report is printed instead. */
	readonly openKeys?: () => ReadStream | undefined;
};

/**
 * `kubesleuth` on a terminal: the interactive live view while the logs are read (and followed with -f).
 * Keys come from /dev/tty, so the logs can come through stdin; with no terminal at all it prints the
 * text report instead. Returns the exit code as runDiagnose does: 0, 1 (findings) or 2 (no input).
 */
export async function runLiveView(options: LiveViewOptions, io: LiveViewIo): Promise<number> {
	const keys = (io.openKeys ?? openTerminalInput)();
	if (keys === undefined) return runDiagnose({...options, format: 'text'}, io);

	// React's development build checks every render and costs a third of the reading speed; the text
	// formats never load React at all.
	if (process.env['NODE_ENV'] === undefined) process.env['NODE_ENV'] = 'production';
	const [{render}, {createElement}, {LiveApp}] = await Promise.all([import('ink'), import('react'), import('../render/ui/live-app.js')]);
	const session = createSession(options);
	const stop = new AbortController();
	const startedAt = Date.now();
	let caughtUp = false;
	let finishedAt: number | undefined;
	let liveFacts: Promise<void> | undefined;
	const feeding = (async () => {
		try {
			await feedSources(session, options.inputs, {
				maxLineBytes: options.maxLineLength,
				signal: stop.signal,
				stdin: io.stdin,
				follow: options.follow,
				onCaughtUp: () => {
					caughtUp = true;
					liveFacts = addLiveFacts(session, options).catch((error: unknown) => session.warn(undefined, `reading the running node failed: ${(error as Error).message}`));
				},
			});
			await liveFacts;
		} catch (error) {
			session.warn(undefined, `reading stopped: ${(error as Error).message}`);
		} finally {
			finishedAt = Date.now();
		}
	})();

	const source: SnapshotSource = {
		progress: () => session.progress(),
		report: () => session.report(),
		caughtUp: () => caughtUp,
		finishedAt: () => finishedAt,
		follow: options.follow,
		startedAt,
	};
	const directories = reportDirectories(io.cwd ?? process.cwd(), io.env);
	const exportReport = (report: Report): string => {
		const written = writeReportFile(renderReport(report, {format: 'markdown', redact: options.redact, color: false}), directories);
		return written.ok ? `Report written to ${written.path}` : `Could not write the report: ${written.error}`;
	};

	// However the process ends (a crash, a second ctrl-c, SIGHUP, SIGQUIT), the terminal gets its screen, cursor
	// and line discipline back; ctrl-z and fg leave and take them again.
	let instance: {clear(): void} | undefined;
	const redraws = new EventTarget();
	const terminal = createLiveTerminal(io.stdout, keys, {
		redraw: () => {
			// Ink draws only what changed since its last frame; after fg the screen holds the shell's output.
			instance?.clear();
			redraws.dispatchEvent(new Event('redraw'));
		},
	});
	const restore = (): void => terminal.restore();
	process.once('exit', restore);
	terminal.enter();
	const ending: {how: LiveExit} = {how: 'quit'};
	let drawMs = 0;
	try {
		const view = render(
			createElement(LiveApp, {
				source,
				onSuspend: () => terminal.suspend(),
				redraws,
				onExport: exportReport,
				onExit: (how: LiveExit) => {
					ending.how = how;
				},
				interrupt: io.signal,
				spareRows: 1,
				drawCost: () => drawMs,
			}),
			{
				stdout: io.stdout,
				stdin: keys,
				stderr: process.stderr,
				exitOnCtrlC: false,
				patchConsole: false,
				onRender: ({renderTime}) => {
					drawMs = renderTime;
				},
			},
		);
		instance = view;
		await view.waitUntilExit();
	} finally {
		restore();
		process.off('exit', restore);
		keys.destroy();
	}

	stop.abort();
	// A pipe that is still open (journalctl -f | kubesleuth) would keep the process alive: stop reading it.
	if (finishedAt === undefined) (io.stdin as Partial<NodeJS.ReadableStream & {destroy(): void}>).destroy?.();
	await Promise.race([feeding, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);

	const report = session.report();
	io.stdout.write(`kubesleuth: ${verdictSentence(report)} (${escapeControl(readSummary(report))})\n`);
	if (ending.how === 'interrupt') {
		const written = writeReportFile(renderReport(report, {format: 'markdown', redact: options.redact, color: false}), directories);
		io.stderr.write(written.ok ? `kubesleuth: report written to ${written.path}\n` : `kubesleuth: could not write the report: ${written.error}\n`);
	}

	return report.verdict === 'no-input' ? 2 : exitCodeOf(report.verdict);
}
