import {isAscii} from 'node:buffer';
import type {CompiledRules} from '../detect/compile-rules.js';
import {addContextHit, collectSignals, createRetentionBudget, createSignalState, type SignalState} from '../detect/collect-signals.js';
import {toEvidenceLine} from '../detect/evidence-line.js';
import {buildContext} from '../correlate/build-context.js';
import type {LiveFacts, RunMode} from '../correlate/live-facts.js';
import type {DistributionId} from '../detect/rules/distributions.js';
import {evaluateFindings} from '../diagnose/evaluate-findings.js';
import {compareFindings} from '../diagnose/rank-findings.js';
import {verdictOf, type Report, type SourceReport} from '../diagnose/report.js';
import {addUnknown, createTemplateState, topTemplates, type TemplateState} from '../diagnose/unknown-templates.js';
import {createLineParser, type YearHint} from '../parse/line-parser.js';
import {createLineSkimmer} from '../parse/line-skimmer.js';
import type {SourceChunk} from '../source/source-chunk.js';
import {walkChunk, type ChunkSink} from './walk-chunk.js';
import {applyPlan, type ChunkPlan} from './chunk-plan.js';
import type {DetectedFormat} from '../parse/record.js';
import type {LogRecord} from '../parse/record.js';

export type {SourceChunk} from '../source/source-chunk.js';

/** What the edge knows about a source before reading it. */
export type SourceDescriptor = {
	readonly name: string;
	readonly kind: 'stdin' | 'file' | 'journald';
	/** Total size in bytes when known (files), for progress. */
	readonly size?: number | undefined;
	readonly mtime?: number | undefined;
	/** The file's last non-empty line, for year inference. */
	readonly lastLine?: string | undefined;
	/** December-to-January turns between the file's first and last line, when the reader counted them. */
	readonly rollovers?: number | undefined;
	readonly host?: string | undefined;
	readonly pod?: string | undefined;
	readonly container?: string | undefined;
	/** True when the source was found on this machine (node log paths, journald). */
	readonly local: boolean;
};

export type SessionOptions = {
	readonly rules: CompiledRules;
	/** Current time, ms since epoch. */
	readonly now: number;
	readonly year?: number | undefined;
	readonly timeZone?: 'local' | 'utc';
	readonly selfIps?: readonly string[];
	readonly startedAt?: number | undefined;
	readonly version?: string | undefined;
	/** This machine's host name: logs whose host names are all this one count as local. */
	readonly localHostName?: string | undefined;
	/** Longest line kept whole, in characters; longer ones are cut and counted. */
	readonly maxLineLength?: number;
	/** Only records at or after this time (ms) are diagnosed; records without a time always are. */
	readonly since?: number | undefined;
	/** Only records at or before this time (ms) are diagnosed. */
	readonly until?: number | undefined;
	/** `--distribution`: the distribution when the user knows it better than the logs. */
	readonly distribution?: DistributionId | undefined;
	/** The logs are followed as they grow (-f): they are live, so predictions count from now. */
	readonly follow?: boolean | undefined;
	/** Characters of log text all evidence may hold together (default: `defaultRetainedTextLimit`). */
	readonly retainedTextLimit?: number | undefined;
};

/** One source being read (see `openSource`). */
type SourceReading = {
	readonly skimming: boolean;
	readonly format: () => DetectedFormat;
	chunk(chunk: SourceChunk): void;
	plan(plan: ChunkPlan): void;
	finish(): void;
};

/** journald identifiers and source names seen per node, for telling the distribution (bounded). */
type Observed = {readonly identifiers: Set<string>; readonly sources: Set<string>};

type SourceState = {
	readonly descriptor: SourceDescriptor;
	bytes: number;
	lines: number;
	records: number;
	unparsed: number;
	skipped: number;
	truncated: number;
	/** Records outside --since/--until, and the times they span. */
	outside: number;
	outsideFirst: number | undefined;
	outsideLast: number | undefined;
	/** The year given to this source's year-less times and where it came from, once warned about. */
	yearWarned: boolean;
	first: number | undefined;
	last: number | undefined;
	envelope: string;
	payload: string;
	done: boolean;
	readonly warnings: string[];
};

/** Progress of the reading, for the live view. */
export type Progress = {
	readonly sources: readonly {readonly name: string; readonly bytes: number; readonly size: number | undefined; readonly lines: number; readonly records: number; readonly done: boolean}[];
	readonly bytes: number;
	readonly lines: number;
	readonly records: number;
	/** Sum of known sizes, undefined when any source's size is unknown (pipes). */
	readonly totalSize: number | undefined;
};

/** What the walk of a source's chunks needs to know, wherever it runs (a worker thread): see `scanPlanned`. */
export type PlanRequest = {
	/** Lines may be skimmed (no time window, no signal on every info line). */
	readonly skim: boolean;
	/** The source's format as parsed so far, for the skimmer's line shape. */
	readonly format: () => DetectedFormat;
	readonly literals: readonly string[];
	readonly maxLineLength: number;
};

/** Plans of a source's chunks, in order, made by whoever has the bytes. */
export type PlanSource = (request: PlanRequest) => AsyncIterable<ChunkPlan>;

export type DiagnosisSession = {
	/** Reads one source to its end (or until `signal` aborts). Sources are read one after the other. */
	scan(descriptor: SourceDescriptor, chunks: AsyncIterable<SourceChunk>, signal?: AbortSignal): Promise<void>;
	/** The same, from plans of the chunks made elsewhere (worker threads over a large file): the same report. */
	scanPlanned(descriptor: SourceDescriptor, plans: PlanSource, signal?: AbortSignal): Promise<void>;
	/** A problem at the edge (unreadable file, corrupt gzip): named in the report, never fatal. */
	warn(source: string | undefined, message: string): void;
	progress(): Progress;
	/** True when the logs are this machine's own: found on it, or all their host names are this host's. */
	logsAreLocal(): boolean;
	/** Facts read from the running system, used by every later report. */
	setLive(live: LiveFacts): void;
	/** The diagnosis of everything read so far. Cheap enough to call ten times a second. */
	report(): Report;
	/** What the diagnosis holds in memory so far, against its bounds. */
	retained(): Retained;
};

/** The memory a diagnosis holds, in the units it is bounded by. */
export type Retained = {
	/** Characters of log text held by evidence lines (bounded by `textLimit`). */
	readonly evidenceChars: number;
	readonly textLimit: number;
	/** Evidence lines kept shorter than their line. */
	readonly cutLines: number;
	/** Hit groups and per-minute entries, across signals and nodes. */
	readonly groups: number;
	readonly minutes: number;
	/** Nodes with a state of their own (at most `maxNodes`, plus one for the others). */
	readonly nodes: number;
};

const severityWorthTemplating = new Set(['warning', 'error', 'fatal']);
// A new pid of these is not a restart of the apiserver (a kubelet journal restarts the kubelet).
const notApiserverUnits = new Set(['systemd', 'kubelet', 'containerd', 'dockerd', 'docker', 'crio', 'etcd', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'kernel']);
const defaultMaxLineLength = 64 * 1024;
const maxHosts = 64;
const maxObserved = 64;
/** Nodes diagnosed each on their own; the lines of any further node are diagnosed together as one. */
export const maxNodes = 256;
export const otherNodes = '(other nodes)';
/** Node and unit pairs whose last pid is remembered, to notice restarts. */
const maxPidKeys = 4096;

/** The pipeline: source chunks → lines → parse → detect; correlate and diagnose on demand. */
export function createDiagnosisSession(options: SessionOptions): DiagnosisSession {
	const {rules} = options;
	// One state per node: each node has its own addresses, start time and loopback certificate.
	const nodes = new Map<string, SignalState>();
	const budget = createRetentionBudget(options.retainedTextLimit);
	const warnings: string[] = [];
	let folded = 0;
	// A node name the diagnosis keeps a state for: itself while there is room, else the shared other-nodes state.
	const nodeName = (node: string): string => {
		if (nodes.has(node) || nodes.size < maxNodes) return node;
		if (folded++ === 0) warnings.push(`more than ${maxNodes} node names in the logs: the lines of the others are diagnosed together as "${otherNodes}"`);
		return otherNodes;
	};

	const stateOf = (node: string): SignalState => {
		let state = nodes.get(node);
		if (state === undefined) {
			state = createSignalState(budget);
			nodes.set(node, state);
		}

		return state;
	};

	const observed = new Map<string, Observed>();
	const observe = (node: string, source: string, identifier: string | undefined): void => {
		let seen = observed.get(node);
		if (seen === undefined) {
			seen = {identifiers: new Set(), sources: new Set()};
			observed.set(node, seen);
		}

		if (seen.sources.size < maxObserved) seen.sources.add(source);
		if (identifier !== undefined && seen.identifiers.size < maxObserved) seen.identifiers.add(identifier);
	};

	const templates: TemplateState = createTemplateState();
	const sources: SourceState[] = [];
	const hosts = new Set<string>();
	const envelopes = new Set<string>();
	const maxLineLength = options.maxLineLength ?? defaultMaxLineLength;
	let anyLocal = false;
	let live: LiveFacts | undefined;

	/** One source's reading: its parser, its candidates and counters, fed chunk by chunk or plan by plan. */
	function openSource(descriptor: SourceDescriptor): SourceReading {
		const source: SourceState = {descriptor, bytes: 0, lines: 0, records: 0, unparsed: 0, skipped: 0, truncated: 0, outside: 0, outsideFirst: undefined, outsideLast: undefined, yearWarned: false, first: undefined, last: undefined, envelope: 'none', payload: 'plain', done: false, warnings: []};
		sources.push(source);
		if (descriptor.local) anyLocal = true;
		const year: YearHint =
			options.year !== undefined
				? {kind: 'flag', year: options.year}
				: descriptor.mtime !== undefined
					? {kind: 'mtime', ms: descriptor.mtime, lastLine: descriptor.lastLine, rollovers: descriptor.rollovers}
					: {kind: 'now', ms: options.now};
		const candidates = new Map<number, number[]>();
		let sharedLine = 0;
		let sharedLiterals: number[] | undefined;
		const lastPid = new Map<string, number>();
		// A line that names no host (a continuation pasted without its prefix, a bare line in a journal) belongs
		// to the node of the lines before it in the same source.
		let lastHost: string | undefined;
		const nodeOf = (record: LogRecord): string => {
			const named = record.host ?? hostOfPod(record.pod);
			if (named !== undefined) lastHost = named;
			return nodeName(named ?? descriptor.host ?? lastHost ?? '');
		};
		// Consecutive records mostly share node and identifier: only a change is noted.
		let lastNode: string | undefined;
		let lastIdentifier: string | undefined;
		const since = options.since ?? Number.NEGATIVE_INFINITY;
		const until = options.until ?? Number.POSITIVE_INFINITY;
		const onRecord = (record: LogRecord): void => {
			const time = record.time;
			if (time !== undefined && (time < since || time > until)) {
				source.outside++;
				if (source.outsideFirst === undefined || time < source.outsideFirst) source.outsideFirst = time;
				if (source.outsideLast === undefined || time > source.outsideLast) source.outsideLast = time;
				return;
			}

			if (!source.yearWarned && time !== undefined && (record.yearFrom === 'mtime' || record.yearFrom === 'now')) {
				// A guessed year is said once per source, with how it was guessed and how to set it.
				source.yearWarned = true;
				const how = record.yearFrom === 'mtime' ? "from the file's modification time" : 'from the current date';
				source.warnings.push(`its times have no year; the first is dated ${new Date(time).getUTCFullYear()} ${how} (--year YYYY sets it)`);
			}

			source.records++;
			if (time !== undefined) {
				if (source.first === undefined || time < source.first) source.first = time;
				if (source.last === undefined || time > source.last) source.last = time;
			}

			if (record.host !== undefined && hosts.size < maxHosts) hosts.add(record.host);
			const node = nodeOf(record);
			if (node !== lastNode || record.unit !== lastIdentifier) {
				lastNode = node;
				lastIdentifier = record.unit;
				observe(node, descriptor.name, record.unit);
			}

			if (record.pid !== undefined && !notApiserverUnits.has((record.unit ?? '').replace(/\.service$/, ''))) {
				// Per node and unit: logs merged from several nodes interleave their processes' pids.
				const key = `${node}|${record.unit ?? ''}`;
				const previous = lastPid.get(key);
				if (previous !== undefined && previous !== record.pid) {
					const state = stateOf(node);
					addContextHit(state, {signal: 'process-restart', provides: 'start', groups: {pid: String(record.pid)}, evidence: toEvidenceLine(record, state.budget.text)});
				}

				if (previous !== record.pid && (previous !== undefined || lastPid.size < maxPidKeys)) lastPid.set(key, record.pid);
			}

			let matched = false;
			let literals: number[] | undefined;
			// A record pasted after another on the same physical line (lineCount 0) shares that line's literals.
			if (record.lineCount === 0 && record.line === sharedLine && sharedLiterals !== undefined) {
				literals = sharedLiterals;
			} else if (candidates.size > 0) {
				for (let line = record.line; line < record.line + record.lineCount; line++) {
					const found = candidates.get(line);
					if (found !== undefined) {
						literals = literals === undefined ? found : [...literals, ...found];
						candidates.delete(line);
						sharedLine = line;
						sharedLiterals = found;
					}
				}
			}

			// Signals without literals run on every line of their severity (fatal lines: a crash is never silent).
			if (literals !== undefined || (record.severity !== undefined && rules.signalsBySeverity.has(record.severity))) {
				matched = collectSignals(rules, stateOf(node), record, literals ?? []).length > 0;
			}

			// journald writes a message with control characters as an array of byte values: the raw line
			// hides its words from the pre-filter, so such records are searched once decoded.
			if (!matched && record.envelope === 'journald-json' && record.raw.includes('"MESSAGE":[')) {
				const found = rules.prefilter.find(record.message);
				if (found !== undefined) matched = collectSignals(rules, stateOf(node), record, found).length > 0;
			}

			if (!matched && record.severity !== undefined && severityWorthTemplating.has(record.severity)) {
				addUnknown(templates, record);
			}
		};

		const parser = createLineParser(
			{source: descriptor.name, year, timeZone: options.timeZone ?? 'local', referenceTime: descriptor.mtime ?? options.now, host: descriptor.host, pod: descriptor.pod, container: descriptor.container},
			{
				record: onRecord,
				unparsed: () => {
					source.unparsed++;
				},
			},
		);

		let lineNumber = 0;
		// Skimming leaves records out of the stream, so it is off when every record must be seen (a time window),
		// and when some signal is tried on every info line.
		const skimmer = options.since === undefined && options.until === undefined && !rules.signalsBySeverity.has('info') ? createLineSkimmer() : undefined;
		let text: Buffer = Buffer.alloc(0);
		let ascii = true;
		const sink: ChunkSink = {
			parse(line, start, end, literals) {
				const number = lineNumber + line;
				if (literals !== undefined) candidates.set(number, literals as number[]);
				parser.push(text.toString(ascii ? 'latin1' : 'utf8', start, end), number);
			},
			skim(line, envelope, count) {
				parser.skim(lineNumber + line, envelope, 'klog', count);
				source.records += count;
			},
		};
		const matches: number[] = [];
		// A candidate line the parser has not turned into a record yet (continuations) stays; stale ones go.
		const afterChunk = (lines: number, truncated: number, consumed: number): void => {
			lineNumber += lines;
			source.bytes += consumed;
			source.truncated += truncated;
			source.lines = lineNumber;
			skimmer?.setFormat(parser.stats().format);
			if (candidates.size > 1000) {
				for (const line of candidates.keys()) if (line < lineNumber - 10_000) candidates.delete(line);
			}
		};

		return {
			skimming: skimmer !== undefined,
			format: () => parser.stats().format,
			chunk(chunk) {
				const {bytes} = chunk;
				text = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
				// Most logs are ASCII, checked at many bytes a cycle: its lines decode as latin1, the same text and faster.
				ascii = isAscii(text);
				const walked = walkChunk(text, rules.prefilter, skimmer, maxLineLength, sink, matches);
				afterChunk(walked.lines, walked.truncated + (chunk.truncatedLines ?? 0), chunk.consumed);
			},
			plan(plan) {
				text = Buffer.from(plan.text.buffer, plan.text.byteOffset, plan.text.byteLength);
				ascii = plan.ascii;
				applyPlan(plan, sink);
				afterChunk(plan.lines, plan.truncated, plan.consumed);
			},
			finish() {
				parser.end();
				const stats = parser.stats();
				source.lines = stats.lines;
				source.skipped = stats.skipped;
				if (source.outside > 0) source.warnings.push(`${source.outside} records outside the --since/--until window were left out`);
				source.envelope = stats.format.envelope ?? 'none';
				source.payload = stats.format.payload ?? 'plain';
				envelopes.add(source.envelope);
				source.done = true;
			},
		};
	}

	async function scan(descriptor: SourceDescriptor, chunks: AsyncIterable<SourceChunk>, signal?: AbortSignal): Promise<void> {
		const reading = openSource(descriptor);
		for await (const chunk of chunks) {
			if (signal?.aborted) break;
			reading.chunk(chunk);
		}

		reading.finish();
	}

	async function scanPlanned(descriptor: SourceDescriptor, plans: PlanSource, signal?: AbortSignal): Promise<void> {
		const reading = openSource(descriptor);
		try {
			for await (const plan of plans({skim: reading.skimming, format: reading.format, literals: rules.prefilter.literals, maxLineLength})) {
				if (signal?.aborted) break;
				reading.plan(plan);
			}
		} finally {
			reading.finish();
		}
	}

	function warn(name: string | undefined, message: string): void {
		const source = name === undefined ? undefined : sources.find((s) => s.descriptor.name === name);
		if (source !== undefined) source.warnings.push(message);
		else warnings.push(name === undefined ? message : `${name}: ${message}`);
	}

	function progress(): Progress {
		let totalSize: number | undefined = 0;
		for (const s of sources) totalSize = s.descriptor.size === undefined || totalSize === undefined ? undefined : totalSize + s.descriptor.size;
		return {
			sources: sources.map((s) => ({name: s.descriptor.name, bytes: s.bytes, size: s.descriptor.size, lines: s.lines, records: s.records, done: s.done})),
			bytes: sources.reduce((n, s) => n + s.bytes, 0),
			lines: sources.reduce((n, s) => n + s.lines, 0),
			records: sources.reduce((n, s) => n + s.records, 0),
			totalSize,
		};
	}

	function logsAreLocal(): boolean {
		const local = options.localHostName;
		return anyLocal || (local !== undefined && hosts.size > 0 && [...hosts].every((h) => h === local || h === local.split('.')[0]));
	}

	// A node's own observations and those of records without a node; the nameless node (logs that name none) gets all.
	function observedOf(name: string): {identifiers: string[]; sources: string[]} {
		const parts = name === '' ? [...observed.values()] : [observed.get(name), observed.get('')].filter((o): o is Observed => o !== undefined);
		return {identifiers: [...new Set(parts.flatMap((o) => [...o.identifiers]))], sources: [...new Set(parts.flatMap((o) => [...o.sources]))]};
	}

	function report(): Report {
		const firsts = sources.map((s) => s.first).filter((t): t is number => t !== undefined);
		const lasts = sources.map((s) => s.last).filter((t): t is number => t !== undefined);
		const first = firsts.length > 0 ? Math.min(...firsts) : undefined;
		const last = lasts.length > 0 ? Math.max(...lasts) : undefined;
		const runModeHint: RunMode = envelopes.has('cri') || envelopes.has('kubectl') || envelopes.has('docker-json') || sources.some((s) => s.descriptor.pod !== undefined) ? 'static-pod' : [...envelopes].some((e) => e.startsWith('journald')) ? 'systemd' : 'unknown';
		const names = [...nodes.keys()].sort();
		if (names.length === 0) names.push('');
		const localName = options.localHostName?.split('.')[0];
		const perNode = names.map((name) => {
			// Read only: a report asked for before any line arrived must not leave an empty node behind.
			const state = nodes.get(name) ?? createSignalState(createRetentionBudget());
			// Live facts describe this machine: with several nodes, only the one of this host name.
			const nodeLive = names.length === 1 || name === localName || name === options.localHostName ? live : undefined;
			const context = buildContext(rules, state, {
				selfIps: options.selfIps ?? [],
				startedAt: options.startedAt,
				version: options.version,
				now: options.now,
				live: nodeLive,
				runModeHint,
				logRange: {first, last},
				node: name === '' ? undefined : name,
				distribution: options.distribution,
				observed: observedOf(name),
			});
			const evaluated = evaluateFindings(rules, state, context);
			const node = name === '' ? undefined : name;
			return {
				name: node,
				context,
				findings: evaluated.findings.map((f) => ({...f, node})),
				ruledOut: evaluated.ruledOut.map((r) => ({...r, node})),
			};
		});
		const findings = perNode.flatMap((n) => n.findings).sort(compareFindings);
		const ruledOut = perNode.flatMap((n) => n.ruledOut);
		// The node the report's context describes: the one with the most important finding, else the first.
		const context = (perNode.find((n) => n.name === findings[0]?.node) ?? perNode[0]!).context;
		const totalRecords = sources.reduce((n, s) => n + s.records, 0);
		const anyInput = totalRecords > 0;
		const sourceReports: SourceReport[] = sources.map((s) => ({
			name: s.descriptor.name,
			kind: s.descriptor.kind,
			envelope: s.envelope,
			payload: s.payload,
			bytes: s.bytes,
			lines: s.lines,
			records: s.records,
			unparsed: s.unparsed,
			skipped: s.skipped,
			truncated: s.truncated,
			first: s.first,
			last: s.last,
			warnings: s.warnings,
		}));
		const liveFacts = ['probe-loopback-expired', 'probe-loopback-expiring', 'probe-loopback-valid', 'process-uptime-exceeds-lifetime', 'disk-certs-valid', 'disk-cert-expired']
			.filter((fact) => context.facts.has(fact))
			.map((fact) => context.facts.get(fact)!);
		if (live?.process !== undefined) liveFacts.push(`kube-apiserver process ${live.process.pid} found, started ${new Date(live.process.startedAt).toISOString()}`);
		return {
			verdict: verdictOf(findings, anyInput),
			noInput: anyInput ? undefined : noInputReason(sources, warnings, options),
			predictionsFrom: options.follow === true || anyLocal ? 'now' : 'last-line',
			nodes: perNode.length > 1 || perNode[0]?.name !== undefined ? perNode.map((n) => ({name: n.name ?? '(unknown)', verdict: verdictOf(n.findings, anyInput), findings: n.findings.map((f) => f.id), selfIps: n.context.selfAddresses.map((a) => a.ip)})) : [],
			sources: sourceReports,
			first,
			last,
			context,
			selfIps: context.selfAddresses,
			findings,
			ruledOut,
			unknownTemplates: topTemplates(templates, 10),
			warnings: [...warnings, ...sources.flatMap((s) => s.warnings.map((w) => `${s.descriptor.name === '-' ? 'stdin' : s.descriptor.name}: ${w}`)), ...(templates.overflow > 0 ? [`${templates.overflow} unexplained warning/error lines were not grouped (template table full)`] : [])],
			totals: {
				bytes: sourceReports.reduce((n, s) => n + s.bytes, 0),
				lines: sourceReports.reduce((n, s) => n + s.lines, 0),
				records: sourceReports.reduce((n, s) => n + s.records, 0),
				unparsed: sourceReports.reduce((n, s) => n + s.unparsed, 0),
			},
			liveFacts,
			generatedAt: options.now,
		};
	}

	return {
		scan,
		scanPlanned,
		warn,
		progress,
		logsAreLocal,
		setLive: (facts) => {
			live = facts;
		},
		report,
		retained: () => ({evidenceChars: budget.text.chars, textLimit: budget.text.limit, cutLines: budget.text.cutLines, groups: budget.groups, minutes: budget.minutes, nodes: nodes.size}),
	};
}

const isoSecond = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One sentence saying what was read when no record was left to diagnose. */
function noInputReason(sources: readonly SourceState[], warnings: readonly string[], options: SessionOptions): string {
	const outside = sources.reduce((n, s) => n + s.outside, 0);
	if (outside > 0) {
		const firsts = sources.map((s) => s.outsideFirst).filter((t): t is number => t !== undefined);
		const lasts = sources.map((s) => s.outsideLast).filter((t): t is number => t !== undefined);
		const window =
			options.since !== undefined && options.until !== undefined
				? `between ${isoSecond(options.since)} and ${isoSecond(options.until)}`
				: options.since !== undefined
					? `at or after ${isoSecond(options.since)}`
					: `at or before ${isoSecond(options.until ?? 0)}`;
		return `no lines ${window}; the logs span ${isoSecond(Math.min(...firsts))} to ${isoSecond(Math.max(...lasts))}`;
	}

	const lines = sources.reduce((n, s) => n + s.lines, 0);
	if (lines > 0) {
		const unparsed = sources.reduce((n, s) => n + s.unparsed, 0);
		return `${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'} read, none of them a log record${unparsed > 0 ? ` (${unparsed.toLocaleString('en-US')} could not be parsed)` : ' (blank lines or separators)'}`;
	}

	const problem = warnings[0] ?? sources.flatMap((s) => s.warnings.map((w) => `${s.descriptor.name === '-' ? 'stdin' : s.descriptor.name}: ${w}`))[0];
	if (problem !== undefined) return problem;
	if (sources.some((s) => !s.done)) return 'no line has been read yet';
	return sources.length === 0 ? 'no input was given' : `${sources.map((s) => (s.descriptor.name === '-' ? 'stdin' : s.descriptor.name)).join(', ')} held no lines`;
}

/** `kube-apiserver-cp-1` → `cp-1`: a static pod's name ends with its node's name. */
function hostOfPod(pod: string | undefined): string | undefined {
	if (pod === undefined) return undefined;
	const m = /^kube-apiserver-(.+)$/.exec(pod);
	return m?.[1];
}
