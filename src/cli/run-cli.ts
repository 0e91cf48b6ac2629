import {isIP} from 'node:net';
import process from 'node:process';
import {Command, CommanderError, InvalidArgumentError, Option} from 'commander';
import {readBuildInfo} from './build-info.js';
import type {DiagnoseOptions, ReportFormat} from './diagnose-command.js';
import type {Input} from './feed-sources.js';
import {parseTimeOption, parseYearOption, type OptionZone} from './time-option.js';

// Each command's modules are loaded when that command runs, so `--version`, `--help` and the small
// commands start fast (the single executable has to start in well under 300 ms).

/** What the CLI needs from the process, so tests can run it in-process. */
export type CliIo = {
	readonly stdout: NodeJS.WritableStream & {columns?: number; rows?: number};
	readonly stderr: NodeJS.WritableStream;
	readonly stdin: AsyncIterable<Uint8Array>;
	readonly stdinIsTty: boolean;
	readonly stdoutIsTty: boolean;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly signal?: AbortSignal;
};

class UsageError extends Error {}

const intOption = (name: string) => (value: string): number => {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} takes a whole number.`);
	return n;
};

const collect = (value: string, previous: string[]): string[] => [...previous, value];

// Usage errors thrown while commander reads an option pass through it and become one sentence, exit 2.
const yearOption = (value: string): number => {
	const year = parseYearOption(value);
	if (typeof year === 'string') throw new UsageError(year);
	return year;
};

/** Lines are cut at `--max-line-length`: an x509 failure line is often longer than 512 bytes, so below 1 KiB the signatures are cut off and an incident reads as healthy; past 16 MiB memory is at risk. */
export const minMaxLineLength = 1024;
export const maxMaxLineLength = 16 * 1024 * 1024;
const lineLengthOption = (value: string): number => {
	const n = /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
	if (n >= minMaxLineLength && n <= maxMaxLineLength) return n;
	throw new UsageError(`--max-line-length takes a number of bytes from ${minMaxLineLength} to ${maxMaxLineLength} (16 MiB), not "${value}".`);
};

const selfIpOption = (value: string, previous: string[]): string[] => {
	if (isIP(value) === 0) throw new UsageError(`--self-ip takes an IPv4 or IPv6 address, not "${value}".`);
	return [...previous, value];
};

type DiagnoseFlags = {
	format?: string;
	since?: string;
	until?: string;
	year?: number;
	selfIp: string[];
	startedAt?: string;
	apiserverVersion?: string;
	now?: string;
	utc?: boolean;
	rules: string[];
	only?: string;
	redact: boolean;
	live: boolean;
	procRoot?: string;
	maxLineLength: number;
	color?: boolean;
	follow?: boolean;
};

/** Parses the command line and runs the command. Returns the exit code: 0, 1 (findings) or 2 (usage, no input). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
	const build = readBuildInfo();
	let exitCode = 0;
	const program = new Command('kubesleuth')
		.description(
			'Diagnose a Kubernetes control plane from kube-apiserver logs: finds the expired in-memory loopback certificate and its look-alikes, with evidence and what to do.\n\n' +
				'Reads PATHs (files, directories, globs; gzip is detected), or stdin when piped, or - for stdin.\n' +
				'With no PATH on a terminal it looks where apiserver logs live on a node (/var/log/pods, /var/log/containers, journald).',
		)
		.version(`kubesleuth ${build.version} (commit ${build.commit}, node ${process.version})`, '-V, --version', 'print the version, the commit it was built from and the Node.js it runs on')
		.argument('[paths...]', 'log files, directories or globs; - for stdin')
		.addOption(new Option('--format <format>', 'print a report instead of the live view').choices(['text', 'json', 'markdown']))
		.option('--since <time>', 'only lines at or after this time (ISO 8601, or 30m / 2h / 7d ago)')
		.option('--until <time>', 'only lines at or before this time')
		.option('--year <yyyy>', 'year of the first year-less timestamp (klog, journalctl short), 1970 to 9999', yearOption)
		.option('--self-ip <ip>', "one of the node's own addresses (repeatable)", selfIpOption, [])
		.option('--started-at <time>', 'when the apiserver process started, if you know it better than the logs')
		.option('--apiserver-version <version>', 'the apiserver version, e.g. v1.31.4 (decides the loopback certificate lifetime)')
		.option('--now <time>', 'take this as the current time (for reading an old bundle)')
		.option('--utc', 'read times without a zone as UTC, in the logs and in the time flags (default: this machine\'s local zone)')
		.option('--rules <path>', 'add your own rule files (a file or a directory; repeatable)', collect, [])
		.option('--only <families>', 'use only these built-in rule families, comma-separated (see kubesleuth rules list)')
		.option('--no-redact', 'show secrets found in log lines instead of [REDACTED]')
		.option('--no-live', 'do not read the running node (process, loopback probe, certificates on disk)')
		.option('--proc-root <dir>', 'read the apiserver process from this /proc (a copied bundle)')
		.option('--max-line-length <n>', 'cut lines longer than this many bytes (1024 to 16 MiB)', lineLengthOption, 64 * 1024)
		.option('--no-color', 'no colour in the text report')
		.option('-f, --follow', 'keep reading as files grow (and across rotation) and stdin until it closes; with --format, print the report on ctrl-c')
		.enablePositionalOptions()
		.showHelpAfterError('(run kubesleuth --help for usage)')
		.configureOutput({writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s)})
		.exitOverride()
		.action(async (paths: string[], flags: DiagnoseFlags) => {
			exitCode = await diagnose(paths, flags, io);
		});

	program
		.command('probe')
		.description('read the certificate the apiserver serves for SNI apiserver-loopback-client (sends no credentials and no request)')
		.argument('[host:port]', "default: this node's apiserver from /proc, else 127.0.0.1:6443")
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.option('--timeout <ms>', 'connection timeout in milliseconds', intOption('--timeout'), 5000)
		.option('--proc-root <dir>', 'where to find the apiserver process', '/proc')
		.action(async (target: string | undefined, flags: {format: 'text' | 'json'; timeout: number; procRoot: string}) => {
			const {runProbeCommand} = await import('./commands/probe-command.js');
			exitCode = await runProbeCommand({target, format: flags.format, timeoutMs: flags.timeout, procRoot: flags.procRoot}, io);
		});

	program
		.command('certs')
		.description('list certificates on disk with their expiry, like kubeadm certs check-expiration')
		.argument('[paths...]', 'folders, files or globs (default /etc/kubernetes/pki and /etc/kubernetes/*.conf)')
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.action(async (paths: string[], flags: {format: 'text' | 'json'}) => {
			const {runCertsCommand} = await import('./commands/certs-command.js');
			exitCode = await runCertsCommand({paths, format: flags.format}, io);
		});

	const rules = program.command('rules').description('list or check diagnosis rules');
	rules
		.command('list')
		.description('every rule with its id, severity and source file')
		.option('--rules <path>', 'include your own rule files', collect, [])
		.action(async (flags: {rules: string[]}) => {
			const {runRulesList} = await import('./commands/rules-command.js');
			exitCode = await runRulesList(flags.rules, io);
		});
	rules
		.command('check')
		.description('validate rule files and point at the exact problem')
		.argument('<files...>', 'rule files or directories')
		.action(async (files: string[]) => {
			const {runRulesCheck} = await import('./commands/rules-command.js');
			exitCode = await runRulesCheck(files, io);
		});

	program
		.command('records')
		.description('print the parsed records of the inputs as JSON lines, merged in time order (for debugging a parse)')
		.argument('[paths...]', 'log files, directories or globs; - for stdin')
		.option('--year <yyyy>', 'year of the first year-less timestamp, 1970 to 9999', yearOption)
		.option('--utc', 'read times without a zone as UTC')
		.option('--no-redact', 'show secrets instead of [REDACTED]')
		.action(async (paths: string[], flags: {year?: number; utc?: boolean; redact: boolean}) => {
			const {runRecordsCommand} = await import('./commands/records-command.js');
			exitCode = await runRecordsCommand(paths, {year: flags.year, utc: Boolean(flags.utc), now: Date.now(), redact: flags.redact}, io);
		});

	program
		.command('export')
		.description('alert rules for the fleet: prometheus (rules on process_start_time_seconds), blackbox (module + alerts on probe_ssl_earliest_cert_expiry) or loki (LogQL rules for the log signatures)')
		.argument('<target>', 'prometheus, blackbox or loki')
		.option('--job <job>', 'the job label of the scraped apiservers (or of the blackbox probes)')
		.option('--selector <matchers>', 'extra label matchers, e.g. cluster="prod" (loki: the whole stream selector)')
		.option('--warning-days <n>', 'warn this many days before expiry', intOption('--warning-days'), 30)
		.option('--critical-days <n>', 'critical this many days before expiry', intOption('--critical-days'), 7)
		.option('--module <name>', 'blackbox_exporter module name')
		.option('--timeout <seconds>', 'blackbox probe timeout in seconds', intOption('--timeout'))
		.option('--target <host:port>', 'apiserver to probe in the example scrape config (repeatable)', collect, [])
		.option('--window <duration>', 'loki: the range of each count_over_time', '5m')
		.option('--rules <path>', 'loki: include your own rule files', collect, [])
		.action(async (target: string, flags: {job?: string; selector?: string; warningDays: number; criticalDays: number; module?: string; timeout?: number; target: string[]; window: string; rules: string[]}) => {
			if (target === 'loki') {
				exitCode = await exportLoki(flags, io);
				return;
			}

			if (target !== 'prometheus' && target !== 'blackbox') {
				io.stderr.write(`kubesleuth export: unknown target "${target}"; use prometheus, blackbox or loki.\n`);
				exitCode = 2;
				return;
			}

			const {runExportCommand} = await import('./commands/export-command.js');
			exitCode = await runExportCommand(target, {job: flags.job, selector: flags.selector, warningDays: flags.warningDays, criticalDays: flags.criticalDays, module: flags.module, timeoutSeconds: flags.timeout, targets: flags.target.length > 0 ? flags.target : undefined}, io);
		});

	for (const command of program.commands) command.exitOverride().configureOutput({writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s)});

	try {
		await program.parseAsync(argv, {from: 'user'});
	} catch (error) {
		if (error instanceof CommanderError) {
			return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
		}

		if (error instanceof UsageError) {
			io.stderr.write(`kubesleuth: ${error.message}\n`);
			return 2;
		}

		throw error;
	}

	return exitCode;
}

async function diagnose(paths: string[], flags: DiagnoseFlags, io: CliIo): Promise<number> {
	const zone: OptionZone = flags.utc ? 'utc' : 'local';
	const now = flags.now === undefined ? Date.now() : timeOrThrow(flags.now, Date.now(), '--now', zone);
	const since = flags.since === undefined ? undefined : timeOrThrow(flags.since, now, '--since', zone);
	const until = flags.until === undefined ? undefined : timeOrThrow(flags.until, now, '--until', zone);
	const startedAt = flags.startedAt === undefined ? undefined : timeOrThrow(flags.startedAt, now, '--started-at', zone);

	const {loadRules} = await import('./load-rules.js');
	const rules = await loadRules(flags.rules, flags.only?.split(',').map((f) => f.trim()).filter(Boolean));
	if (rules.problems.length > 0 || rules.issues.length > 0) {
		for (const problem of rules.problems) io.stderr.write(`kubesleuth: ${problem}\n`);
		for (const issue of rules.issues) io.stderr.write(`kubesleuth: ${issue.file}: ${issue.path}: ${issue.message}\n`);
		return 2;
	}

	const inputs = await chooseInputs(paths, flags, io);
	if (typeof inputs === 'string') {
		io.stderr.write(inputs);
		return 2;
	}

	const format: ReportFormat = (flags.format as ReportFormat | undefined) ?? 'text';
	const options: DiagnoseOptions = {
		inputs: inputs.inputs,
		rules: rules.rules,
		format,
		now,
		year: flags.year,
		utc: Boolean(flags.utc),
		since,
		until,
		selfIps: flags.selfIp,
		startedAt,
		apiserverVersion: flags.apiserverVersion,
		redact: flags.redact,
		live: flags.live,
		procRoot: flags.procRoot ?? '/proc',
		procRootGiven: flags.procRoot !== undefined,
		maxLineLength: flags.maxLineLength,
		color: flags.color !== false && io.stdoutIsTty && format === 'text' && io.env['NO_COLOR'] === undefined,
		follow: Boolean(flags.follow),
	};
	if (inputs.foundOnNode.length > 0) io.stderr.write(`kubesleuth: reading ${inputs.foundOnNode.join(', ')}\n`);
	if (flags.format === undefined && io.stdoutIsTty) {
		// Loaded only here: ink and react would add ~100 ms to every other command's start-up.
		const {runLiveView} = await import('./live-view-command.js');
		return runLiveView({...options, follow: Boolean(flags.follow)}, {stdout: io.stdout as NodeJS.WriteStream, stderr: io.stderr, stdin: io.stdin, signal: io.signal, env: io.env});
	}

	const {runDiagnose} = await import('./diagnose-command.js');
	return runDiagnose(options, {stdout: io.stdout, stderr: io.stderr, stdin: io.stdin, signal: io.signal});
}

async function exportLoki(flags: {selector?: string; window: string; rules: string[]}, io: CliIo): Promise<number> {
	if (!/^\d+[smhd]$/.test(flags.window)) {
		io.stderr.write(`kubesleuth export: --window takes a duration such as 5m or 1h, not "${flags.window}".\n`);
		return 2;
	}

	const selector = flags.selector ?? (await import('../export/loki-rules.js')).defaultLokiSelector;
	if (!/^\{.*\}$/.test(selector.trim())) {
		io.stderr.write(`kubesleuth export: --selector for loki is a LogQL stream selector such as {namespace="kube-system", container="kube-apiserver"}, not "${selector}".\n`);
		return 2;
	}

	const {loadRules} = await import('./load-rules.js');
	const loaded = await loadRules(flags.rules);
	if (loaded.problems.length > 0 || loaded.issues.length > 0) {
		for (const problem of loaded.problems) io.stderr.write(`kubesleuth: ${problem}\n`);
		for (const issue of loaded.issues) io.stderr.write(`kubesleuth: ${issue.file}: ${issue.path}: ${issue.message}\n`);
		return 2;
	}

	const {renderLokiRules} = await import('../export/loki-rules.js');
	io.stdout.write(renderLokiRules(loaded.rules, {selector: selector.trim(), window: flags.window}));
	return 0;
}

function timeOrThrow(text: string, now: number, flag: string, zone: OptionZone): number {
	const value = parseTimeOption(text, now, flag, zone);
	if (typeof value === 'string') throw new UsageError(value);
	return value;
}

/** PATHs as given, stdin when piped, or the node's usual log places. A string is the message for "nothing to read". */
async function chooseInputs(paths: readonly string[], flags: DiagnoseFlags, io: CliIo): Promise<{inputs: Input[]; foundOnNode: string[]} | string> {
	if (paths.length > 0) {
		const files = paths.filter((p) => p !== '-');
		const inputs: Input[] = [];
		if (paths.includes('-')) inputs.push({type: 'stdin'});
		if (files.length > 0) inputs.push({type: 'paths', paths: files, local: false});
		return {inputs, foundOnNode: []};
	}

	if (!io.stdinIsTty) return {inputs: [{type: 'stdin'}], foundOnNode: []};
	const {findApiserverLogs} = await import('../host/find-apiserver-logs.js');
	const search = await findApiserverLogs();
	if (search.found.length === 0) {
		return (
			'kubesleuth: found no kube-apiserver logs on this machine. Looked in:\n' +
			search.looked.map((place) => `  ${place}\n`).join('') +
			'Pass logs in: kubesleuth /path/to/logs, journalctl -u kube-apiserver | kubesleuth, or kubectl logs -n kube-system kube-apiserver-NODE | kubesleuth\n'
		);
	}

	const inputs: Input[] = [];
	const pathsFound = search.found.flatMap((f) => (f.type === 'path' ? [f.path] : []));
	if (pathsFound.length > 0) inputs.push({type: 'paths', paths: pathsFound, local: true});
	if (search.found.some((f) => f.type === 'journald')) {
		const {readJournalUnit} = await import('../host/read-journal-unit.js');
		inputs.push({type: 'journald', unit: 'kube-apiserver', chunks: readJournalUnit('kube-apiserver', {follow: Boolean(flags.follow), signal: io.signal})});
	}

	return {inputs, foundOnNode: search.found.map((f) => (f.type === 'path' ? f.path : 'journalctl -u kube-apiserver'))};
}
