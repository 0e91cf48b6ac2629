import {parseLogTime} from '../parse/log-time.js';
import type {LogRecord} from '../parse/record.js';
import {searchableText} from '../parse/searchable-text.js';
import {normalizeAddress, portOf} from '../correlate/address.js';
import type {CompiledRules, CompiledSignal} from './compile-rules.js';
import {createRetainedText, ownText, releaseEvidenceLine, toEvidenceLine, type EvidenceLine, type RetainedText} from './evidence-line.js';

export type Direction = 'after' | 'before' | 'absent';

/** Lines of one signal that share target, peer and `is after`/`is before` direction. */
export type HitGroup = {
	readonly target: string | undefined;
	/** Port of the target, when the line names one. */
	readonly targetPort: number | undefined;
	readonly peer: string | undefined;
	readonly direction: Direction;
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

function groupFor(stats: SignalStats, budget: RetentionBudget, target: string | undefined, targetPort: number | undefined, peer: string | undefined, direction: Direction): HitGroup {
	let key = `${target ?? ''}|${targetPort ?? ''}|${peer ?? ''}|${direction}`;
	let group = stats.groups.get(key);
	if (group === undefined) {
		if (stats.groups.size >= maxGroupsPerSignal || budget.groups >= maxGroupsTotal) {
			key = `(other)||(other)|${direction}`;
			group = stats.groups.get(key);
			target = target === undefined ? undefined : '(other)';
			peer = peer === undefined ? undefined : '(other)';
		}

		if (group === undefined) {
			target = target === undefined ? undefined : ownText(target);
			peer = peer === undefined ? undefined : ownText(peer);
			group = {target, targetPort, peer, direction, count: 0, first: undefined, last: undefined, head: [], tail: [], minutes: new Map(), bounds: new Map()};
			stats.groups.set(key, group);
			budget.groups++;
		}
	}

	return group;
}

function record(group: HitGroup, budget: RetentionBudget, line: LogRecord, bound: number | undefined): void {
	group.count++;
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
					state.context.push({signal: signal.id, provides: signal.provides, groups: ownGroups(groups), evidence: toEvidenceLine(line, state.budget.text)});
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
			record(groupFor(stats, state.budget, target, targetPort, peer, direction), state.budget, line, bound);
		}
	}

	if (matched.length > 0) state.matchedRecords++;
	return matched;
}
