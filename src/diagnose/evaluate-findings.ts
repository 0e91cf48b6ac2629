import type {CompiledFinding, CompiledRules} from '../detect/compile-rules.js';
import type {HitGroup, SignalState} from '../detect/collect-signals.js';
import type {EvidenceLine} from '../detect/evidence-line.js';
import type {Condition, SignalCondition, StepConfig} from '../detect/rule-schema.js';
import {isLoopbackAddress} from '../correlate/address.js';
import {addressRole, type ApiserverContext} from '../correlate/build-context.js';
import type {Finding, Reason, RuledOut, Step} from './finding.js';
import {fillTemplate, contextVariables, type TemplateVariables} from './fill-template.js';

/** Findings whose confidence ends below this are reported as ruled out, not as findings. */
export const minimumConfidence = 0.3;
const evidenceSample = 12;

type Evaluation = {readonly holds: boolean; readonly groups: readonly HitGroup[]};

function parseDuration(text: string): number {
	const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
	if (!m) return 0;
	const unit = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000}[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
	return Number(m[1]) * unit;
}

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

function makeEvaluator(state: SignalState, context: ApiserverContext) {
	const self = new Set(context.selfAddresses.map((a) => a.ip));
	const roleMatches = (wanted: SignalCondition['target'], actual: ReturnType<typeof addressRole>): boolean => {
		if (wanted === undefined || wanted === 'any') return wanted === undefined || actual !== undefined;
		if (wanted === 'self') return actual === 'self' || actual === 'apiserver' || actual === 'loopback';
		if (wanted === 'loopback') return actual === 'loopback' || actual === 'apiserver';
		return actual === wanted;
	};

	const peerRole = (peer: string | undefined): ReturnType<typeof addressRole> => {
		if (peer === undefined) return undefined;
		if (self.has(peer) || isLoopbackAddress(peer)) return isLoopbackAddress(peer) ? 'loopback' : 'self';
		return 'foreign';
	};

	const matchingGroups = (condition: SignalCondition): HitGroup[] => {
		const directions = condition.direction === undefined ? undefined : Array.isArray(condition.direction) ? condition.direction : [condition.direction];
		return [...(state.signals.get(condition.signal)?.groups.values() ?? [])].filter(
			(g) =>
				roleMatches(condition.target, addressRole(g.target, g.targetPort, self, context.securePort)) &&
				(condition.peer === undefined || roleMatches(condition.peer === 'apiserver' ? 'self' : condition.peer, peerRole(g.peer))) &&
				(directions === undefined || directions.includes(g.direction)),
		);
	};

	const evaluate = (condition: Condition): Evaluation => {
		if ('signal' in condition) {
			const groups = matchingGroups(condition);
			const min = condition.min ?? 1;
			const count = condition.within === undefined ? groups.reduce((n, g) => n + g.count, 0) : maxInWindow(groups, parseDuration(condition.within));
			return {holds: count >= min, groups};
		}

		if ('fact' in condition) return {holds: context.facts.has(condition.fact), groups: []};
		if ('all' in condition) {
			const parts = condition.all.map(evaluate);
			return {holds: parts.every((p) => p.holds), groups: parts.flatMap((p) => p.groups)};
		}

		if ('any' in condition) {
			const parts = condition.any.map(evaluate).filter((p) => p.holds);
			return {holds: parts.length > 0, groups: parts.flatMap((p) => p.groups)};
		}

		if ('not' in condition) return {holds: !evaluate(condition.not).holds, groups: []};
		if ('cooccur' in condition) {
			const a = matchingGroups(condition.cooccur[0]);
			const b = matchingGroups(condition.cooccur[1]);
			const span = Math.max(1, Math.ceil(parseDuration(condition.within) / 60_000));
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

		if ('precedes' in condition) {
			const first = (groups: HitGroup[]): number => Math.min(...groups.map((g) => g.first ?? Number.POSITIVE_INFINITY));
			const a = matchingGroups(condition.precedes[0]);
			const b = matchingGroups(condition.precedes[1]);
			const holds = a.length > 0 && b.length > 0 && first(a) < first(b);
			return {holds, groups: holds ? [...a, ...b] : []};
		}

		const targets = matchingGroups(condition.sameAddress.target);
		const peers = matchingGroups(condition.sameAddress.peer);
		const targetSet = new Set(targets.map((g) => g.target));
		const shared = peers.filter((g) => g.peer !== undefined && targetSet.has(g.peer));
		const sharedSet = new Set(shared.map((g) => g.peer));
		return {holds: shared.length > 0, groups: [...targets.filter((g) => sharedSet.has(g.target)), ...shared]};
	};

	return {evaluate, matchingGroups};
}

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
		const address = g.peer ?? g.target;
		if (address === undefined) continue;
		const seen = byAddress.get(address) ?? {count: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY};
		byAddress.set(address, {count: seen.count + g.count, first: Math.min(seen.first, g.first ?? Number.POSITIVE_INFINITY), last: Math.max(seen.last, g.last ?? Number.NEGATIVE_INFINITY)});
	}

	if (byAddress.size === 0) return 'no address';
	const parts = [...byAddress]
		.sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
		.map(([address, {count, first, last}]) => {
			const times = count === 1 ? 'once' : `${count} times`;
			return count > 1 && Number.isFinite(first) && last > first ? `${address} (${times}, about every ${roughInterval((last - first) / (count - 1))})` : `${address} (${times})`;
		});
	return parts.length > 8 ? `${parts.slice(0, 8).join(', ')} and ${parts.length - 8} more` : parts.join(', ');
}

/** `{count}`, `{lines}`, `{addresses}`, `{addressRates}`, `{first}`, `{last}` of the lines a condition matched; undefined when the lines do not tell. */
function groupVariables(groups: readonly HitGroup[]): Record<string, string | undefined> {
	const count = groups.reduce((n, g) => n + g.count, 0);
	const addresses = [...new Set(groups.flatMap((g) => [g.peer ?? g.target].filter((a): a is string => a !== undefined)))];
	const first = Math.min(...groups.map((g) => g.first ?? Number.POSITIVE_INFINITY));
	const last = Math.max(...groups.map((g) => g.last ?? Number.NEGATIVE_INFINITY));
	const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined);
	return {
		count: count.toLocaleString('en-US'),
		lines: count === 1 ? '1 line' : `${count.toLocaleString('en-US')} lines`,
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

	lines.sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.source.localeCompare(b.source) || a.line - b.line);
	if (lines.length <= evidenceSample) return lines;
	const half = evidenceSample / 2;
	return [...lines.slice(0, half), ...lines.slice(-half)];
}

function timelineOf(groups: readonly HitGroup[]): [number, number][] {
	const minutes = new Map<number, number>();
	for (const g of groups) for (const [minute, count] of g.minutes) minutes.set(minute, (minutes.get(minute) ?? 0) + count);
	return [...minutes].sort((a, b) => a[0] - b[0]);
}

/** A rule's step with its placeholders filled: a plain string is prose, an object a command and why. */
function toStep(step: StepConfig, variables: TemplateVariables): Step {
	return typeof step === 'string'
		? {command: undefined, why: fillTemplate(step, variables)}
		: {command: step.command === undefined ? undefined : fillTemplate(step.command, variables), why: fillTemplate(step.why, variables)};
}

const clamp = (value: number): number => Math.min(0.99, Math.max(0.01, Math.round(value * 100) / 100));

/** The diagnose stage: evaluates every finding rule against the signals and the context. */
export function evaluateFindings(rules: CompiledRules, state: SignalState, context: ApiserverContext): {findings: Finding[]; ruledOut: RuledOut[]} {
	const {evaluate, matchingGroups} = makeEvaluator(state, context);
	const variables = contextVariables(context);
	type Draft = {config: CompiledFinding; confidence: number; reasoning: Reason[]; groups: HitGroup[]; evidenceGroups: HitGroup[]; preferredOver: {id: string; because: string}[]};
	const drafts: Draft[] = [];
	for (const config of rules.findings) {
		const required = evaluate(config.requires);
		if (!required.holds) continue;
		let confidence = config.confidence.base;
		const reasoning: Reason[] = [];
		for (const adjustment of config.confidence.adjust) {
			const result = evaluate(adjustment.when);
			if (!result.holds) continue;
			confidence += adjustment.weight;
			const factDetail = 'fact' in adjustment.when ? context.facts.get(adjustment.when.fact) ?? '' : '';
			reasoning.push({
				stance: adjustment.weight >= 0 ? 'for' : 'against',
				text: fillTemplate(adjustment.reason, {...variables, ...groupVariables(result.groups), fact: factDetail}),
			});
		}

		const evidenceGroups = config.evidence.flatMap((condition) => matchingGroups(condition));
		drafts.push({config, confidence, reasoning, groups: required.groups.length > 0 ? [...required.groups] : evidenceGroups, evidenceGroups, preferredOver: []});
	}

	// Competing findings: a preferred one pushes the other down and says why. A preference with a `when`
	// that holds is stated even when the other finding did not fire: the report then says why the
	// look-alike (the loopback certificate, above all) is not the cause.
	for (const draft of drafts) {
		for (const preference of draft.config.prefers) {
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

	const findings: Finding[] = [];
	const ruledOut: RuledOut[] = [];
	for (const draft of drafts) {
		const confidence = clamp(draft.confidence);
		const {config} = draft;
		if (confidence < minimumConfidence) {
			ruledOut.push({id: config.id, title: config.title, confidence, reasons: draft.reasoning.filter((r) => r.stance === 'against').map((r) => r.text)});
			continue;
		}

		const primary = draft.evidenceGroups.length > 0 ? matchingGroups(config.evidence[0]!) : draft.groups;
		const counted = primary.length > 0 ? primary : draft.groups;
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

	const severityRank = {critical: 0, warning: 1, info: 2} as const;
	findings.sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || b.confidence - a.confidence || b.count - a.count);
	return {findings, ruledOut};
}
