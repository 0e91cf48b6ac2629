import {parseLogTime} from '../parse/log-time.js';
import type {LogRecord} from '../parse/record.js';
import {searchableText} from '../parse/searchable-text.js';
import {normalizeAddress, portOf} from '../correlate/address.js';
import type {CompiledRules, CompiledSignal} from './compile-rules.js';
import {toEvidenceLine, type EvidenceLine} from './evidence-line.js';
import {parseGoDuration} from './go-duration.js';

export type Direction = 'after' | 'before' | 'absent';

/** Lines of one signal that share target, peer and `is after`/`is before` direction. */
export type HitGroup = {
	readonly target: string | undefined;
	/** Port of the target, when the line names one. */
	readonly targetPort: number | undefined;
	readonly peer: string | undefined;
	readonly direction: Direction;
	/** Who sent the request, when the signal names a `client` group. */
	readonly client?: string | undefined;
	/** The largest of the signal's duration floors (ms) that every line of the group reaches; 0 below them all. */
	readonly durationFloor?: number | undefined;
	/** The longest duration (ms) read from the group's lines. */
	longest?: number | undefined;
	count: number;
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
const maxClientLength = 160;

export function createSignalState(): SignalState {
	return {signals: new Map(), context: [], matchedRecords: 0};
}

type GroupKey = {
	target: string | undefined;
	readonly targetPort: number | undefined;
	peer: string | undefined;
	readonly direction: Direction;
	client: string | undefined;
	readonly durationFloor: number | undefined;
};

function groupFor(stats: SignalStats, k: GroupKey): HitGroup {
	let key = `${k.target ?? ''}|${k.targetPort ?? ''}|${k.peer ?? ''}|${k.direction}|${k.client ?? ''}|${k.durationFloor ?? ''}`;
	let group = stats.groups.get(key);
	if (group === undefined) {
		if (stats.groups.size >= maxGroupsPerSignal) {
			key = `(other)||(other)|${k.direction}|(other)|${k.durationFloor ?? ''}`;
			group = stats.groups.get(key);
			k.target = k.target === undefined ? undefined : '(other)';
			k.peer = k.peer === undefined ? undefined : '(other)';
			k.client = k.client === undefined ? undefined : '(other)';
		}

		if (group === undefined) {
			group = {...k, count: 0, first: undefined, last: undefined, head: [], tail: [], minutes: new Map(), bounds: new Map()};
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

function record(group: HitGroup, line: LogRecord, bound: number | undefined): void {
	group.count++;
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

/**
 * Runs the signals whose literals were found in the record's line, and adds what matched to the state.
 * Returns the ids of the signals that matched (empty when none did).
 */
export function collectSignals(rules: CompiledRules, state: SignalState, line: LogRecord, literalIndexes: readonly number[]): string[] {
	const tried = new Set<number>();
	const matched: string[] = [];
	let text: string | undefined;
	for (const literal of literalIndexes) {
		for (const index of rules.signalsByLiteral[literal] ?? []) {
			if (tried.has(index)) continue;
			tried.add(index);
			const signal = rules.signals[index]!;
			if (signal.severitySet !== undefined && line.severity !== undefined && !signal.severitySet.has(line.severity)) continue;
			text ??= searchableText(line);
			const match = signal.regex.exec(text);
			if (match === null) continue;
			matched.push(signal.id);
			const groups = match.groups ?? {};
			if (signal.provides !== undefined) {
				if (state.context.length < maxContextHits) {
					state.context.push({signal: signal.id, provides: signal.provides, groups: {...groups}, evidence: toEvidenceLine(line)});
				}
			}

			let stats = state.signals.get(signal.id);
			if (stats === undefined) {
				stats = {id: signal.id, count: 0, groups: new Map()};
				state.signals.set(signal.id, stats);
			}

			stats.count++;
			const rawTarget = signal.target === undefined ? undefined : groups[signal.target];
			const target = normalizeAddress(rawTarget);
			const targetPort = portOf(rawTarget);
			const peer = signal.peer === undefined ? undefined : normalizeAddress(groups[signal.peer]);
			const direction: Direction = groups['direction'] === 'after' || groups['direction'] === 'before' ? groups['direction'] : 'absent';
			const bound = groups['bound'] === undefined ? undefined : parseLogTime(groups['bound']);
			const client = signal.client === undefined ? undefined : groups[signal.client]?.trim().slice(0, maxClientLength) || undefined;
			const took = signal.duration === undefined ? undefined : parseGoDuration(groups[signal.duration] ?? '');
			const group = groupFor(stats, {target, targetPort, peer, direction, client, durationFloor: floorOf(signal.durationFloors, took)});
			record(group, line, bound);
			if (took !== undefined && (group.longest === undefined || took > group.longest)) group.longest = took;
		}
	}

	if (matched.length > 0) state.matchedRecords++;
	return matched;
}
