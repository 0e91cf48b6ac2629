import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {parse} from 'yaml';
import {describe, expect, it} from 'vitest';
import {loadRules} from '../../src/cli/load-rules.js';
import {compileRules} from '../../src/detect/compile-rules.js';
import {findUnsafePattern} from '../../src/detect/pattern-safety.js';
import {buildLokiRules, defaultLokiSelector, renderLokiRules, toRe2} from '../../src/export/loki-rules.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');

function filesUnder(target: string): string[] {
	if (statSync(target).isFile()) return [target];
	return readdirSync(target, {recursive: true, withFileTypes: true})
		.filter((entry) => entry.isFile())
		.map((entry) => path.join(entry.parentPath, entry.name));
}

type Filter = {readonly op: '|=' | '!=' | '|~' | '!~'; readonly value: string};

/** The line filters of each count_over_time in a LogQL expression, as a Loki ruler would apply them. */
function lineFilterSets(expr: string): Filter[][] {
	const sets: Filter[][] = [];
	for (const [, body] of expr.matchAll(/count_over_time\(\{[^}]*\}(.*?)\[\d+[smhd]\]\)/g)) {
		const filters: Filter[] = [];
		for (const m of body!.matchAll(/(\|=|!=|\|~|!~) (`[^`]*`|"(?:[^"\\]|\\.)*")/g)) {
			const raw = m[2]!;
			const value = raw.startsWith('`') ? raw.slice(1, -1) : (JSON.parse(raw) as string);
			filters.push({op: m[1] as Filter['op'], value});
		}

		sets.push(filters);
	}

	return sets;
}

function passes(line: string, filters: readonly Filter[]): boolean {
	return filters.every(({op, value}) => {
		// RE2's named groups written the JavaScript way, to test the same expression here.
		const regex = () => new RegExp(value.replace(/\(\?P</g, '(?<'));
		switch (op) {
			case '|=':
				return line.includes(value);
			case '!=':
				return !line.includes(value);
			case '|~':
				return regex().test(line);
			case '!~':
				return !regex().test(line);
			default:
				return op satisfies never;
		}
	});
}

describe('kubesleuth export loki', async () => {
	const {rules, issues} = await loadRules([]);
	const options = {selector: defaultLokiSelector, window: '5m'};
	const {rules: alerts, skipped} = buildLokiRules(rules, options);

	it('writes a Loki ruler file with the fields the ruler requires', () => {
		expect(issues).toEqual([]);
		const text = renderLokiRules(rules, options);
		const file = parse(text) as {groups: {name: string; rules: {alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string>}[]}[]};
		expect(file.groups).toHaveLength(1);
		expect(file.groups[0]!.name).toBe('kubesleuth-log-signatures');
		for (const rule of file.groups[0]!.rules) {
			expect(rule.alert).toMatch(/^Kubesleuth[A-Za-z0-9]+$/);
			expect(rule.expr).toContain(`count_over_time(${defaultLokiSelector}`);
			expect(rule.expr).not.toMatch(/\(\?<[A-Za-z]/);
			expect(['critical', 'warning', 'info']).toContain(rule.labels['severity']);
			expect(rules.findings.map((f) => f.id)).toContain(rule.labels['kubesleuth_id']);
			expect(rule.annotations['summary']).toBe(rules.findings.find((f) => f.id === rule.labels['kubesleuth_id'])?.title);
			expect(rule.annotations['description']).not.toMatch(/\{[a-zA-Z]+\}/);
		}

		for (const skip of skipped) expect(text).toContain(`# Not expressible as a log query, so left to kubesleuth itself: ${skip.id}`);
	});

	it('exports the loopback certificate failure, limited to requests to loopback addresses', () => {
		const loopback = alerts.find((a) => a.labels['kubesleuth_id'] === 'apiserver-loopback-cert-expired');
		expect(loopback?.labels['severity']).toBe('critical');
		expect(loopback?.expr).toContain('127\\.0\\.0\\.1|localhost');
		expect(skipped.map((s) => s.id)).toContain('apiserver-loopback-cert-expiring');
	});

	it('leaves out conditions that compare durations read from the line (minDuration), and says so', () => {
		const text = `family: slow
signals:
  - id: slow-call
    description: a call that took long
    literals: ['call took too long']
    pattern: 'call took too long \\((?<took>[0-9.]+m?s)\\)'
    duration: took
findings:
  - id: slow-calls
    title: Calls are slow
    severity: warning
    summary: slow
    explanation: slow
    requires: {signal: slow-call, min: 3, minDuration: 1s}
    confidence: {base: 0.8}
    evidence: [{signal: slow-call}]
    actions: {default: ['look']}
`;
		const compiled = compileRules([{name: 'slow.yaml', text, origin: 'user'}], {checkPattern: findUnsafePattern});
		expect(compiled.issues).toEqual([]);
		const built = buildLokiRules(compiled.rules, options);
		expect(built.rules).toEqual([]);
		expect(built.skipped).toEqual([{id: 'slow-calls', reason: 'compares a duration read from the line (minDuration: 1s)'}]);
	});

	it('turns JavaScript named groups into RE2 ones and refuses lookarounds', () => {
		expect(toRe2('from (?<peer>[0-9.]+):')).toBe('from (?P<peer>[0-9.]+):');
		expect(toRe2('a(?=b)')).toBeUndefined();
		expect(toRe2('(?<!x)y')).toBeUndefined();
	});

	// For every exported alert: among the fixtures on which kubesleuth reports that finding, one has lines its
	// filters match. (A finding can also stand on failure events, which a log query cannot read: the alert
	// covers the part of it that has a pattern.)
	const cases = [...readdirSync(path.join(fixtures, 'incidents')).map((d) => path.join(fixtures, 'incidents', d)), path.join(fixtures, 'demo'), ...readdirSync(path.join(fixtures, 'realworld')).filter((n) => n.endsWith('.log')).map((n) => path.join(fixtures, 'realworld', n))];
	const positives = new Map<string, string[]>();
	for (const target of cases) {
		const report = await diagnosePaths([target]);
		for (const finding of report.findings) positives.set(finding.id, [...(positives.get(finding.id) ?? []), target]);
	}

	it.each(alerts.map((a) => [a.labels['kubesleuth_id']!, a] as const))('%s: the line filters match one of its positive fixtures', (id, alert) => {
		const fixtures = positives.get(id);
		expect(fixtures, `no fixture yields ${id}`).toBeDefined();
		const lines = fixtures!.flatMap((fixture) => filesUnder(fixture).flatMap((file) => readFileSync(file, 'utf8').split('\n')));
		const sets = lineFilterSets(alert.expr);
		expect(sets.length).toBeGreaterThan(0);
		expect(sets.some((filters) => lines.some((line) => passes(line, filters)))).toBe(true);
	});
});
