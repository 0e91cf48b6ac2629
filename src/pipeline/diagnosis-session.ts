import type {LiveFacts} from '../correlate/live-facts.js';
import type {CompiledRules} from '../detect/compile-rules.js';
import type {DistributionId} from '../detect/rules/distributions.js';
import type {Report} from '../diagnose/report.js';
import type {DetectedFormat} from '../parse/record.js';
import type {SourceChunk} from '../source/source-chunk.js';
import {buildReport} from './build-report.js';
import type {ChunkPlan} from './chunk-plan.js';
import {createSessionState} from './session-state.js';
import {openSource} from './source-reading.js';

export type {SourceChunk} from '../source/source-chunk.js';
export {maxNodes, otherNodes} from './session-state.js';

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

/**
 * The pipeline, as wiring: a reader hands chunks of whole lines (or a worker hands plans of them), the walk
 * (`walkChunk`: pre-filter and skimmer over the bytes) picks the lines to parse, the source's parser turns
 * them into records, the record router matches them against the rules into each node's state; correlation and
 * diagnosis run on demand (`buildReport`).
 */
export function createDiagnosisSession(options: SessionOptions): DiagnosisSession {
	const state = createSessionState(options);
	const {sources, warnings, hosts, budget, nodes} = state;
	let live: LiveFacts | undefined;

	async function scan(descriptor: SourceDescriptor, chunks: AsyncIterable<SourceChunk>, signal?: AbortSignal): Promise<void> {
		const reading = openSource(state, descriptor);
		for await (const chunk of chunks) {
			if (signal?.aborted) break;
			reading.chunk(chunk);
		}

		reading.finish();
	}

	async function scanPlanned(descriptor: SourceDescriptor, plans: PlanSource, signal?: AbortSignal): Promise<void> {
		const reading = openSource(state, descriptor);
		try {
			for await (const plan of plans({skim: reading.skimming, format: reading.format, literals: options.rules.prefilter.literals, maxLineLength: reading.maxLineLength})) {
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
		return state.anyLocal || (local !== undefined && hosts.size > 0 && [...hosts].every((h) => h === local || h === local.split('.')[0]));
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
		report: () => buildReport(state, live),
		retained: () => ({evidenceChars: budget.text.chars, textLimit: budget.text.limit, cutLines: budget.text.cutLines, groups: budget.groups, minutes: budget.minutes, nodes: nodes.size}),
	};
}
