import {addContextHit, collectSignals} from '../detect/collect-signals.js';
import {toEvidenceLine} from '../detect/evidence-line.js';
import {addUnknown} from '../diagnose/unknown-templates.js';
import type {LogRecord} from '../parse/record.js';
import type {SessionState, SourceState} from './session-state.js';

const severityWorthTemplating = new Set(['warning', 'error', 'fatal']);
// A new pid of these is not a restart of the apiserver (a kubelet journal restarts the kubelet).
const notApiserverUnits = new Set(['systemd', 'kubelet', 'containerd', 'dockerd', 'docker', 'crio', 'etcd', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'kernel']);
/** Node and unit pairs whose last pid is remembered, to notice restarts. */
const maxPidKeys = 4096;

/** Where one source's parsed records go: the time window, the node they belong to, restarts, signals, templates. */
export type RecordRouter = {
	/** Rule literals the walk found, by physical line: a record on such a line is matched against the rules. */
	readonly candidates: Map<number, number[]>;
	readonly route: (record: LogRecord) => void;
	/** The pid of the last record routed, if it had one. */
	readonly lastPid: () => number | undefined;
};

/** `kube-apiserver-cp-1` → `cp-1`: a static pod's name ends with its node's name. */
function hostOfPod(pod: string | undefined): string | undefined {
	if (pod === undefined) return undefined;
	const m = /^kube-apiserver-(.+)$/.exec(pod);
	return m?.[1];
}

export function createRecordRouter(state: SessionState, source: SourceState): RecordRouter {
	const {options} = state;
	const {rules} = options;
	const {descriptor} = source;
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
		return state.nodeName(named ?? descriptor.host ?? lastHost ?? '');
	};

	// Consecutive records mostly share node and identifier: only a change is noted.
	let lastNode: string | undefined;
	let lastIdentifier: string | undefined;
	const since = options.since ?? Number.NEGATIVE_INFINITY;
	const until = options.until ?? Number.POSITIVE_INFINITY;

	// Outside --since/--until: counted, and the times it spans kept for the no-input sentence.
	const outside = (time: number): void => {
		source.outside++;
		if (source.outsideFirst === undefined || time < source.outsideFirst) source.outsideFirst = time;
		if (source.outsideLast === undefined || time > source.outsideLast) source.outsideLast = time;
	};

	const counted = (record: LogRecord, time: number | undefined): void => {
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
	};

	// A new pid of a unit on a node is a restart of that process: a start, as evidence.
	// The last writer's key (undefined: not the apiserver's), kept: consecutive records mostly share node and unit.
	let keyNode: string | undefined;
	let keyUnit: string | undefined;
	let key: string | undefined;
	const notePid = (record: LogRecord & {pid: number}, node: string): void => {
		if (node !== keyNode || record.unit !== keyUnit) {
			keyNode = node;
			keyUnit = record.unit;
			// Per node and unit: logs merged from several nodes interleave their processes' pids.
			key = notApiserverUnits.has((record.unit ?? '').replace(/\.service$/, '')) ? undefined : `${node}|${record.unit ?? ''}`;
		}

		if (key === undefined) return;
		const previous = lastPid.get(key);
		if (previous !== undefined && previous !== record.pid) {
			const signals = state.stateOf(node);
			addContextHit(signals, {signal: 'process-restart', provides: 'start', groups: {pid: String(record.pid)}, evidence: toEvidenceLine(record, signals.budget.text)});
		}

		if (previous !== record.pid && (previous !== undefined || lastPid.size < maxPidKeys)) lastPid.set(key, record.pid);
	};

	// The literals found on the record's lines; a record pasted after another on the same physical line
	// (lineCount 0) shares that line's.
	const literalsOf = (record: LogRecord): number[] | undefined => {
		if (record.lineCount === 0 && record.line === sharedLine && sharedLiterals !== undefined) return sharedLiterals;
		if (candidates.size === 0) return undefined;
		let literals: number[] | undefined;
		for (let line = record.line; line < record.line + record.lineCount; line++) {
			const found = candidates.get(line);
			if (found !== undefined) {
				literals = literals === undefined ? found : [...literals, ...found];
				candidates.delete(line);
				sharedLine = line;
				sharedLiterals = found;
			}
		}

		return literals;
	};

	const matchSignals = (record: LogRecord, node: string): boolean => {
		const literals = literalsOf(record);
		let matched = false;
		// Signals without literals run on every line of their severity (fatal lines: a crash is never silent).
		if (literals !== undefined || (record.severity !== undefined && rules.signalsBySeverity.has(record.severity))) {
			matched = collectSignals(rules, state.stateOf(node), record, literals ?? []).length > 0;
		}

		// journald writes a message with control characters as an array of byte values: the raw line
		// hides its words from the pre-filter, so such records are searched once decoded.
		if (!matched && record.envelope === 'journald-json' && record.raw.includes('"MESSAGE":[')) {
			const found = rules.prefilter.find(record.message);
			if (found !== undefined) matched = collectSignals(rules, state.stateOf(node), record, found).length > 0;
		}

		return matched;
	};

	let lastRoutedPid: number | undefined;
	return {
		candidates,
		lastPid: () => lastRoutedPid,
		route(record) {
			lastRoutedPid = record.pid;
			const time = record.time;
			if (time !== undefined && (time < since || time > until)) {
				outside(time);
				return;
			}

			counted(record, time);
			if (record.host !== undefined) state.noteHost(record.host);
			const node = nodeOf(record);
			if (node !== lastNode || record.unit !== lastIdentifier) {
				lastNode = node;
				lastIdentifier = record.unit;
				state.observe(node, descriptor.name, record.unit);
			}

			if (record.pid !== undefined) notePid(record as LogRecord & {pid: number}, node);
			if (!matchSignals(record, node) && record.severity !== undefined && severityWorthTemplating.has(record.severity)) {
				addUnknown(state.templates, record);
			}
		},
	};
}
