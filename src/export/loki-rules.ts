import type {CompiledRules, CompiledSignal} from '../detect/compile-rules.js';
import type {Condition, SignalCondition} from '../detect/rule-schema.js';
import {fillTemplate} from '../diagnose/fill-template.js';
import {promqlString} from './promql.js';
import {toYaml, type AlertingRule} from './rule-file.js';

export type LokiOptions = {
	/** LogQL stream selector of the apiserver logs. */
	readonly selector: string;
	/** Range of each count_over_time. */
	readonly window: string;
};

/** A finding that could not be written as LogQL, and why. */
export type SkippedFinding = {readonly id: string; readonly reason: string};

export const defaultLokiSelector = '{namespace="kube-system", container="kube-apiserver"}';

// Rule texts mention the apiserver's own context, which a log query does not know: say it in words.
const genericWords: Record<string, string> = {
	start: 'its start',
	expiry: 'the expiry time',
	lifetime: 'its lifetime (365 days, 1096 from 1.33)',
	version: 'its version',
	port: '6443',
	selfIp: 'the node address',
	selfIps: "the node's addresses",
	uptimeDays: 'many',
	lines: 'matching lines',
	count: 'several',
	addresses: 'the addresses in the lines',
	first: 'the first line',
	last: 'the last line',
};

const loopbackTarget = String.raw`https://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?/`;

/** Go RE2 (Loki) reads `(?P<name>…)`; lookarounds and back-references have no RE2 form. */
export function toRe2(pattern: string): string | undefined {
	if (/\(\?<?[=!]/.test(pattern) || /\\[1-9k]/.test(pattern)) return undefined;
	return pattern.replace(/\(\?<([A-Za-z][A-Za-z0-9]*)>/g, '(?P<$1>');
}

function backtick(re2: string): string {
	return re2.includes('`') ? promqlString(re2) : `\`${re2}\``;
}

type Built = {readonly expr: string} | {readonly skip: string};

function signalExpression(condition: SignalCondition, signal: CompiledSignal, options: LokiOptions): Built {
	const roles = (value: SignalCondition['target']): readonly string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
	const peers = roles(condition.peer);
	const targets = roles(condition.target);
	if (peers.some((p) => p !== 'any')) return {skip: `needs to know which connections come from the node itself (peer: ${peers.join(', ')})`};
	const nodeRoles = targets.filter((t) => t !== 'any' && t !== 'apiserver' && t !== 'loopback');
	if (nodeRoles.length > 0) return {skip: `needs the node's own addresses (target: ${nodeRoles.join(', ')})`};
	// The stream selector picks the apiserver's logs: a condition on lines the apiserver wrote is what it selects.
	const reporters = condition.reporter === undefined ? undefined : Array.isArray(condition.reporter) ? condition.reporter : [condition.reporter];
	if (reporters !== undefined && !reporters.includes('apiserver')) return {skip: `needs to know which component wrote each line (${reporters.join(', ')})`};
	if (condition.minDuration !== undefined) return {skip: `compares a duration read from the line (minDuration: ${condition.minDuration})`};
	if (signal.matcher.kind === 'event') return {skip: 'reads failure events from the TLS/x509 error grammar, which a log query cannot'};
	if (signal.literals.length === 0) return {skip: 'runs on every line of a severity'};
	const re2 = toRe2(signal.matcher.pattern);
	if (re2 === undefined) return {skip: 'its pattern has no RE2 form'};
	const filters = [signal.literals.length === 1 ? `|= ${promqlString(signal.literals[0]!)}` : `|~ ${backtick(signal.literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))}`, `|~ ${backtick(re2)}`];
	if (targets.includes('apiserver') || targets.includes('loopback')) filters.push(`|~ ${backtick(loopbackTarget)}`);
	const directions = condition.direction === undefined ? undefined : Array.isArray(condition.direction) ? condition.direction : [condition.direction];
	if (directions !== undefined && directions.length < 3) {
		if (!directions.includes('before')) filters.push('!~ `is before [0-9]`');
		if (!directions.includes('after')) filters.push('!~ `is after [0-9]`');
		if (!directions.includes('absent')) filters.push('|~ `is (after|before) [0-9]`');
	}

	const window = condition.within ?? options.window;
	return {expr: `sum by (namespace, pod) (count_over_time(${options.selector} ${filters.join(' ')} [${window}])) >= ${condition.min ?? 1}`};
}

function expressionOf(condition: Condition, rules: CompiledRules, options: LokiOptions): Built {
	if ('signal' in condition) {
		const signal = rules.signals.find((s) => s.id === condition.signal);
		return signal === undefined ? {skip: `unknown signal ${condition.signal}`} : signalExpression(condition, signal, options);
	}

	if ('any' in condition || 'all' in condition) {
		const parts = ('any' in condition ? condition.any : condition.all).map((c) => expressionOf(c, rules, options));
		const usable = parts.filter((p): p is {expr: string} => 'expr' in p);
		// `any` keeps the branches a log query can answer; `all` needs every one of them.
		if ('all' in condition && usable.length < parts.length) return parts.find((p) => 'skip' in p)!;
		if (usable.length === 0) return parts[0] ?? {skip: 'empty condition'};
		return {expr: usable.map((p) => `(${p.expr})`).join('any' in condition ? ' or ' : ' and on (namespace, pod) ')};
	}

	if ('fact' in condition) return {skip: `needs a fact about the apiserver (${condition.fact})`};
	return {skip: 'combines signals in time or by address'};
}

function alertName(id: string): string {
	return `Kubesleuth${id.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
}

/** Loki ruler rules for the built-in (and user) findings that a log query can express, with the same ids, severities and explanations. */
export function buildLokiRules(rules: CompiledRules, options: LokiOptions): {rules: AlertingRule[]; skipped: SkippedFinding[]} {
	const alerts: AlertingRule[] = [];
	const skipped: SkippedFinding[] = [];
	for (const finding of rules.findings) {
		const built = expressionOf(finding.requires, rules, options);
		if ('skip' in built) {
			skipped.push({id: finding.id, reason: built.skip});
			continue;
		}

		alerts.push({
			alert: alertName(finding.id),
			expr: built.expr,
			for: '0m',
			labels: {severity: finding.severity, kubesleuth_id: finding.id},
			annotations: {
				summary: finding.title,
				description: fillTemplate(finding.explanation.replace(/\s+/g, ' ').trim(), genericWords),
				runbook: `Run kubesleuth on the node of {{ $labels.pod }} for the evidence and what to do: kubesleuth /var/log/pods/`,
			},
		});
	}

	return {rules: alerts, skipped};
}

export function renderLokiRules(rules: CompiledRules, options: LokiOptions): string {
	const {rules: alerts, skipped} = buildLokiRules(rules, options);
	const header = [
		'# Loki ruler rules for kubesleuth\'s log signatures: put this file in the ruler\'s rules directory (per tenant).',
		`# Stream selector: ${options.selector} (change it with --selector to match how your apiserver logs are labelled).`,
		...skipped.map((s) => `# Not expressible as a log query, so left to kubesleuth itself: ${s.id} (${s.reason}).`),
	];
	return `${header.join('\n')}\n${toYaml({groups: [{name: 'kubesleuth-log-signatures', rules: alerts}]})}`;
}
