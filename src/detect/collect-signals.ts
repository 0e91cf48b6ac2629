import {parseLogTime} from '../parse/log-time.js';
import type {LogRecord} from '../parse/record.js';
import {searchableText} from '../parse/searchable-text.js';
import {normalizeAddress, portOf} from './values/address.js';
import {classifyFailure} from './classify-failure.js';
import type {Direction} from './compile-condition.js';
import type {CompiledEventFilter, CompiledRules, CompiledSignal} from './compile-rules.js';
import {createRetainedText, ownText, releaseEvidenceLine, toEvidenceLine, type EvidenceLine, type RetainedText} from './evidence-line.js';
import type {FailureEvent} from './failure-event.js';
import {parseGoDuration} from './go-duration.js';
import {reporterOf} from './reporter.js';
import type {Reporter} from './rule-schema.js';

export type {Direction} from './compile-condition.js';

/** Lines of one signal that share target, peer and `is after`/`is before` direction. */
export type HitGroup = {
	/** The signal whose lines these are. */
	readonly signal: string;
	readonly target: string | undefined;
	/** Port of the target, when the line names one. */
	readonly targetPort: number | undefined;
	readonly peer: string | undefined;
	readonly direction: Direction;
	/** The component that wrote the lines. */
	readonly reporter: Reporter;
	/** A name the lines give: the webhook or APIService of a failure event, the refused client certificate's serial or subject. */
	readonly name: string | undefined;
	/** For a fallback signal: the other signals that matched the same lines (sorted ids). */
	readonly co: readonly string[];
	/** Who sent the request, when the signal names a `client` group. */
	readonly client: string | undefined;
	/** The largest of the signal's duration floors (ms) that every line of the group reaches; 0 below them all. */
	readonly durationFloor: number | undefined;
	/** The longest duration (ms) read from the group's lines. */
	longest: number | undefined;
	count: number;
	/** Lines at fatal severity: the process ended on them. */
	fatal: number;
	first: number | undefined;
	last: number | undefined;
	/** The first lines seen and the most recent ones, bounded. */
	readonly head: EvidenceLine[];
	readonly tail: EvidenceLine[];
	/** Matching lines per minute (minute = floor(ms / 60000)), bounded. */
	readonly minutes: Map<number, number>;
	/** Distinct `is after N` / `is before N` times (ms), bounded. */
	readonly bounds: Map<number, EvidenceLine>;
};

/** A line of a context signal (start, version, addresses, loopback certificate) with its named groups. */
export type ContextHit = {
	readonly signal: string;
	readonly provides: NonNullable<CompiledSignal['provides']>;
	readonly groups: Readonly<Record<string, string>>;
	readonly evidence: EvidenceLine;
};

export type SignalStats = {
	readonly id: string;
	count: number;
	readonly groups: Map<string, HitGroup>;
	/** The last group `groupFor` gave: a storm of one failure is one group, line after line. */
	last: HitGroup | undefined;
};

/**
 * What all signal states of one diagnosis (one per node) may hold together: evidence text, hit groups and
 * per-minute counts. Shared, so that many nodes or many targets cannot multiply the per-group bounds.
 */
export type RetentionBudget = {
	readonly text: RetainedText;
	/** Hit groups held, across signals and nodes. */
	groups: number;
	/** Per-minute entries held, across groups. */
	minutes: number;
};

/** What the detect stage has seen so far: aggregated, bounded, and independent of the final context. */
export type SignalState = {
	readonly signals: Map<string, SignalStats>;
	readonly context: ContextHit[];
	/** Record count per source with the pid it carried last, to notice a process restart in journald or klog. */
	matchedRecords: number;
	readonly budget: RetentionBudget;
};

const headSize = 5;
const tailSize = 5;
const maxGroupsPerSignal = 2000;
/** Past this many groups in one diagnosis, new targets and peers fold into each signal's `(other)` group. */
export const maxGroupsTotal = 10_000;
const maxMinutesPerGroup = 50_000;
/** Per-minute entries of one diagnosis (about 40 bytes each): 1 M, a year of minutes for two groups. */
export const maxMinutesTotal = 1_000_000;
const maxBoundsPerGroup = 50;
const maxContextHits = 400;

export function createRetentionBudget(textLimit?: number): RetentionBudget {
	return {text: createRetainedText(textLimit), groups: 0, minutes: 0};
}

export function createSignalState(budget: RetentionBudget = createRetentionBudget()): SignalState {
	return {signals: new Map(), context: [], matchedRecords: 0, budget};
}

/** Adds a context hit (a start, an address, a restart…) unless the state already holds the most it keeps. */
export function addContextHit(state: SignalState, hit: ContextHit): void {
	if (state.context.length < maxContextHits) state.context.push(hit);
}

/** What sets a hit group apart: every line of one group has these alike. */
type GroupKey = Pick<HitGroup, 'target' | 'targetPort' | 'peer' | 'direction' | 'reporter' | 'name' | 'co' | 'client' | 'durationFloor'>;

/** Whether two group keys are alike in every part (`co` element by element). */
function sameKey(a: GroupKey, b: GroupKey): boolean {
	if (a.target !== b.target || a.targetPort !== b.targetPort || a.peer !== b.peer || a.direction !== b.direction || a.reporter !== b.reporter) return false;
	if (a.name !== b.name || a.client !== b.client || a.durationFloor !== b.durationFloor || a.co.length !== b.co.length) return false;
	for (let i = 0; i < a.co.length; i++) if (a.co[i] !== b.co[i]) return false;
	return true;
}

/**
 * The group of a signal's lines that are alike in `wanted`, made when it is the first. The last group given is
 * tried first, by its own key's parts: a line alike in all of them is of that group, found without the key's text
 * made and looked up for every line. (Only the group is kept, whose texts are its own copies: a kept key would hold
 * on to the line it was read from, up to 64 KiB per signal and node. A line folded into `(other)` is not alike
 * that group's key and is looked up.)
 */
function groupFor(stats: SignalStats, budget: RetentionBudget, wanted: GroupKey): HitGroup {
	const last = stats.last;
	if (last !== undefined && sameKey(last, wanted)) return last;
	const group = findGroup(stats, budget, wanted);
	stats.last = group;
	return group;
}

function findGroup(stats: SignalStats, budget: RetentionBudget, wanted: GroupKey): HitGroup {
	let {target, peer} = wanted;
	let {client} = wanted;
	let key = `${target ?? ''}|${wanted.targetPort ?? ''}|${peer ?? ''}|${wanted.direction}|${wanted.reporter}|${wanted.name ?? ''}|${wanted.co.join(',')}|${client ?? ''}|${wanted.durationFloor ?? ''}`;
	let group = stats.groups.get(key);
	if (group === undefined) {
		if (stats.groups.size >= maxGroupsPerSignal || budget.groups >= maxGroupsTotal) {
			key = `(other)||(other)|${wanted.direction}|${wanted.reporter}||${wanted.co.join(',')}|(other)|${wanted.durationFloor ?? ''}`;
			group = stats.groups.get(key);
			target = target === undefined ? undefined : '(other)';
			peer = peer === undefined ? undefined : '(other)';
			client = client === undefined ? undefined : '(other)';
		}

		if (group === undefined) {
			target = target === undefined ? undefined : ownText(target);
			peer = peer === undefined ? undefined : ownText(peer);
			client = client === undefined ? undefined : ownText(client);
			budget.groups++;
			group = {...wanted, name: wanted.name === undefined ? undefined : ownText(wanted.name), signal: stats.id, target, peer, client, longest: undefined, count: 0, fatal: 0, first: undefined, last: undefined, head: [], tail: [], minutes: new Map(), bounds: new Map()};
			stats.groups.set(key, group);
		}
	}

	return group;
}

/** The largest floor the duration reaches (0 below them all), or undefined when the line gave no duration. */
function floorOf(floors: readonly number[], took: number | undefined): number | undefined {
	if (took === undefined || floors.length === 0) return undefined;
	let floor = 0;
	for (const f of floors) if (took >= f) floor = f;
	return floor;
}

const maxClientLength = 160;

const directionOf = (event: FailureEvent): Direction => (event.kind === 'expired' ? 'after' : event.kind === 'not-yet-valid' ? 'before' : 'absent');

function eventMatches(filter: CompiledEventFilter, event: FailureEvent): boolean {
	return (filter.kind === undefined || filter.kind.has(event.kind))
		&& (filter.side === undefined || filter.side === event.side)
		&& (filter.certificate === undefined || filter.certificate.has(event.certificate))
		&& (filter.layer === undefined || filter.layer.has(event.layer))
		&& (filter.alert === undefined || (event.alert !== undefined && filter.alert.has(event.alert)));
}

/** What the lines name besides addresses: the webhook or APIService, else the refused client certificate. */
function eventName(event: FailureEvent): string | undefined {
	if (event.name !== undefined) return event.name;
	const client = event.client;
	if (client === undefined) return undefined;
	return client.serial === undefined ? client.subject ?? client.akid : `SN=${client.serial}`;
}

function record(group: HitGroup, budget: RetentionBudget, line: LogRecord, bound: number | undefined): void {
	group.count++;
	if (line.severity === 'fatal') group.fatal++;
	const time = line.time;
	if (time !== undefined) {
		if (group.first === undefined || time < group.first) group.first = time;
		if (group.last === undefined || time > group.last) group.last = time;
		const minute = Math.floor(time / 60_000);
		const seen = group.minutes.get(minute);
		if (seen !== undefined) {
			group.minutes.set(minute, seen + 1);
		} else if (group.minutes.size < maxMinutesPerGroup && budget.minutes < maxMinutesTotal) {
			group.minutes.set(minute, 1);
			budget.minutes++;
		}
	}

	// One copy of the line serves as head or tail sample and as the sample of its bound.
	let evidence: EvidenceLine | undefined;
	const evidenceOf = (): EvidenceLine => (evidence ??= toEvidenceLine(line, budget.text));
	if (group.head.length < headSize) {
		group.head.push(evidenceOf());
	} else {
		group.tail.push(evidenceOf());
		if (group.tail.length > tailSize) {
			const dropped = group.tail.shift()!;
			if (!holdsSample(group.bounds, dropped)) releaseEvidenceLine(dropped, budget.text);
		}
	}

	if (bound !== undefined && !group.bounds.has(bound) && group.bounds.size < maxBoundsPerGroup) {
		group.bounds.set(bound, evidenceOf());
	}
}

function ownGroups(groups: Readonly<Record<string, string | undefined>>): Record<string, string> {
	const own: Record<string, string> = {};
	for (const [name, value] of Object.entries(groups)) if (value !== undefined) own[name] = ownText(value);
	return own;
}

function holdsSample(bounds: ReadonlyMap<number, EvidenceLine>, line: EvidenceLine): boolean {
	for (const kept of bounds.values()) if (kept === line) return true;
	return false;
}

/** One record's view while its signals are tried: its text, its failure event and its writer, each read once. */
type LineView = {text: string | undefined; classified: boolean; event: FailureEvent | undefined; reporter: Reporter | undefined};

function hit(signal: CompiledSignal, view: LineView, line: LogRecord): GroupKey | {readonly groups: Readonly<Record<string, string>>; readonly key: GroupKey; readonly took: number | undefined} | undefined {
	view.text ??= searchableText(line);
	view.reporter ??= reporterOf(line);
	const {matcher} = signal;
	switch (matcher.kind) {
		case 'event': {
			if (!view.classified) {
				view.event = classifyFailure(view.text);
				view.classified = true;
			}

			const event = view.event;
			if (event === undefined || !eventMatches(matcher.filter, event)) return undefined;
			return {
				target: event.target,
				targetPort: event.targetPort,
				peer: event.peer,
				direction: directionOf(event),
				reporter: event.layer === 'kubectl' ? 'kubectl' : view.reporter,
				name: eventName(event),
				co: [],
				client: undefined,
				durationFloor: undefined,
			};
		}

		case 'pattern': {
			const match = matcher.regex.exec(view.text);
			if (match === null) return undefined;
			const groups = match.groups ?? {};
			const rawTarget = signal.target === undefined ? undefined : groups[signal.target];
			const direction: Direction = groups['direction'] === 'after' || groups['direction'] === 'before' ? groups['direction'] : 'absent';
			const took = signal.duration === undefined ? undefined : parseGoDuration(groups[signal.duration] ?? '');
			return {
				groups,
				took,
				key: {
					target: normalizeAddress(rawTarget),
					targetPort: portOf(rawTarget),
					peer: signal.peer === undefined ? undefined : normalizeAddress(groups[signal.peer]),
					direction,
					reporter: view.reporter,
					name: undefined,
					co: [],
					client: signal.client === undefined ? undefined : groups[signal.client]?.trim().slice(0, maxClientLength) || undefined,
					durationFloor: floorOf(signal.durationFloors, took),
				},
			};
		}

		default: {
			return matcher satisfies never;
		}
	}
}

function statsOf(state: SignalState, id: string): SignalStats {
	let stats = state.signals.get(id);
	if (stats === undefined) {
		stats = {id, count: 0, groups: new Map(), last: undefined};
		state.signals.set(id, stats);
	}

	return stats;
}

/**
 * Runs the signals whose literals were found in the record's line, and adds what matched to the state.
 * Fallback signals run last: their hits remember the other signals that matched the line.
 * Returns the ids of the signals that matched (empty when none did).
 */
export function collectSignals(rules: CompiledRules, state: SignalState, line: LogRecord, literalIndexes: readonly number[]): string[] {
	const tried = new Set<number>();
	const matched: string[] = [];
	const fallbacks: [CompiledSignal, GroupKey][] = [];
	const view: LineView = {text: undefined, classified: false, event: undefined, reporter: undefined};
	const bySeverity = line.severity === undefined ? undefined : rules.signalsBySeverity.get(line.severity);
	const candidates = bySeverity === undefined ? literalIndexes.map((literal) => rules.signalsByLiteral[literal] ?? []) : [...literalIndexes.map((literal) => rules.signalsByLiteral[literal] ?? []), bySeverity];
	for (const indexes of candidates) {
		for (const index of indexes) {
			if (tried.has(index)) continue;
			tried.add(index);
			const signal = rules.signals[index]!;
			if (signal.severitySet !== undefined && line.severity !== undefined && !signal.severitySet.has(line.severity)) continue;
			const found = hit(signal, view, line);
			if (found === undefined) continue;
			const {key, groups, took} = 'key' in found ? found : {key: found, groups: {}, took: undefined};
			if (signal.provides !== undefined) {
				if (state.context.length < maxContextHits) {
					state.context.push({signal: signal.id, provides: signal.provides, groups: ownGroups(groups), evidence: toEvidenceLine(line, state.budget.text)});
				}
			}

			if (signal.fallback === true) {
				fallbacks.push([signal, key]);
				continue;
			}

			matched.push(signal.id);
			const stats = statsOf(state, signal.id);
			stats.count++;
			const bound = groups['bound'] === undefined ? view.event?.bound : parseLogTime(groups['bound']);
			const group = groupFor(stats, state.budget, key);
			record(group, state.budget, line, bound);
			if (took !== undefined && (group.longest === undefined || took > group.longest)) group.longest = took;
		}
	}

	if (fallbacks.length > 0) {
		const co = [...matched].sort();
		for (const [signal, key] of fallbacks) {
			matched.push(signal.id);
			const stats = statsOf(state, signal.id);
			stats.count++;
			record(groupFor(stats, state.budget, {...key, co}), state.budget, line, view.event?.bound);
		}
	}

	if (matched.length > 0) state.matchedRecords++;
	return matched;
}
