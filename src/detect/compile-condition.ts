import type {AddressRole, Condition, Reporter, SignalCondition} from './rule-schema.js';

export type Direction = 'after' | 'before' | 'absent';

/** A signal condition with its lists as sets and its durations in milliseconds. */
export type CompiledSignalCondition = {
	readonly signal: string;
	readonly target: ReadonlySet<AddressRole> | undefined;
	readonly peer: ReadonlySet<AddressRole> | undefined;
	readonly reporter: ReadonlySet<Reporter> | undefined;
	readonly direction: ReadonlySet<Direction> | undefined;
	/** At least this many matching lines (1 when the rule says nothing). */
	readonly min: number;
	/** With `min`: that many within one window of this length. */
	readonly withinMs: number | undefined;
	/** Only lines whose duration is at least this long (ms). */
	readonly minDurationMs: number | undefined;
};

/** A rule condition in the tagged form the evaluator switches on. */
export type CompiledCondition =
	| {readonly tag: 'signal'; readonly signal: CompiledSignalCondition}
	| {readonly tag: 'fact'; readonly fact: string}
	| {readonly tag: 'all'; readonly parts: readonly CompiledCondition[]}
	| {readonly tag: 'any'; readonly parts: readonly CompiledCondition[]}
	| {readonly tag: 'not'; readonly part: CompiledCondition}
	| {readonly tag: 'cooccur'; readonly first: CompiledSignalCondition; readonly second: CompiledSignalCondition; readonly withinMs: number}
	| {readonly tag: 'precedes'; readonly first: CompiledSignalCondition; readonly second: CompiledSignalCondition}
	| {readonly tag: 'same-address'; readonly target: CompiledSignalCondition; readonly peer: CompiledSignalCondition}
	| {readonly tag: 'unexplained'; readonly signal: CompiledSignalCondition};

const units = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const;

/** `30s`, `5m`, `2h`, `1d`, `500ms` in milliseconds (the schema has checked the form). */
export function durationMs(text: string): number {
	const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
	return m === null ? 0 : Number(m[1]) * units[m[2] as keyof typeof units];
}

const setOf = <T>(value: T | readonly T[] | undefined): ReadonlySet<T> | undefined =>
	value === undefined ? undefined : new Set(Array.isArray(value) ? (value as readonly T[]) : [value as T]);

export function compileSignalCondition(condition: SignalCondition): CompiledSignalCondition {
	return {
		signal: condition.signal,
		target: setOf(condition.target),
		peer: setOf(condition.peer),
		reporter: setOf(condition.reporter),
		direction: setOf(condition.direction),
		min: condition.min ?? 1,
		withinMs: condition.within === undefined ? undefined : durationMs(condition.within),
		minDurationMs: condition.minDuration === undefined ? undefined : durationMs(condition.minDuration),
	};
}

/** Turns a validated rule condition into its tagged form. */
export function compileCondition(condition: Condition): CompiledCondition {
	if ('signal' in condition) return {tag: 'signal', signal: compileSignalCondition(condition)};
	if ('fact' in condition) return {tag: 'fact', fact: condition.fact};
	if ('all' in condition) return {tag: 'all', parts: condition.all.map(compileCondition)};
	if ('any' in condition) return {tag: 'any', parts: condition.any.map(compileCondition)};
	if ('not' in condition) return {tag: 'not', part: compileCondition(condition.not)};
	if ('cooccur' in condition) {
		return {tag: 'cooccur', first: compileSignalCondition(condition.cooccur[0]), second: compileSignalCondition(condition.cooccur[1]), withinMs: durationMs(condition.within)};
	}

	if ('precedes' in condition) return {tag: 'precedes', first: compileSignalCondition(condition.precedes[0]), second: compileSignalCondition(condition.precedes[1])};
	if ('sameAddress' in condition) {
		return {tag: 'same-address', target: compileSignalCondition(condition.sameAddress.target), peer: compileSignalCondition(condition.sameAddress.peer)};
	}

	return {tag: 'unexplained', signal: compileSignalCondition(condition.unexplained)};
}

/** Every signal condition inside a compiled condition, for validation and for the signals a finding uses. */
export function* signalConditionsOf(condition: CompiledCondition): Generator<CompiledSignalCondition> {
	switch (condition.tag) {
		case 'signal':
		case 'unexplained': {
			yield condition.signal;
			return;
		}

		case 'fact': {
			return;
		}

		case 'all':
		case 'any': {
			for (const part of condition.parts) yield* signalConditionsOf(part);
			return;
		}

		case 'not': {
			yield* signalConditionsOf(condition.part);
			return;
		}

		case 'cooccur':
		case 'precedes': {
			yield condition.first;
			yield condition.second;
			return;
		}

		case 'same-address': {
			yield condition.target;
			yield condition.peer;
			return;
		}

		default: {
			condition satisfies never;
		}
	}
}

/** Every fact a compiled condition names. */
export function* factsOf(condition: CompiledCondition): Generator<string> {
	switch (condition.tag) {
		case 'fact': {
			yield condition.fact;
			return;
		}

		case 'all':
		case 'any': {
			for (const part of condition.parts) yield* factsOf(part);
			return;
		}

		case 'not': {
			yield* factsOf(condition.part);
			return;
		}

		case 'signal':
		case 'unexplained':
		case 'cooccur':
		case 'precedes':
		case 'same-address': {
			return;
		}

		default: {
			condition satisfies never;
		}
	}
}
