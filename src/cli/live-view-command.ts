import process from 'node:process';
import type {ReadStream} from 'node:tty';
import {exitCodeOf, type Report} from '../diagnose/report.js';
import type {Progress} from '../pipeline/diagnosis-session.js';
import {redactReport} from '../render/redact-report.js';
import {readSummary, verdictSentence} from '../render/report-words.js';
import {escapeControl} from '../render/sanitize-text.js';
import type {LiveExit} from '../render/ui/live-app.js';
import type {SnapshotSource} from '../render/ui/use-session-snapshot.js';
import {reportDirectories, writeReportFile} from '../render/ui/write-report-file.js';
import {formatBytes} from '../render/ui/snapshot.js';
import {addLiveFacts, createSession, renderReport, runDiagnose, writeReportTo, type DiagnoseIo, type DiagnoseOptions} from './diagnose-command.js';
import {writeError} from './error-output.js';
import {feedSources} from './feed-sources.js';
import {openLiveScreen, type LiveScreen} from './live-screen.js';
import {createLiveTerminal} from './live-terminal.js';
import {createLogAccess} from './log-access.js';

/**
 * How long a stream or a followed file must give nothing new before the record the parser holds back for its
 * continuation lines counts: a writer puts a record out in one write, and this is short next to the half second
 * in which an appended line should be on screen.
 */
const quietMs = 30;

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
	/** The terminal, when the caller has taken it already (to draw the first frame before loading the rules). */
	readonly screen?: LiveScreen | undefined;
};


/**
 * `kubesleuth` on a terminal: the interactive live view while the logs are read (and followed with -f).
 * Keys come from /dev/tty, so the logs can come through stdin; with no terminal at all it prints the
 * text report instead. Returns the exit code as runDiagnose does: 0, 1 (findings) or 2 (no input).
 */
export async function runLiveView(options: LiveViewOptions, io: LiveViewIo): Promise<number> {
	const screen = io.screen ?? openLiveScreen(io.stdout, describeInputs(options), io.openKeys);
	if (screen === undefined) return runDiagnose({...options, format: 'text'}, io);
	const {keys, restore} = screen;

	// React's development build checks every render and costs a third of the reading speed; the text
	// formats never load React at all.
	if (process.env['NODE_ENV'] === undefined) process.env['NODE_ENV'] = 'production';
	// Ink and React take a while to load on a busy machine: the reading starts at once, and the first frame
	// (drawn when the terminal was taken) says what is being read until they are there.
	// In dist one bundled file (src/cli/bundle-live-view.ts): loading Ink's modules one by one took longer than all else before the first frame.
	const loading = import('../render/ui/live-view-bundle.js');
	const session = createSession(options);
	const inputs = describeInputs(options);
	const stop = new AbortController();
	const startedAt = Date.now();
	let caughtUp = false;
	let finishedAt: number | undefined;
	let liveFacts: Promise<void> | undefined;
	// The view is told when something was read, so that it draws a line appended to a followed log at once.
	const listeners = new Set<(urgent: boolean) => void>();
	const changed = (urgent: boolean): void => {
		for (const listener of listeners) listener(urgent);
	};

	const feeding = (async () => {
		try {
			await feedSources(session, options.inputs, {
				maxLineBytes: options.maxLineLength,
				signal: stop.signal,
				stdin: io.stdin,
				follow: options.follow,
				env: io.env,
				quietMs,
				onRead: changed,
				onCaughtUp: () => {
					caughtUp = true;
					changed(true);
					liveFacts = addLiveFacts(session, options)
						.catch((error: unknown) => session.warn(undefined, `reading the running node failed: ${(error as Error).message}`))
						.finally(() => changed(true));
				},
			});
			await liveFacts;
		} catch (error) {
			session.warn(undefined, `reading stopped: ${(error as Error).message}`);
		} finally {
			finishedAt = Date.now();
			changed(true);
		}
	})();

	// The view draws only redacted text: what it shows, and what `/` searches, is what every report shows.
	const shown = (): Report => (options.redact ? redactReport(session.report()).report : session.report());
	const source: SnapshotSource = {
		progress: () => session.progress(),
		report: shown,
		caughtUp: () => caughtUp,
		finishedAt: () => finishedAt,
		follow: options.follow,
		startedAt,
		inputs,
		subscribe: (listener) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
	const directories = reportDirectories(io.cwd ?? process.cwd(), io.env);
	const markdown = (): string => renderReport(partialIfReading(session.report(), finishedAt === undefined, session.progress()), {format: 'markdown', redact: options.redact, color: false, local: options.local});
	const exportReport = (): string => {
		const written = writeReportFile(markdown(), directories);
		return written.ok ? `Report written to ${written.path}` : `Could not write the report: ${written.error}`;
	};

	const copied: string[] = [];
	const copy = (command: string): void => {
		copied.push(command);
		// OSC 52: the terminal (or tmux with set-clipboard) puts the text on its clipboard.
		io.stdout.write(`\u001B]52;c;${Buffer.from(command, 'utf8').toString('base64')}\u0007`);
	};

	const access = createLogAccess({
		sources: () => session.report().sources.map((s) => ({name: s.name, kind: s.kind})),
		redact: options.redact,
		maxLineBytes: options.maxLineLength,
		timeZone: options.utc ? 'utc' : 'local',
		now: options.now,
	});

	const {render, createElement, LiveApp} = await loading;
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
	terminal.enter();
	// Ink draws from the top left; the first frame goes.
	io.stdout.write('\u001B[2J\u001B[H');
	const ending: {how: LiveExit} = {how: 'quit'};
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
				logAccess: access,
				onCopy: copy,
				colour: options.color,
				timeStyle: options.local === true ? 'local' : 'utc',
			}),
			{
				stdout: io.stdout,
				stdin: keys,
				stderr: process.stderr,
				exitOnCtrlC: false,
				patchConsole: false,
			},
		);
		instance = view;
		await view.waitUntilExit();
	} finally {
		terminal.restore();
		restore();
		keys.destroy();
	}

	const stoppedEarly = finishedAt === undefined && !options.follow;
	const progressAtStop = session.progress();
	stop.abort();
	// A pipe that is still open (journalctl -f | kubesleuth) would keep the process alive: stop reading it.
	if (finishedAt === undefined) (io.stdin as Partial<NodeJS.ReadableStream & {destroy(): void}>).destroy?.();
	await Promise.race([feeding, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);

	const report = partialIfReading(session.report(), stoppedEarly, progressAtStop);
	const partial = stoppedEarly ? `; partial: ${readShare(progressAtStop)} before you quit` : '';
	const sentence = stoppedEarly && report.verdict === 'no-input' ? 'stopped before any line was read' : verdictSentence(report);
	io.stdout.write(`kubesleuth: ${escapeControl(sentence)} (${escapeControl(readSummary(report, options.local === true ? 'local' : 'utc'))}${partial})\n`);
	for (const command of copied) io.stdout.write(`kubesleuth: copied: ${escapeControl(command)}\n`);
	// Nothing is written unless asked: e in the view, or --report.
	if (options.reportFile !== undefined) {
		const failed = writeReportTo(options.reportFile, renderReport(report, {format: 'markdown', redact: options.redact, color: false, local: options.local}));
		writeError(io.stderr, failed ?? `report written to ${options.reportFile}`);
	}

	return report.verdict === 'no-input' ? 2 : exitCodeOf(report.verdict);
}

/** `14% of 1.0 GB read`, or `6,094 lines read` when the size is unknown. */
function readShare(progress: Progress): string {
	const total = progress.totalSize;
	if (total !== undefined && total > 0) return `${Math.floor((progress.bytes / total) * 100)}% of ${formatBytes(total)} read`;
	return `${progress.lines.toLocaleString('en-US')} lines read`;
}

/** A report taken before the reading ended says so, in its warnings. */
function partialIfReading(report: Report, reading: boolean, progress: Progress): Report {
	if (!reading) return report;
	return {...report, warnings: [`partial: this report covers what was read so far (${readShare(progress)})`, ...report.warnings]};
}

/** What the first frame names as being read. */
function describeInputs(options: LiveViewOptions): string[] {
	return options.inputs.flatMap((input) => {
		switch (input.type) {
			case 'stdin':
				return ['stdin'];
			case 'paths':
				return [...input.paths];
			case 'journald':
				return [`journalctl -u ${input.unit}`];
			default:
				return input satisfies never;
		}
	});
}
