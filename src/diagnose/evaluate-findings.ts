import type {CompiledFinding, CompiledRules} from '../detect/compile-rules.js';
import type {HitGroup, SignalState} from '../detect/collect-signals.js';
import type {CompiledCondition, CompiledSignalCondition} from '../detect/compile-condition.js';
import type {EvidenceLine} from '../detect/evidence-line.js';
import type {AddressRole, StepConfig} from '../detect/rule-schema.js';
import {isLoopbackAddress} from '../detect/values/address.js';
import {isOwnAddress, roleMatches, targetRole, type ConcreteRole} from '../correlate/address-role.js';
import type {ApiserverContext} from '../correlate/build-context.js';
import type {Finding, Reason, RuledOut, Step} from './finding.js';
import {fillTemplate, contextVariables, isCommandSafeAddress, type TemplateVariables} from './fill-template.js';
import {compareFindings} from './rank-findings.js';
import {formatDuration} from '../detect/go-duration.js';
import {groupDigits} from './group-digits.js';
import {compareText} from '../source/compare-text.js';

/** Findings whose confidence ends below this are reported as ruled out, not as findings. */
export const minimumConfidence = 0.3;
const evidenceSample = 12;

type Evaluation = {readonly holds: boolean; readonly groups: readonly HitGroup[]};

function maxInWindow(groups: readonly HitGroup[], windowMs: number): number {
	const minutes = new Map<number, number>();
	for (const g of groups) for (const [minute, count] of g.minutes) minutes.set(minute, (minutes.get(minute) ?? 0) + count);
	const sorted = [...minutes].sort((a, b) => a[0] - b[0]);
	const span = Math.max(1, Math.ceil(windowMs / 60_000));
	let best = 0;
	let sum = 0;
	let lo = 0;
	for (const [minute, count] of sorted) {
		sum += count;
		while (sorted[lo]![0] <= minute - span) sum -= sorted[lo++]![1];
		best = Math.max(best, sum);
	}

	return best;
}

/** Signals a reported finding stands on: the lines of these are explained. */
type Explained = ReadonlySet<string>;

function makeEvaluator(state: SignalState, context: ApiserverContext, explained: Explained, symptoms: ReadonlySet<string> = new Set()) {
	const self = context.selfView;
	const peerRole = (peer: string | undefined): ConcreteRole | undefined => {
		if (peer === undefined) return undefined;
		if (!isOwnAddress(peer, self)) return 'foreign';
		return isLoopbackAddress(peer) ? 'loopback' : 'self';
	};

	const admits = (wanted: ReadonlySet<AddressRole> | undefined, actual: ConcreteRole | undefined): boolean =>
		wanted === undefined || [...wanted].some((role) => roleMatches(role, actual));

	const matchingGroups = (condition: CompiledSignalCondition): HitGroup[] =>
		[...(state.signals.get(condition.signal)?.groups.values() ?? [])].filter(
			(g) =>
				admits(condition.target, targetRole(g.target, g.targetPort, g.reporter, self))
				&& admits(condition.peer, peerRole(g.peer))
				&& (condition.reporter === undefined || condition.reporter.has(g.reporter))
				&& (condition.direction === undefined || condition.direction.has(g.direction))
				// Lines are grouped by the longest `minDuration` they reach (compile-rules collects them), so this is exact per line.
				&& (condition.minDurationMs === undefined || (g.durationFloor ?? -1) >= condition.minDurationMs),
		);

	const counted = (condition: CompiledSignalCondition, groups: readonly HitGroup[]): number =>
		condition.withinMs === undefined ? groups.reduce((n, g) => n + g.count, 0) : maxInWindow(groups, condition.withinMs);

	const evaluate = (condition: CompiledCondition): Evaluation => {
		switch (condition.tag) {
			case 'signal': {
				const groups = matchingGroups(condition.signal);
				return {holds: counted(condition.signal, groups) >= condition.signal.min, groups};
			}

			case 'unexplained': {
				const groups = matchingGroups(condition.signal).filter((g) => !explained.has(g.signal) && !symptoms.has(g.signal) && !g.co.some((id) => explained.has(id)));
				return {holds: counted(condition.signal, groups) >= condition.signal.min, groups};
			}

			case 'fact': {
				return {holds: context.facts.has(condition.fact), groups: []};
			}

			case 'all': {
				const parts = condition.parts.map(evaluate);
				return {holds: parts.every((p) => p.holds), groups: [...new Set(parts.flatMap((p) => p.groups))]};
			}

			case 'any': {
				const parts = condition.parts.map(evaluate).filter((p) => p.holds);
				// A group two parts match (one signal asked twice, at two thresholds) is counted once.
				return {holds: parts.length > 0, groups: [...new Set(parts.flatMap((p) => p.groups))]};
			}

			case 'not': {
				return {holds: !evaluate(condition.part).holds, groups: []};
			}

			case 'cooccur': {
				const a = matchingGroups(condition.first);
				const b = matchingGroups(condition.second);
				const span = Math.max(1, Math.ceil(condition.withinMs / 60_000));
				const bMinutes = [...new Set(b.flatMap((g) => [...g.minutes.keys()]))].sort((x, y) => x - y);
				const holds = a.some((g) =>
					[...g.minutes.keys()].some((minute) => {
						let lo = 0;
						let hi = bMinutes.length;
						while (lo < hi) {
							const mid = (lo + hi) >> 1;
							if (bMinutes[mid]! < minute - span) lo = mid + 1;
							else hi = mid;
						}

						return lo < bMinutes.length && bMinutes[lo]! <= minute + span;
					}),
				);
				return {holds, groups: holds ? [...a, ...b] : []};
			}

			case 'precedes': {
				const first = (groups: HitGroup[]): number => Math.min(...groups.map((g) => g.first ?? Number.POSITIVE_INFINITY));
				const a = matchingGroups(condition.first);
				const b = matchingGroups(condition.second);
				const holds = a.length > 0 && b.length > 0 && first(a) < first(b);
				return {holds, groups: holds ? [...a, ...b] : []};
			}

			case 'same-address': {
				const targets = matchingGroups(condition.target);
				const peers = matchingGroups(condition.peer);
				const targetSet = new Set(targets.map((g) => g.target));
				const shared = peers.filter((g) => g.peer !== undefined && targetSet.has(g.peer));
				const sharedSet = new Set(shared.map((g) => g.peer));
				return {holds: shared.length > 0, groups: [...targets.filter((g) => sharedSet.has(g.target)), ...shared]};
			}

			default: {
				return condition satisfies never;
			}
		}
	};

	return {evaluate, matchingGroups};
}

/** The address a group names, as texts may show it: `(other)` for anything that is not a canonical address. */
const shownAddress = (g: HitGroup): string | undefined => {
	const address = g.peer ?? g.target;
	return address === undefined || isCommandSafeAddress(address) ? address : '(other)';
};

function roughInterval(ms: number): string {
	if (ms < 1000) return 'under a second';
	if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
	if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
	return `${Math.round(ms / 3_600_000)} h`;
}

/** `{addressRates}`: each address (peer, else target) with how many lines name it and how often, busiest first. */
export function addressRates(groups: readonly HitGroup[]): string {
	const byAddress = new Map<string, {count: number; first: number; last: number}>();
	for (const g of groups) {
		const address = shownAddress(g);
		if (address === undefined) continue;
		const seen = byAddress.get(address) ?? {count: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY};
		byAddress.set(address, {count: seen.count + g.count, first: Math.min(seen.first, g.first ?? Number.POSITIVE_INFINITY), last: Math.max(seen.last, g.last ?? Number.NEGATIVE_INFINITY)});
	}

	if (byAddress.size === 0) return 'no address';
	const parts = [...byAddress]
		.sort((a, b) => b[1].count - a[1].count || compareText(a[0], b[0]))
		.map(([address, {count, first, last}]) => {
			const times = count === 1 ? 'once' : `${count} times`;
			return count > 1 && Number.isFinite(first) && last > first ? `${address} (${times}, about every ${roughInterval((last - first) / (count - 1))})` : `${address} (${times})`;
		});
	return parts.length > 8 ? `${parts.slice(0, 8).join(', ')} and ${parts.length - 8} more` : parts.join(', ');
}

/** `{clients}`: each client (user agent, service account, flow schema) with its line count, busiest first. */
export function clientCounts(groups: readonly HitGroup[]): string {
	const byClient = new Map<string, number>();
	for (const g of groups) if (g.client !== undefined) byClient.set(g.client, (byClient.get(g.client) ?? 0) + g.count);
	if (byClient.size === 0) return 'no client named';
	const parts = [...byClient]
		.sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
		.map(([client, count]) => `${client} (${count === 1 ? '1 line' : `${count} lines`})`);
	return parts.length > 5 ? `${parts.slice(0, 5).join(', ')} and ${parts.length - 5} more` : parts.join(', ');
}

/** The variables of the lines a condition matched; undefined when the lines do not tell. */
function groupVariables(groups: readonly HitGroup[]): Record<string, string | undefined> {
	const count = groups.reduce((n, g) => n + g.count, 0);
	const addresses = [...new Set(groups.flatMap((g) => [shownAddress(g)].filter((a): a is string => a !== undefined)))];
	const first = Math.min(...groups.map((g) => g.first ?? Number.POSITIVE_INFINITY));
	const last = Math.max(...groups.map((g) => g.last ?? Number.NEGATIVE_INFINITY));
	const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined);
	// Who the lines are about: the names they give (a refused client certificate's serial, a webhook), else the addresses.
	const named = [...new Set(groups.map((g) => g.name ?? shownAddress(g)).filter((a): a is string => a !== undefined))];
	const longest = Math.max(...groups.map((g) => g.longest ?? Number.NEGATIVE_INFINITY));
	const anyClient = groups.some((g) => g.client !== undefined);
	return {
		clients: anyClient ? clientCounts(groups) : undefined,
		longest: Number.isFinite(longest) ? formatDuration(longest) : undefined,
		count: groupDigits(count),
		lines: count === 1 ? '1 line' : `${groupDigits(count)} lines`,
		refusedClients: named.length === 0 ? undefined : named.length === 1 ? `1 client (${named[0]})` : `${named.length} distinct clients (${named.slice(0, 5).join(', ')}${named.length > 5 ? ` and ${named.length - 5} more` : ''})`,
		names: named.length === 0 ? undefined : named.length > 5 ? `${named.slice(0, 5).join(', ')} and ${named.length - 5} more` : named.join(', '),
		addressRates: addresses.length === 0 ? undefined : addressRates(groups),
		addresses: addresses.length === 0 ? undefined : addresses.length > 5 ? `${addresses.slice(0, 5).join(', ')} and ${addresses.length - 5} more` : addresses.join(', '),
		first: iso(first),
		last: iso(last),
	};
}

function sampleEvidence(groups: readonly HitGroup[]): EvidenceLine[] {
	const seen = new Set<string>();
	const lines: EvidenceLine[] = [];
	for (const g of groups) {
		for (const line of [...g.head, ...g.tail]) {
			const key = `${line.source}:${line.line}`;
			if (!seen.has(key)) {
				seen.add(key);
				lines.push(line);
			}
		}
	}

	lines.sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || compareText(a.source, b.source) || a.line - b.line);
	if (lines.length <= evidenceSample) return lines;
	const half = evidenceSample / 2;
	return [...lines.slice(0, half), ...lines.slice(-half)];
}

function timelineOf(groups: readonly HitGroup[]): [number, number][] {
	const minutes = new Map<number, number>();
	for (const g of groups) for (const [minute, count] of g.minutes) minutes.set(minute, (minutes.get(minute) ?? 0) + count);
	return [...minutes].sort((a, b) => a[0] - b[0]);
}

/**
 * A rule's step with its placeholders filled: a plain string is prose, an object a command and why. A command
 * whose placeholders have no value (a distribution command when several distributions are possible) is not
 * pasted: the step becomes prose, and its optional clauses say the choices.
 */
function toStep(step: StepConfig, variables: TemplateVariables): Step {
	if (typeof step === 'string') return {command: undefined, why: fillTemplate(step, variables)};
	const why = fillTemplate(step.why, variables);
	if (step.command === undefined) return {command: undefined, why};
	const missing = [...step.command.matchAll(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g)].some((m) => m[1]! in variables && variables[m[1]!] === undefined);
	return missing ? {command: undefined, why} : {command: fillTemplate(step.command, variables), why};
}

const clamp = (value: number): number => Math.min(0.99, Math.max(0.01, Math.round(value * 100) / 100));

type Draft = {config: CompiledFinding; confidence: number; reasoning: Reason[]; groups: HitGroup[]; evidenceGroups: HitGroup[]; preferredOver: {id: string; because: string}[]};

/** Evaluates one pass of finding rules into drafts: requirements, confidence adjustments, evidence. */
function draftFindings(configs: readonly CompiledFinding[], evaluator: ReturnType<typeof makeEvaluator>, context: ApiserverContext, variables: TemplateVariables): Draft[] {
	const {evaluate, matchingGroups} = evaluator;
	const drafts: Draft[] = [];
	for (const config of configs) {
		const required = evaluate(config.compiled.requires);
		if (!required.holds) continue;
		let confidence = config.confidence.base;
		const reasoning: Reason[] = [];
		for (const adjustment of config.compiled.adjust) {
			const result = evaluate(adjustment.when);
			if (!result.holds) continue;
			confidence += adjustment.weight;
			const factDetail = adjustment.when.tag === 'fact' ? context.facts.get(adjustment.when.fact) ?? '' : '';
			reasoning.push({
				stance: adjustment.weight >= 0 ? 'for' : 'against',
				text: fillTemplate(adjustment.reason, {...variables, ...groupVariables(result.groups), fact: factDetail}),
			});
		}

		// A fallback finding shows the lines it stands for, not every line of its signals.
		const evidenceGroups = config.fallback === true ? [...required.groups] : config.compiled.evidence.flatMap((condition) => matchingGroups(condition));
		drafts.push({config, confidence, reasoning, groups: required.groups.length > 0 ? [...required.groups] : evidenceGroups, evidenceGroups, preferredOver: []});
	}

	// Competing findings: a preferred one pushes the other down and says why. A preference with a `when`
	// that holds is stated even when the other finding did not fire: the report then says why the
	// look-alike (the loopback certificate, above all) is not the cause.
	for (const draft of drafts) {
		for (const preference of draft.config.compiled.prefers) {
			const other = drafts.find((d) => d.config.id === preference.over);
			const applies = preference.when === undefined ? other !== undefined : evaluate(preference.when).holds;
			if (!applies) continue;
			const because = fillTemplate(preference.because, variables);
			draft.preferredOver.push({id: preference.over, because});
			if (other === undefined) continue;
			other.confidence -= 0.35;
			other.reasoning.push({stance: 'against', text: `${draft.config.id} explains these lines better: ${because}`});
		}
	}

	return drafts;
}

/** The diagnose stage: evaluates every finding rule against the signals and the context. */
export function evaluateFindings(rules: CompiledRules, state: SignalState, context: ApiserverContext): {findings: Finding[]; ruledOut: RuledOut[]} {
	const variables = contextVariables(context);
	const first = draftFindings(rules.findings.filter((f) => f.fallback !== true), makeEvaluator(state, context, new Set()), context, variables);
	// The never-silent net: fallback findings see only the lines no reported finding stands on.
	const explained = new Set(first.filter((d) => clamp(d.confidence) >= minimumConfidence).flatMap((d) => [...d.groups, ...d.evidenceGroups].map((g) => g.signal)));
	// Symptoms (a 5xx answer) are explained by any incident found: the fallback takes them only when there is none.
	const incident = first.some((d) => clamp(d.confidence) >= minimumConfidence && d.config.severity !== 'info');
	const symptoms = new Set(incident ? rules.signals.filter((s) => s.symptom === true).map((s) => s.id) : []);
	const fallbackEvaluator = makeEvaluator(state, context, explained, symptoms);
	const drafts = [...first, ...draftFindings(rules.findings.filter((f) => f.fallback === true), fallbackEvaluator, context, variables)];
	const {matchingGroups} = fallbackEvaluator;

	const findings: Finding[] = [];
	const ruledOut: RuledOut[] = [];
	for (const draft of drafts) {
		const confidence = clamp(draft.confidence);
		const {config} = draft;
		if (confidence < minimumConfidence) {
			ruledOut.push({id: config.id, title: config.title, confidence, reasons: draft.reasoning.filter((r) => r.stance === 'against').map((r) => r.text)});
			continue;
		}

		const primary = config.fallback === true ? draft.groups : draft.evidenceGroups.length > 0 ? matchingGroups(config.compiled.evidence[0]!) : draft.groups;
		// Without lines of the main evidence, the count is of every evidence line shown (else of what `requires` matched).
		const counted = primary.length > 0 ? primary : draft.evidenceGroups.length > 0 ? draft.evidenceGroups : draft.groups;
		const times = draft.evidenceGroups.flatMap((g) => [g.first, g.last]).filter((t): t is number => t !== undefined);
		const local = {...variables, ...groupVariables(counted)};
		const actions = (context.runMode === 'static-pod' ? config.actions['static-pod'] : context.runMode === 'systemd' ? config.actions.systemd : undefined) ?? config.actions.default;
		findings.push({
			id: config.id,
			title: config.title,
			severity: config.severity,
			confidence,
			summary: fillTemplate(config.summary, local),
			explanation: fillTemplate(config.explanation, local).trim(),
			firstSeen: times.length > 0 ? Math.min(...times) : undefined,
			lastSeen: times.length > 0 ? Math.max(...times) : undefined,
			count: counted.reduce((n, g) => n + g.count, 0),
			evidenceCount: [...new Set(draft.evidenceGroups)].reduce((n, g) => n + g.count, 0),
			reasoning: draft.reasoning,
			evidence: sampleEvidence(draft.evidenceGroups),
			actions: actions.map((a) => toStep(a, local)),
			verify: config.verify.map((v) => toStep(v, local)),
			longTerm: config.longTerm.map((v) => toStep(v, local)),
			references: config.references,
			preferredOver: draft.preferredOver,
			timeline: timelineOf(draft.evidenceGroups),
			rule: config.file,
		});
	}

	findings.sort(compareFindings);
	return {findings, ruledOut};
}
