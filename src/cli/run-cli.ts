import process from 'node:process';
import {Command, CommanderError, InvalidArgumentError, Option, type OutputConfiguration} from 'commander';
import {readBuildInfo} from './build-info.js';
import type {DiagnoseOptions, ReportFormat} from './diagnose-command.js';
import type {Input} from './feed-sources.js';
import type {DistributionId} from '../detect/rules/distributions.js';
import {canonicalKubernetesVersion, ipVersion} from '../detect/values/validate-values.js';
import type {LiveScreen} from './live-screen.js';
import {errorText, writeError} from './error-output.js';
import {parseTimeOption, parseYearOption, type OptionZone} from './time-option.js';
import {escapeControl} from '../render/sanitize-text.js';

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

const helpAfter = `
Examples:
  journalctl -u kube-apiserver --since -2d | kubesleuth
  kubesleuth /var/log/pods/kube-system_kube-apiserver-*/
  kubectl logs -n kube-system kube-apiserver-cp-1 --timestamps | kubesleuth --format text
  kubesleuth -f /var/log/pods/kube-system_kube-apiserver-*/      follow the files as they grow
  kubesleuth --format json ./node-bundle/ | jq '.findings[].verify[].command'
  kubesleuth --now 2026-11-28T12:00:00Z --year 2026 ./old-bundle/ read an old bundle as of its time
  kubesleuth probe 10.0.0.11:6443                                the loopback certificate it serves
  kubesleuth certs                                               certificates on disk and days left

Keys in the live view:
  up/down j/k move or scroll, enter open (on an evidence line: its neighbours), esc back,
  tab the next command or evidence line, y copy the command, left/right scroll it, r raw lines,
  t timeline, / search (a regular expression; /*text the whole log), n/N next/previous match,
  e write the Markdown report, ? help, q or ctrl-c quit (nothing is written unless asked).

Exit codes:
  0  nothing found at warning or above
  1  at least one finding at warning or critical
  2  usage error, or nothing to diagnose (no readable input, or no line in the --since/--until window)
`;

const commandNames = ['probe', 'certs', 'rules', 'records', 'export'];

/** Edit distance between two short words. */
function distance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const kept = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = kept;
		}
	}

	return row[b.length]!;
}

/** `kubesleuth prob`: a first argument that is no file but nearly a command's name is a mistyped command. */
async function mistypedCommand(paths: readonly string[]): Promise<string | undefined> {
	const first = paths[0];
	if (first === undefined || !/^[a-z]{2,12}$/.test(first)) return undefined;
	const {access} = await import('node:fs/promises');
	if (await access(first).then(() => true, () => false)) return undefined;
	const close = commandNames.filter((name) => distance(first, name) <= 2).sort((a, b) => distance(first, a) - distance(first, b));
	return close[0] === undefined ? undefined : `"${first}" is neither a file nor a command; did you mean kubesleuth ${close[0]}?`;
}

/** `--apiserver-version`: a Kubernetes version (v1.31.4, 1.33, v1.29.0-rc.1), written with its v. */
function kubernetesVersion(text: string | undefined): string | undefined {
	if (text === undefined) return undefined;
	const version = canonicalKubernetesVersion(text);
	if (version === undefined) throw new UsageError(`--apiserver-version takes a Kubernetes version such as v1.28.9 or 1.28.9+k3s1, not ${JSON.stringify(text)}.`);
	return version;
}

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
	if (ipVersion(value) === 0) throw new UsageError(`--self-ip takes an IPv4 or IPv6 address, not "${value}".`);
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
	color: 'auto' | 'always' | 'never' | false;
	local?: boolean;
	report?: string;
	follow?: boolean;
	distribution?: string;
};

/** Parses the command line and runs the command. Returns the exit code: 0, 1 (findings) or 2 (usage, no input). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
	const build = readBuildInfo();
	let exitCode = 0;
	// Commander's own errors get the one prefix and the same escaping as every other message on stderr.
	const output: OutputConfiguration = {
		writeOut: (text: string) => io.stdout.write(text),
		writeErr: (text: string) => io.stderr.write(text),
		outputError: (text: string, write: (text: string) => void) => write(text.startsWith('error: ') ? errorText(text.slice('error: '.length)) : text.split('\n').map(escapeControl).join('\n')),
	};
	const program = new Command('kubesleuth')
		.description(
			'Diagnose a Kubernetes control plane from kube-apiserver logs: finds the expired in-memory loopback certificate and its look-alikes, with evidence and what to do.\n\n' +
				'Reads PATHs (files, directories, globs; gzip is detected), or stdin when piped, or - for stdin.\n' +
				'With no PATH on a terminal it looks where apiserver logs live on a node (kubeadm, k3s, rke2, MicroK8s, OpenShift: /var/log/pods, /var/log/containers, log files, journald units).\n' +
				'Support bundles (sosreport, must-gather, Rancher log collector, supportconfig) are read as folders or .tar.gz archives, per node.',
		)
		.version(`kubesleuth ${build.version} (commit ${build.commit}, node ${process.version})`, '-V, --version', 'print the version, the commit it was built from and the Node.js it runs on')
		.argument('[paths...]', 'log files, directories or globs; - for stdin')
		.addOption(new Option('--format <format>', 'print a report instead of the live view').choices(['text', 'json', 'markdown']))
		.option('--since <time>', 'only lines at or after this time (ISO 8601, or 30m / 2h / 7d ago)')
		.option('--until <time>', 'only lines at or before this time')
		.option('--year <yyyy>', 'year of the first year-less timestamp (klog, journalctl short), 1970 to 9999', yearOption)
		.option('--self-ip <ip>', "one of the node's own addresses (repeatable)", selfIpOption, [])
		.option('--started-at <time>', 'when the apiserver process started, if you know it better than the logs')
		.option('--apiserver-version <version>', 'the apiserver version, e.g. v1.31.4 or 1.31.4+k3s1 (decides the loopback certificate lifetime)')
		.option('--distribution <name>', 'the distribution, when the logs and the node do not say: kubeadm, k3s, rke2, microk8s, openshift, openshift3 or systemd-unit (decides the commands and the lifetime)')
		.option('--now <time>', 'take this as the current time (for reading an old bundle)')
		.option('--utc', 'read times without a zone as UTC, in the logs and in the time flags (default: this machine\'s local zone)')
		.option('--rules <path>', 'add your own rule files (a file or a directory; repeatable)', collect, [])
		.option('--only <families>', 'use only these built-in rule families, comma-separated (see kubesleuth rules list)')
		.option('--no-redact', 'show secrets found in log lines instead of [REDACTED]')
		.option('--no-live', 'do not read the running node (process, loopback probe, certificates on disk)')
		.option('--proc-root <dir>', 'read the apiserver process from this /proc (a copied bundle)')
		.option('--max-line-length <n>', 'cut lines longer than this many bytes (1024 to 16 MiB)', lineLengthOption, 64 * 1024)
		.addOption(new Option('--color <when>', 'colour in the live view and the text report: auto (a terminal, unless NO_COLOR is set), always (also through | less -R), never').choices(['auto', 'always', 'never']).default('auto'))
		.option('--no-color', 'the same as --color=never')
		.option('--local', "print times in this machine's zone instead of UTC (times inside rule sentences stay UTC, marked Z)")
		.option('--report <file>', 'also write the Markdown report to this file when reading ends (the live view: when you quit)')
		.option('-f, --follow', 'keep reading as files grow (and across rotation) and stdin until it closes; with --format, print the report on ctrl-c')
		.addHelpText('after', helpAfter)
		.enablePositionalOptions()
		.showHelpAfterError('(run kubesleuth --help for usage)')
		.configureOutput(output)
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
		.argument('[paths...]', 'folders, files or globs (default: the certificate folders of the distributions on this node, such as /etc/kubernetes/pki and /etc/kubernetes/*.conf, /var/lib/rancher/k3s/server/tls)')
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
				writeError(io.stderr, `export: unknown target "${target}"; use prometheus, blackbox or loki.`);
				exitCode = 2;
				return;
			}

			const {runExportCommand} = await import('./commands/export-command.js');
			exitCode = await runExportCommand(target, {job: flags.job, selector: flags.selector, warningDays: flags.warningDays, criticalDays: flags.criticalDays, module: flags.module, timeoutSeconds: flags.timeout, targets: flags.target.length > 0 ? flags.target : undefined}, io);
		});

	for (const command of program.commands) configureCommands(command, output);

	try {
		await program.parseAsync(argv, {from: 'user'});
	} catch (error) {
		if (error instanceof CommanderError) {
			return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
		}

		if (error instanceof UsageError) {
			writeError(io.stderr, error.message);
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

	const apiserverVersion = kubernetesVersion(flags.apiserverVersion);
	const {distributionIds} = await import('../detect/rules/distributions.js');
	const distribution = distributionIds.find((id) => id === flags.distribution);
	if (flags.distribution !== undefined && distribution === undefined) throw new UsageError(`--distribution takes one of ${distributionIds.join(', ')}, not "${flags.distribution}".`);
	const mistyped = await mistypedCommand(paths);
	if (mistyped !== undefined) throw new UsageError(mistyped);
	const live = flags.format === undefined && io.stdoutIsTty;
	// The live view takes the terminal now and says what it reads: loading the rules and the view takes a
	// while on a busy machine, and a blank screen says nothing.
	const screen = live ? (await import('./live-screen.js')).openLiveScreen(io.stdout as NodeJS.WriteStream, paths.length > 0 ? paths : io.stdinIsTty ? ["this node's kube-apiserver logs"] : ['stdin']) : undefined;
	try {
		return await diagnoseWith(paths, flags, io, {now, since, until, startedAt, apiserverVersion, distribution, live, screen});
	} catch (error) {
		screen?.restore();
		throw error;
	}
}

type Prepared = {
	readonly now: number;
	readonly since: number | undefined;
	readonly until: number | undefined;
	readonly startedAt: number | undefined;
	readonly apiserverVersion: string | undefined;
	readonly distribution: DistributionId | undefined;
	readonly live: boolean;
	readonly screen: LiveScreen | undefined;
};

async function diagnoseWith(paths: string[], flags: DiagnoseFlags, io: CliIo, prepared: Prepared): Promise<number> {
	const {now, since, until, startedAt, apiserverVersion, distribution, live, screen} = prepared;
	const {loadRules} = await import('./load-rules.js');
	const rules = await loadRules(flags.rules, flags.only?.split(',').map((f) => f.trim()).filter(Boolean));
	if (rules.problems.length > 0 || rules.issues.length > 0) {
		screen?.restore();
		for (const problem of rules.problems) writeError(io.stderr, problem);
		for (const issue of rules.issues) writeError(io.stderr, `${issue.file}: ${issue.path}: ${issue.message}`);
		return 2;
	}

	const inputs = await chooseInputs(paths, flags, io);
	if (typeof inputs === 'string') {
		screen?.restore();
		writeError(io.stderr, inputs);
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
		apiserverVersion,
		distribution,
		redact: flags.redact,
		live: flags.live,
		procRoot: flags.procRoot ?? '/proc',
		procRootGiven: flags.procRoot !== undefined,
		maxLineLength: flags.maxLineLength,
		color: colourWanted(flags.color, io, live ? 'live' : format),
		local: Boolean(flags.local),
		reportFile: flags.report,
		follow: Boolean(flags.follow),
	};
	// In the live view the first frame says it; a message on stderr would be drawn over.
	if (inputs.nodeRuns !== undefined && !live) writeError(io.stderr, inputs.nodeRuns);
	if (inputs.foundOnNode.length > 0 && !live) writeError(io.stderr, `reading ${inputs.foundOnNode.join(', ')}`);
	if (live) {
		// Loaded only here: ink and react would add ~100 ms to every other command's start-up.
		const {runLiveView} = await import('./live-view-command.js');
		return runLiveView({...options, follow: Boolean(flags.follow)}, {stdout: io.stdout as NodeJS.WriteStream, stderr: io.stderr, stdin: io.stdin, signal: io.signal, env: io.env, screen});
	}

	const {runDiagnose} = await import('./diagnose-command.js');
	return runDiagnose(options, {stdout: io.stdout, stderr: io.stderr, stdin: io.stdin, signal: io.signal, env: io.env});
}

async function exportLoki(flags: {selector?: string; window: string; rules: string[]}, io: CliIo): Promise<number> {
	if (!/^\d+[smhd]$/.test(flags.window)) {
		writeError(io.stderr, `export: --window takes a duration such as 5m or 1h, not "${flags.window}".`);
		return 2;
	}

	const selector = flags.selector ?? (await import('../export/loki-rules.js')).defaultLokiSelector;
	if (!/^\{.*\}$/.test(selector.trim())) {
		writeError(io.stderr, `export: --selector for loki is a LogQL stream selector such as {namespace="kube-system", container="kube-apiserver"}, not "${selector}".`);
		return 2;
	}

	const {loadRules} = await import('./load-rules.js');
	const loaded = await loadRules(flags.rules);
	if (loaded.problems.length > 0 || loaded.issues.length > 0) {
		for (const problem of loaded.problems) writeError(io.stderr, problem);
		for (const issue of loaded.issues) writeError(io.stderr, `${issue.file}: ${issue.path}: ${issue.message}`);
		return 2;
	}

	const {renderLokiRules} = await import('../export/loki-rules.js');
	io.stdout.write(renderLokiRules(loaded.rules, {selector: selector.trim(), window: flags.window}));
	return 0;
}

/**
 * Colour: never for JSON and Markdown; with auto (the default), on a terminal unless NO_COLOR is set
 * (no-color.org); always, also into a pipe (| less -R); never (or --no-color), never.
 */
function colourWanted(flag: DiagnoseFlags['color'], io: CliIo, output: ReportFormat | 'live'): boolean {
	if (output === 'json' || output === 'markdown' || flag === false || flag === 'never') return false;
	if (flag === 'always') return true;
	const noColour = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
	return !noColour && (output === 'live' || io.stdoutIsTty);
}

function configureCommands(command: Command, output: OutputConfiguration): void {
	command.exitOverride().configureOutput(output);
	for (const sub of command.commands) configureCommands(sub, output);
}

function timeOrThrow(text: string, now: number, flag: string, zone: OptionZone): number {
	const value = parseTimeOption(text, now, flag, zone);
	if (typeof value === 'string') throw new UsageError(value);
	return value;
}

/** PATHs as given, stdin when piped, or the node's usual log places. A string is the message for "nothing to read". */
async function chooseInputs(paths: readonly string[], flags: DiagnoseFlags, io: CliIo): Promise<{inputs: Input[]; foundOnNode: string[]; nodeRuns?: string} | string> {
	if (paths.length > 0) {
		const files = paths.filter((p) => p !== '-');
		const inputs: Input[] = [];
		if (paths.includes('-')) inputs.push({type: 'stdin'});
		if (files.length > 0) inputs.push({type: 'paths', paths: files, local: false});
		return {inputs, foundOnNode: []};
	}

	if (!io.stdinIsTty) return {inputs: [{type: 'stdin'}], foundOnNode: []};
	const {discoverNodeLogs} = await import('./discover-node-logs.js');
	const discovery = await discoverNodeLogs({distribution: flags.distribution});
	if (discovery.found.length === 0) return discovery.message;
	const inputs: Input[] = [];
	const pathsFound = discovery.found.flatMap((f) => (f.type === 'path' ? [f.path] : []));
	if (pathsFound.length > 0) inputs.push({type: 'paths', paths: pathsFound, local: true});
	const units = discovery.found.flatMap((f) => (f.type === 'journald' ? [f.unit] : []));
	if (units.length > 0) {
		const {readJournalUnit} = await import('../host/read-journal-unit.js');
		for (const unit of units) inputs.push({type: 'journald', unit, chunks: readJournalUnit(unit, {follow: Boolean(flags.follow), signal: io.signal})});
	}

	return {inputs, foundOnNode: discovery.found.map((f) => (f.type === 'path' ? f.path : `journalctl -u ${f.unit}`)), nodeRuns: discovery.nodeRuns};
}
