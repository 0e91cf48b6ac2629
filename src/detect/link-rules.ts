// The half of rule compilation that needs neither yaml nor zod: from validated rule files (the built-in ones
// come validated from the build, src/cli/build-rule-artefact.ts) to the rules the pipeline runs. Parsing and
// validating rule texts is src/detect/compile-rules.ts, loaded only for user rule files and `rules check`.
import {factNames as knownFacts} from './fact-names.js';
import {failureLiterals} from './classify-failure.js';
import {compileCondition, compileSignalCondition, durationMs, type CompiledCondition, type CompiledSignalCondition} from './compile-condition.js';
import type {CertificateOwner, FailureKind, FailureLayer, FailureSide} from './failure-event.js';
import {createLiteralPrefilter, type LiteralPrefilter} from './literal-prefilter.js';
import type {Condition, EventFilter, FindingConfig, RuleFileConfig, SignalCondition, SignalConfig} from './rule-schema.js';

const setOf = <T>(value: T | readonly T[] | undefined): ReadonlySet<T> | undefined =>
	value === undefined ? undefined : new Set(Array.isArray(value) ? value : [value as T]);

function compileEventFilter(filter: EventFilter): CompiledEventFilter {
	return {
		kind: setOf(filter.kind),
		side: filter.side,
		certificate: setOf(filter.certificate),
		layer: setOf(filter.layer),
		alert: setOf(filter.alert),
	};
}

const certificateKinds: ReadonlySet<FailureKind> = new Set(['expired', 'not-yet-valid', 'expired-or-not-yet-valid', 'unknown-authority', 'name-mismatch', 'x509-other', 'no-certificate', 'client-certificate-refused']);

const connectionKinds: ReadonlySet<FailureKind> = new Set(['connection-refused', 'connection-timeout', 'no-route', 'dns-failure', 'connection-reset', 'handshake-timeout']);

/** An event filter stands for connection failures when every kind it admits is one. */
function eventIsConnection(filter: CompiledEventFilter): boolean {
	return filter.kind !== undefined && [...filter.kind].every((kind) => connectionKinds.has(kind));
}

/** An event filter stands for certificate failures when it admits no event that is not one. */
function eventIsCertificate(filter: CompiledEventFilter): boolean {
	if (filter.certificate !== undefined) return !filter.certificate.has('none');
	return filter.kind !== undefined && [...filter.kind].every((kind) => certificateKinds.has(kind));
}

/** Where a rule file came from: shipped with kubesleuth, or given with --rules. */
export type RuleOrigin = 'builtin' | 'user';

/** A rule file's text, read by the edge. */
export type RuleText = {readonly name: string; readonly text: string; readonly origin: RuleOrigin};

/** One problem in one rule file, pointing at the field. */
export type RuleIssue = {readonly file: string; readonly path: string; readonly message: string};

/** A rule file that parsed and passed the schema: plain data (the schema's output, defaults filled in). */
export type ValidatedRuleFile = {readonly name: string; readonly origin: RuleOrigin; readonly data: RuleFileConfig};

/** One rule file on its way to linkRules: validated, or the issues that kept it from being so. */
export type RuleFileEntry = ValidatedRuleFile | {readonly name: string; readonly issues: readonly RuleIssue[]};

/** How a compiled signal recognises its lines: a pattern behind literals, or a filter over failure events. */
export type SignalMatcher =
	| {readonly kind: 'pattern'; readonly regex: RegExp; readonly literals: readonly string[]; readonly pattern: string}
	| {readonly kind: 'event'; readonly filter: CompiledEventFilter};

/** An event filter with each field as a set (undefined: any value). */
export type CompiledEventFilter = {
	readonly kind: ReadonlySet<FailureKind> | undefined;
	readonly side: FailureSide | undefined;
	readonly certificate: ReadonlySet<CertificateOwner> | undefined;
	readonly layer: ReadonlySet<FailureLayer> | undefined;
	readonly alert: ReadonlySet<string> | undefined;
};

export type CompiledSignal = Omit<SignalConfig, 'literals' | 'pattern' | 'event'> & {
	readonly matcher: SignalMatcher;
	/** The literals the pre-filter looks for on this signal's behalf. */
	readonly literals: readonly string[];
	/** Every `minDuration` (ms, ascending) the loaded rules ask of this signal: its lines are grouped by the longest one they reach. */
	readonly durationFloors: readonly number[];
	/** The signal reports a certificate failure (set in the rule, or implied by its event filter). */
	readonly isCertificate: boolean;
	/** The signal reports connections that could not be made (an event filter admitting only connection failures). */
	readonly isConnection: boolean;
	readonly severitySet: ReadonlySet<string> | undefined;
	readonly file: string;
	readonly origin: RuleOrigin;
};

/** A finding rule with its conditions in the tagged form the evaluator switches on (the raw ones stay for exports). */
export type CompiledFinding = FindingConfig & {
	readonly file: string;
	readonly origin: RuleOrigin;
	readonly compiled: {
		readonly requires: CompiledCondition;
		readonly adjust: readonly {readonly when: CompiledCondition; readonly weight: number; readonly reason: string}[];
		readonly evidence: readonly CompiledSignalCondition[];
		readonly prefers: readonly {readonly over: string; readonly when: CompiledCondition | undefined; readonly because: string}[];
	};
};

function compileFinding(finding: FindingConfig, file: string, origin: RuleOrigin): CompiledFinding {
	return {
		...finding,
		file,
		origin,
		compiled: {
			requires: compileCondition(finding.requires),
			adjust: finding.confidence.adjust.map((a) => ({when: compileCondition(a.when), weight: a.weight, reason: a.reason})),
			evidence: finding.evidence.map(compileSignalCondition),
			prefers: finding.prefers.map((p) => ({over: p.over, when: p.when === undefined ? undefined : compileCondition(p.when), because: p.because})),
		},
	};
}

/** Everything the detect and diagnose stages need, compiled once. */
export type CompiledRules = {
	readonly signals: readonly CompiledSignal[];
	readonly findings: readonly CompiledFinding[];
	readonly prefilter: LiteralPrefilter;
	/** For each literal index of the prefilter, the indexes of the signals that list it. */
	readonly signalsByLiteral: readonly (readonly number[])[];
	/** Signals without literals, tried on every line of their severities: severity -> signal indexes. */
	readonly signalsBySeverity: ReadonlyMap<string, readonly number[]>;
	readonly selfAddressEvidence: readonly {readonly target: string; readonly peer: string}[];
	readonly files: readonly {readonly name: string; readonly family: string; readonly origin: RuleOrigin}[];
};

export type CompileResult = {readonly rules: CompiledRules; readonly issues: readonly RuleIssue[]};

/** Says why a pattern could take super-linear time on a hostile line, or undefined (pattern-safety.ts). */
export type PatternCheck = (pattern: string) => string | undefined;

export type CompileOptions = {
	/**
	 * Checks the patterns of user rule files: pattern-safety.ts's findUnsafePattern. Without it a user
	 * file's patterns are refused. Built-in patterns are not checked at run time: a test runs the same
	 * check on every one of them, and loading the checker costs tens of milliseconds of start-up.
	 */
	readonly checkPattern?: PatternCheck | undefined;
};

const refuseUnchecked: PatternCheck = () => 'cannot be checked for slow backtracking here, so it is not used';

function* signalConditions(condition: Condition, path: string): Generator<[SignalCondition, string]> {
	if ('signal' in condition) {
		yield [condition, path];
	} else if ('all' in condition) {
		for (const [i, c] of condition.all.entries()) yield* signalConditions(c, `${path}.all[${i}]`);
	} else if ('any' in condition) {
		for (const [i, c] of condition.any.entries()) yield* signalConditions(c, `${path}.any[${i}]`);
	} else if ('not' in condition) {
		yield* signalConditions(condition.not, `${path}.not`);
	} else if ('cooccur' in condition) {
		yield [condition.cooccur[0], `${path}.cooccur[0]`];
		yield [condition.cooccur[1], `${path}.cooccur[1]`];
	} else if ('precedes' in condition) {
		yield [condition.precedes[0], `${path}.precedes[0]`];
		yield [condition.precedes[1], `${path}.precedes[1]`];
	} else if ('sameAddress' in condition) {
		yield [condition.sameAddress.target, `${path}.sameAddress.target`];
		yield [condition.sameAddress.peer, `${path}.sameAddress.peer`];
	} else if ('unexplained' in condition) {
		yield [condition.unexplained, `${path}.unexplained`];
	}
}

function hasUnexplained(condition: Condition): boolean {
	if ('unexplained' in condition) return true;
	if ('all' in condition) return condition.all.some(hasUnexplained);
	if ('any' in condition) return condition.any.some(hasUnexplained);
	if ('not' in condition) return hasUnexplained(condition.not);
	return false;
}

function* facts(condition: Condition, path: string): Generator<[string, string]> {
	if ('fact' in condition) {
		yield [condition.fact, path];
	} else if ('all' in condition) {
		for (const [i, c] of condition.all.entries()) yield* facts(c, `${path}.all[${i}]`);
	} else if ('any' in condition) {
		for (const [i, c] of condition.any.entries()) yield* facts(c, `${path}.any[${i}]`);
	} else if ('not' in condition) {
		yield* facts(condition.not, `${path}.not`);
	}
}

/**
 * Compiles validated rule files (in order; an entry with issues is a file that failed to parse or validate,
 * its issues kept in place): checks what spans files (duplicate ids, references, duration groups), turns
 * conditions into their tagged form and builds the pre-filter. A broken file is left out and its problems are returned.
 */
export function linkRules(entries: readonly RuleFileEntry[], options: CompileOptions = {}): CompileResult {
	const issues: RuleIssue[] = [];
	const signals: CompiledSignal[] = [];
	const findings: CompiledFinding[] = [];
	const selfAddressEvidence: {target: string; peer: string}[] = [];
	const files: {name: string; family: string; origin: RuleOrigin}[] = [];
	const pendingChecks: (() => void)[] = [];
	/** Per signal id, the `minDuration`s that conditions ask of it (ms). */
	const floors = new Map<string, number[]>();

	for (const entry of entries) {
		if ('issues' in entry) {
			issues.push(...entry.issues);
			continue;
		}

		const {name, origin, data} = entry;
		const fileIssues: RuleIssue[] = [];
		const fileSignals: CompiledSignal[] = [];
		for (const [index, signal] of data.signals.entries()) {
			const at = `signals[${index}]`;
			if (signals.some((s) => s.id === signal.id) || fileSignals.some((s) => s.id === signal.id)) {
				fileIssues.push({file: name, path: `${at}.id`, message: `signal id "${signal.id}" is already defined`});
				continue;
			}

			const {literals, pattern, event, ...rest} = signal;
			const common = {...rest, severitySet: signal.severities === undefined ? undefined : new Set(signal.severities), durationFloors: [], file: name, origin};
			if (event !== undefined) {
				for (const key of ['target', 'peer', 'client', 'duration'] as const) {
					if (signal[key] !== undefined) fileIssues.push({file: name, path: `${at}.${key}`, message: 'an event signal takes its fields from the event: leave this out'});
				}

				const filter = compileEventFilter(event);
				fileSignals.push({...common, matcher: {kind: 'event', filter}, literals: failureLiterals, isCertificate: signal.certificate ?? eventIsCertificate(filter), isConnection: eventIsConnection(filter)});
				continue;
			}

			let regex: RegExp;
			try {
				regex = new RegExp(pattern!);
			} catch (error) {
				fileIssues.push({file: name, path: `${at}.pattern`, message: error instanceof Error ? error.message : String(error)});
				continue;
			}

			const unsafe = origin === 'user' ? (options.checkPattern ?? refuseUnchecked)(pattern!) : undefined;
			if (unsafe !== undefined) {
				fileIssues.push({file: name, path: `${at}.pattern`, message: unsafe});
				continue;
			}

			const groups = new Set([...pattern!.matchAll(/\(\?<([A-Za-z][A-Za-z0-9]*)>/g)].map((m) => m[1]!));
			for (const key of ['target', 'peer', 'client', 'duration'] as const) {
				const group = signal[key];
				if (group !== undefined && !groups.has(group)) {
					fileIssues.push({file: name, path: `${at}.${key}`, message: `the pattern has no named group (?<${group}>...)`});
				}
			}

			fileSignals.push({...common, matcher: {kind: 'pattern', regex, literals: literals ?? [], pattern: pattern!}, literals: literals ?? [], isCertificate: signal.certificate === true, isConnection: false});
		}

		for (const [index, finding] of data.findings.entries()) {
			if (findings.some((f) => f.id === finding.id)) {
				fileIssues.push({file: name, path: `findings[${index}].id`, message: `finding id "${finding.id}" is already defined`});
			}
		}

		if (fileIssues.length > 0) {
			issues.push(...fileIssues);
			continue;
		}

		signals.push(...fileSignals);
		const fileFindings = data.findings.map((finding) => compileFinding(finding, name, origin));
		findings.push(...fileFindings);
		selfAddressEvidence.push(...data.selfAddressEvidence);
		files.push({name, family: data.family, origin});

		// References may point at signals of files loaded later, so they are checked once everything is read.
		pendingChecks.push(() => {
			const known = new Set(signals.map((s) => s.id));
			const findingIds = new Set(findings.map((f) => f.id));
			for (const [index, finding] of data.findings.entries()) {
				const at = `findings[${index}]`;
				const conditions: [Condition, string][] = [
					[finding.requires, `${at}.requires`],
					...finding.confidence.adjust.map((a, i): [Condition, string] => [a.when, `${at}.confidence.adjust[${i}].when`]),
					...finding.evidence.map((e, i): [Condition, string] => [e, `${at}.evidence[${i}]`]),
					...finding.prefers.flatMap((p, i): [Condition, string][] => (p.when === undefined ? [] : [[p.when, `${at}.prefers[${i}].when`]])),
				];
				for (const [condition, path] of conditions) {
					for (const [signalCondition, signalPath] of signalConditions(condition, path)) {
						if (!known.has(signalCondition.signal)) {
							issues.push({file: name, path: `${signalPath}.signal`, message: `unknown signal "${signalCondition.signal}"`});
						} else if (signalCondition.minDuration !== undefined) {
							const signal = signals.find((s) => s.id === signalCondition.signal)!;
							if (signal.duration === undefined) {
								issues.push({file: name, path: `${signalPath}.minDuration`, message: `signal "${signal.id}" names no duration group, so its lines have no duration to compare`});
							} else {
								floors.set(signal.id, [...(floors.get(signal.id) ?? []), durationMs(signalCondition.minDuration)]);
							}
						}
					}

					if (hasUnexplained(condition) && finding.fallback !== true) {
						issues.push({file: name, path, message: 'only a finding with fallback: true can ask for unexplained lines'});
					}

					for (const [fact, factPath] of facts(condition, path)) {
						if (!knownFacts.has(fact)) {
							issues.push({file: name, path: `${factPath}.fact`, message: `unknown fact "${fact}"; known facts: ${[...knownFacts.keys()].join(', ')}`});
						}
					}
				}

				for (const [i, preference] of finding.prefers.entries()) {
					// A built-in preference over a family left out with --only has nothing to compete with.
					if (!findingIds.has(preference.over) && origin === 'user') {
						issues.push({file: name, path: `${at}.prefers[${i}].over`, message: `unknown finding "${preference.over}"`});
					}
				}
			}

			for (const [i, pair] of data.selfAddressEvidence.entries()) {
				for (const key of ['target', 'peer'] as const) {
					if (!known.has(pair[key])) {
						issues.push({file: name, path: `selfAddressEvidence[${i}].${key}`, message: `unknown signal "${pair[key]}"`});
					}
				}
			}
		});
	}

	for (const check of pendingChecks) {
		check();
	}

	for (const [index, signal] of signals.entries()) {
		const asked = floors.get(signal.id);
		if (asked !== undefined) signals[index] = {...signal, durationFloors: [...new Set(asked)].sort((a, b) => a - b)};
	}

	const literals = [...new Set(signals.flatMap((s) => s.literals))];
	const prefilter = createLiteralPrefilter(literals);
	// One pass over the signals' literals (not every literal against every signal's list: that is milliseconds of start-up).
	const literalIndex = new Map(prefilter.literals.map((literal, index) => [literal, index]));
	const signalsByLiteral: number[][] = prefilter.literals.map(() => []);
	for (const [index, signal] of signals.entries()) {
		for (const literal of signal.literals) {
			const at = literalIndex.get(literal);
			if (at === undefined) continue;
			const list = signalsByLiteral[at]!;
			if (list.at(-1) !== index) list.push(index);
		}
	}

	const signalsBySeverity = new Map<string, number[]>();
	for (const [index, signal] of signals.entries()) {
		if (signal.literals.length > 0) continue;
		for (const severity of signal.severities ?? []) signalsBySeverity.set(severity, [...(signalsBySeverity.get(severity) ?? []), index]);
	}

	return {rules: {signals, findings, prefilter, signalsByLiteral, signalsBySeverity, selfAddressEvidence, files}, issues};
}

/** Every signal id a rule file names: in its findings' conditions, evidence and preferences, and in its self-address evidence. */
export function signalsNamedBy(data: RuleFileConfig): string[] {
	const named = new Set<string>();
	for (const finding of data.findings) {
		const conditions: Condition[] = [finding.requires, ...finding.confidence.adjust.map((a) => a.when), ...finding.evidence, ...finding.prefers.flatMap((p) => (p.when === undefined ? [] : [p.when]))];
		for (const condition of conditions) {
			for (const [signalCondition] of signalConditions(condition, '')) named.add(signalCondition.signal);
		}
	}

	for (const pair of data.selfAddressEvidence) {
		named.add(pair.target);
		named.add(pair.peer);
	}

	return [...named];
}
