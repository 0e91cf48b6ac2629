import {parse as parseYaml, YAMLParseError} from 'yaml';
import type {z} from 'zod';
import {knownFacts} from '../correlate/facts.js';
import {createLiteralPrefilter, type LiteralPrefilter} from './literal-prefilter.js';
import {findUnsafePattern} from './pattern-safety.js';
import {
	ruleDurationMs,
	ruleFileSchema,
	type Condition,
	type FindingConfig,
	type SignalCondition,
	type SignalConfig,
} from './rule-schema.js';

/** Where a rule file came from: shipped with kubesleuth, or given with --rules. */
export type RuleOrigin = 'builtin' | 'user';

/** A rule file's text, read by the edge. */
export type RuleText = {readonly name: string; readonly text: string; readonly origin: RuleOrigin};

/** One problem in one rule file, pointing at the field. */
export type RuleIssue = {readonly file: string; readonly path: string; readonly message: string};

export type CompiledSignal = SignalConfig & {
	readonly regex: RegExp;
	readonly severitySet: ReadonlySet<string> | undefined;
	/** Every `minDuration` (ms, ascending) the loaded rules ask of this signal: its lines are grouped by the longest one they reach. */
	readonly durationFloors: readonly number[];
	readonly file: string;
	readonly origin: RuleOrigin;
};

export type CompiledFinding = FindingConfig & {readonly file: string; readonly origin: RuleOrigin};

/** Everything the detect and diagnose stages need, compiled once. */
export type CompiledRules = {
	readonly signals: readonly CompiledSignal[];
	readonly findings: readonly CompiledFinding[];
	readonly prefilter: LiteralPrefilter;
	/** For each literal index of the prefilter, the indexes of the signals that list it. */
	readonly signalsByLiteral: readonly (readonly number[])[];
	readonly selfAddressEvidence: readonly {readonly target: string; readonly peer: string}[];
	readonly files: readonly {readonly name: string; readonly family: string; readonly origin: RuleOrigin}[];
};

export type CompileResult = {readonly rules: CompiledRules; readonly issues: readonly RuleIssue[]};

function formatPath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const key of path) {
		out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
	}

	return out === '' ? '(top level)' : out;
}

function zodIssues(file: string, error: z.ZodError): RuleIssue[] {
	return error.issues.flatMap((issue) =>
		// An unknown key is named in the path itself, so a typo points at the exact field.
		issue.code === 'unrecognized_keys'
			? issue.keys.map((key) => ({file, path: formatPath([...issue.path, key]), message: `unknown field "${key}"`}))
			: [{file, path: formatPath(issue.path), message: issue.message}],
	);
}

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
	}
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

/** Parses, validates and compiles rule files; a broken file is left out and its problems are returned. */
export function compileRules(texts: readonly RuleText[]): CompileResult {
	const issues: RuleIssue[] = [];
	const signals: CompiledSignal[] = [];
	const findings: CompiledFinding[] = [];
	const selfAddressEvidence: {target: string; peer: string}[] = [];
	const files: {name: string; family: string; origin: RuleOrigin}[] = [];
	const pendingChecks: (() => void)[] = [];
	/** Per signal id, the `minDuration`s that conditions ask of it (ms). */
	const floors = new Map<string, number[]>();

	for (const {name, text, origin} of texts) {
		let data: unknown;
		try {
			data = parseYaml(text, {prettyErrors: true});
		} catch (error) {
			const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : '(file)';
			issues.push({file: name, path: where, message: error instanceof Error ? error.message.split('\n')[0]! : String(error)});
			continue;
		}

		const parsed = ruleFileSchema.safeParse(data);
		if (!parsed.success) {
			issues.push(...zodIssues(name, parsed.error));
			continue;
		}

		const fileIssues: RuleIssue[] = [];
		const fileSignals: CompiledSignal[] = [];
		for (const [index, signal] of parsed.data.signals.entries()) {
			const at = `signals[${index}]`;
			let regex: RegExp;
			try {
				regex = new RegExp(signal.pattern);
			} catch (error) {
				fileIssues.push({file: name, path: `${at}.pattern`, message: error instanceof Error ? error.message : String(error)});
				continue;
			}

			const unsafe = findUnsafePattern(signal.pattern);
			if (unsafe !== undefined) {
				fileIssues.push({file: name, path: `${at}.pattern`, message: unsafe});
				continue;
			}

			const groups = new Set([...signal.pattern.matchAll(/\(\?<([A-Za-z][A-Za-z0-9]*)>/g)].map((m) => m[1]!));
			for (const key of ['target', 'peer', 'client', 'duration'] as const) {
				const group = signal[key];
				if (group !== undefined && !groups.has(group)) {
					fileIssues.push({file: name, path: `${at}.${key}`, message: `the pattern has no named group (?<${group}>...)`});
				}
			}

			if (signals.some((s) => s.id === signal.id) || fileSignals.some((s) => s.id === signal.id)) {
				fileIssues.push({file: name, path: `${at}.id`, message: `signal id "${signal.id}" is already defined`});
				continue;
			}

			fileSignals.push({
				...signal,
				regex,
				severitySet: signal.severities === undefined ? undefined : new Set(signal.severities),
				durationFloors: [],
				file: name,
				origin,
			});
		}

		for (const [index, finding] of parsed.data.findings.entries()) {
			if (findings.some((f) => f.id === finding.id)) {
				fileIssues.push({file: name, path: `findings[${index}].id`, message: `finding id "${finding.id}" is already defined`});
			}
		}

		if (fileIssues.length > 0) {
			issues.push(...fileIssues);
			continue;
		}

		signals.push(...fileSignals);
		const fileFindings = parsed.data.findings.map((finding) => ({...finding, file: name, origin}));
		findings.push(...fileFindings);
		selfAddressEvidence.push(...parsed.data.selfAddressEvidence);
		files.push({name, family: parsed.data.family, origin});

		// References may point at signals of files loaded later, so they are checked once everything is read.
		pendingChecks.push(() => {
			const known = new Set(signals.map((s) => s.id));
			const findingIds = new Set(findings.map((f) => f.id));
			for (const [index, finding] of parsed.data.findings.entries()) {
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
								floors.set(signal.id, [...(floors.get(signal.id) ?? []), ruleDurationMs(signalCondition.minDuration)]);
							}
						}
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

			for (const [i, pair] of parsed.data.selfAddressEvidence.entries()) {
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
	const signalsByLiteral = prefilter.literals.map((literal) =>
		signals.flatMap((signal, index) => (signal.literals.includes(literal) ? [index] : [])),
	);

	return {rules: {signals, findings, prefilter, signalsByLiteral, selfAddressEvidence, files}, issues};
}
