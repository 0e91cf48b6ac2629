import {writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {createDiagnosisSession, type DiagnosisSession} from '../pipeline/diagnosis-session.js';
import {exitCodeOf, type Report} from '../diagnose/report.js';
import {formatJson} from '../render/format-json.js';
import {formatMarkdown} from '../render/format-markdown.js';
import {formatText} from '../render/format-text.js';
import {redactReport} from '../render/redact-report.js';
import type {CompiledRules} from '../detect/compile-rules.js';
import type {DistributionId} from '../detect/rules/distributions.js';
import {feedSources, type Input} from './feed-sources.js';
import {writeError} from './error-output.js';

export type ReportFormat = 'text' | 'json' | 'markdown';

export type DiagnoseOptions = {
	readonly inputs: readonly Input[];
	readonly rules: CompiledRules;
	readonly format: ReportFormat;
	readonly now: number;
	readonly year?: number | undefined;
	readonly utc: boolean;
	readonly since?: number | undefined;
	readonly until?: number | undefined;
	readonly selfIps: readonly string[];
	readonly startedAt?: number | undefined;
	readonly apiserverVersion?: string | undefined;
	/** `--distribution`. */
	readonly distribution?: DistributionId | undefined;
	readonly redact: boolean;
	readonly live: boolean;
	readonly procRoot: string;
	readonly procRootGiven: boolean;
	readonly maxLineLength: number;
	/** Colour in the text report (and in the live view's tones). */
	readonly color: boolean;
	/** Times printed in this machine's zone instead of UTC. */
	readonly local?: boolean;
	/** Also write the Markdown report to this file when reading ends. */
	readonly reportFile?: string | undefined;
	/** Follow files as they grow until ctrl-c or SIGTERM, then print the report. */
	readonly follow?: boolean;
};

export type DiagnoseIo = {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
	readonly stdin: AsyncIterable<Uint8Array>;
	readonly signal?: AbortSignal;
	/** The environment (`KUBESLEUTH_WORKERS`). */
	readonly env?: Readonly<Record<string, string | undefined>>;
};

/** Builds the session the diagnose command and the live view share. */
export function createSession(options: DiagnoseOptions): DiagnosisSession {
	return createDiagnosisSession({
		rules: options.rules,
		now: options.now,
		year: options.year,
		timeZone: options.utc ? 'utc' : 'local',
		selfIps: options.selfIps,
		startedAt: options.startedAt,
		version: options.apiserverVersion,
		localHostName: hostname(),
		maxLineLength: options.maxLineLength,
		since: options.since,
		until: options.until,
		distribution: options.distribution,
		follow: options.follow,
	});
}

/** After reading: facts from the running system, when the logs are this machine's (or --proc-root names a copy). */
export async function addLiveFacts(session: DiagnosisSession, options: DiagnoseOptions): Promise<void> {
	if (!options.live) return;
	const thisMachine = session.logsAreLocal();
	if (!thisMachine && !options.procRootGiven) return;
	// Loaded only here: most runs read logs from elsewhere, and the readers of the node (yaml for kubeconfigs
	// and manifests, fast-glob for certificate folders) are start-up time those runs do not need.
	const {gatherLiveFacts} = await import('../host/gather-live-facts.js');
	session.setLive(await gatherLiveFacts({procRoot: options.procRoot, thisMachine, probeTimeoutMs: 2000, now: options.now}));
}

/** Renders a finished (or interrupted) report in the chosen format. */
export function renderReport(report: Report, options: Pick<DiagnoseOptions, 'format' | 'redact' | 'color' | 'local'>): string {
	const {report: shown, redacted} = options.redact ? redactReport(report) : {report, redacted: 0};
	const timeStyle = options.local === true ? 'local' : 'utc';
	switch (options.format) {
		case 'json':
			return formatJson(shown, redacted, options.redact);
		case 'markdown':
			return formatMarkdown(shown, redacted, options.redact, {timeStyle});
		case 'text':
			return formatText(shown, {color: options.color, redacted, redactionEnabled: options.redact, timeStyle});
		default:
			return options.format satisfies never;
	}
}

/** `kubesleuth [PATH...]` without the live view: read, diagnose, print a report. Returns the exit code. */
export async function runDiagnose(options: DiagnoseOptions, io: DiagnoseIo): Promise<number> {
	const session = createSession(options);
	const onBundle = (description: string): void => {
		io.stderr.write(`kubesleuth: reading the support bundle ${description}\n`);
	};
	await feedSources(session, options.inputs, {maxLineBytes: options.maxLineLength, signal: io.signal, stdin: io.stdin, follow: options.follow === true, onBundle, env: io.env});
	// A partial report must say so: its counts and findings cover only what was read before the signal
	// (in follow mode the signal is the way to stop, and the report covers everything read until then).
	if (io.signal?.aborted === true && options.follow !== true) session.warn(undefined, 'interrupted: reading stopped early, so this report covers only the lines read before that');
	await addLiveFacts(session, options);
	const report = session.report();
	if (report.verdict === 'no-input') {
		// A script asking for JSON always gets a document, with the no-input verdict and its reason in it.
		if (options.format === 'json') io.stdout.write(renderReport(report, options));
		writeError(io.stderr, `no readable input: ${report.noInput ?? 'the input was empty'}`);
		return 2;
	}

	io.stdout.write(renderReport(report, options));
	if (options.reportFile !== undefined) {
		const written = writeReportTo(options.reportFile, renderReport(report, {...options, format: 'markdown', color: false}));
		if (written !== undefined) writeError(io.stderr, written);
	}

	return exitCodeOf(report.verdict);
}

/** Writes a report to the file named by --report; returns why it could not, or undefined. */
export function writeReportTo(file: string, text: string): string | undefined {
	try {
		writeFileSync(file, text, {mode: 0o600});
		return undefined;
	} catch (error) {
		return `could not write the report to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
	}
}
