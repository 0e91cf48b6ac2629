import {parseLogTime} from '../parse/log-time.js';
import type {LogRecord} from '../parse/record.js';
import {searchableText} from '../parse/searchable-text.js';
import {normalizeAddress, portOf} from '../correlate/address.js';
import {classifyFailure} from './classify-failure.js';
import type {Direction} from './compile-condition.js';
import type {CompiledEventFilter, CompiledRules, CompiledSignal} from './compile-rules.js';
import {toEvidenceLine, type EvidenceLine} from './evidence-line.js';
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
};

/** What the detect stage has seen so far: aggregated, bounded, and independent of the final context. */
export type SignalState = {
	readonly signals: Map<string, SignalStats>;
	readonly context: ContextHit[];
	/** Record count per source with the pid it carried last, to notice a process restart in journald or klog. */
	matchedRecords: number;
};

const headSize = 5;
const tailSize = 5;
const maxGroupsPerSignal = 2000;
const maxMinutesPerGroup = 50_000;
const maxBoundsPerGroup = 50;
const maxContextHits = 400;

export function createSignalState(): SignalState {
	return {signals: new Map(), context: [], matchedRecords: 0};
}

type GroupKey = {
	readonly target: string | undefined;
	readonly targetPort: number | undefined;
	readonly peer: string | undefined;
	readonly direction: Direction;
	readonly reporter: Reporter;
	readonly name: string | undefined;
	readonly co: readonly string[];
	readonly client: string | undefined;
	readonly durationFloor: number | undefined;
};

function groupFor(stats: SignalStats, wanted: GroupKey): HitGroup {
	let {target, peer} = wanted;
	let {client} = wanted;
	let key = `${target ?? ''}|${wanted.targetPort ?? ''}|${peer ?? ''}|${wanted.direction}|${wanted.reporter}|${wanted.name ?? ''}|${wanted.co.join(',')}|${client ?? ''}|${wanted.durationFloor ?? ''}`;
	let group = stats.groups.get(key);
	if (group === undefined) {
		if (stats.groups.size >= maxGroupsPerSignal) {
			key = `(other)||(other)|${wanted.direction}|${wanted.reporter}||${wanted.co.join(',')}|(other)|${wanted.durationFloor ?? ''}`;
			group = stats.groups.get(key);
			target = target === undefined ? undefined : '(other)';
			peer = peer === undefined ? undefined : '(other)';
			client = client === undefined ? undefined : '(other)';
		}

		if (group === undefined) {
			group = {...wanted, signal: stats.id, target, peer, client, longest: undefined, count: 0, fatal: 0, first: undefined, last: undefined, head: [], tail: [], minutes: new Map(), bounds: new Map()};
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

function record(group: HitGroup, line: LogRecord, bound: number | undefined): void {
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
		} else if (group.minutes.size < maxMinutesPerGroup) {
			group.minutes.set(minute, 1);
		}
	}

	if (group.head.length < headSize) {
		group.head.push(toEvidenceLine(line));
	} else {
		group.tail.push(toEvidenceLine(line));
		if (group.tail.length > tailSize) {
			group.tail.shift();
		}
	}

	if (bound !== undefined && !group.bounds.has(bound) && group.bounds.size < maxBoundsPerGroup) {
		group.bounds.set(bound, toEvidenceLine(line));
	}
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
		stats = {id, count: 0, groups: new Map()};
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
					state.context.push({signal: signal.id, provides: signal.provides, groups: {...groups}, evidence: toEvidenceLine(line)});
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
			const group = groupFor(stats, key);
			record(group, line, bound);
			if (took !== undefined && (group.longest === undefined || took > group.longest)) group.longest = took;
		}
	}

	if (fallbacks.length > 0) {
		const co = [...matched].sort();
		for (const [signal, key] of fallbacks) {
			matched.push(signal.id);
			const stats = statsOf(state, signal.id);
			stats.count++;
			record(groupFor(stats, {...key, co}), line, view.event?.bound);
		}
	}

	if (matched.length > 0) state.matchedRecords++;
	return matched;
}
