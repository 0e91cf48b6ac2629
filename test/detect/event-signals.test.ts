import {describe, expect, it} from 'vitest';
import {compileRules} from '../../src/detect/compile-rules.js';
import {collectSignals, createSignalState} from '../../src/detect/collect-signals.js';
import type {LogRecord} from '../../src/parse/record.js';

const file = 'events.yaml';
const rules = (body: string) => compileRules([{name: file, origin: 'user', text: body}]);
const finding = (requires: string, extra = '') => `findings:
  - id: my-finding
    title: T
    severity: warning
    summary: S
    explanation: E
${extra}    requires: ${requires}
    confidence: {base: 0.6}
    evidence:
      - {signal: expired}
    actions:
      default: ['Fix it.']
`;

/** A signal of server certificates rejected as expired, as a rule file writes it. */
const expiredSignal = `  - id: expired
    description: a server certificate rejected as expired
    event: {kind: [expired, expired-or-not-yet-valid], side: client, certificate: server}
`;

const record = (message: string, over: Partial<LogRecord> = {}): LogRecord => ({
	source: '-', line: 1, lineCount: 1, time: Date.parse('2026-11-28T10:00:00Z'), timePrecision: 's', yearFrom: undefined, severity: 'error',
	envelope: 'none', host: undefined, pod: undefined, container: undefined, pid: undefined, unit: undefined,
	message, raw: message, payload: 'plain', ...over,
} as LogRecord);

describe('signals over failure events', () => {
	const text = `family: events
signals:
${expiredSignal}  - id: anything
    description: any certificate failure
    event: {certificate: [server, client, unknown]}
    fallback: true
${finding('{signal: expired, target: etcd}')}`;

	it('compile without literals or a pattern, and feed the pre-filter with the grammar\'s literals', () => {
		const {rules: compiled, issues} = rules(text);
		expect(issues).toEqual([]);
		const signal = compiled.signals.find((s) => s.id === 'expired')!;
		expect(signal.matcher.kind).toBe('event');
		expect(signal.isCertificate).toBe(true);
		expect(compiled.prefilter.find('Get "https://10.0.0.5:2379/health": x509: certificate has expired or is not yet valid')).toBeDefined();
	});

	it('record the event\'s target, port, direction and bound, and the fallback\'s fellow signals', () => {
		const {rules: compiled} = rules(text);
		const state = createSignalState();
		const line = record('Get "https://10.0.0.5:2379/health": x509: certificate has expired or is not yet valid: current time 2026-11-28T10:00:00Z is after 2026-11-27T09:00:00Z');
		const found = compiled.prefilter.find(line.raw)!;
		expect(collectSignals(compiled, state, line, found).sort()).toEqual(['anything', 'expired']);
		const [group] = [...state.signals.get('expired')!.groups.values()];
		expect(group).toMatchObject({target: '10.0.0.5', targetPort: 2379, direction: 'after', reporter: 'unknown', co: []});
		expect([...group!.bounds.keys()]).toEqual([Date.parse('2026-11-27T09:00:00Z')]);
		const [fallback] = [...state.signals.get('anything')!.groups.values()];
		expect(fallback!.co).toEqual(['expired']);
	});

	it('say what is wrong with a signal that has both an event and a pattern, or neither', () => {
		const both = rules(`family: events
signals:
  - id: expired
    description: d
    literals: ['certificate has expired']
    pattern: 'expired'
    event: {kind: expired}
${finding('{signal: expired}')}`);
		expect(both.issues.map((i) => i.path)).toEqual(['signals[0]']);
		const neither = rules(`family: events
signals:
  - id: expired
    description: d
${finding('{signal: expired}')}`);
		expect(neither.issues.length).toBeGreaterThan(0);
	});

	it('reject an unknown event kind and a target group on an event signal', () => {
		const kind = rules(text.replace('kind: [expired, expired-or-not-yet-valid]', 'kind: [expired, melted]'));
		expect(kind.issues[0]?.path).toMatch(/^signals\[0\]\.event\.kind/);
		const target = rules(text.replace('    event: {kind: [expired', '    target: t\n    event: {kind: [expired'));
		expect(target.issues.map((i) => i.message).join('\n')).toMatch(/takes its fields from the event/);
	});

	it('allow unexplained lines only in fallback findings', () => {
		const wrong = rules(text.replace('{signal: expired, target: etcd}', '{unexplained: {signal: anything}}'));
		expect(wrong.issues.map((i) => i.message).join('\n')).toMatch(/only a finding with fallback: true/);
		const right = rules(text.replace('{signal: expired, target: etcd}', '{unexplained: {signal: anything}}').replace('    severity: warning\n', '    severity: warning\n    fallback: true\n'));
		expect(right.issues).toEqual([]);
	});
});

describe('hit groups', () => {
	const text = `family: groups
signals:
${expiredSignal}${finding('{signal: expired}')}`;
	const line = (host: string, port = 2379) => record(`Get "https://${host}:${port}/health": x509: certificate has expired or is not yet valid: current time 2026-11-28T10:00:00Z is after 2026-11-27T09:00:00Z`);

	it('count each line in the group of its own target, however the targets alternate, and fold the ones past the cap into (other), again and again', () => {
		const {rules: compiled} = rules(text);
		const state = createSignalState();
		const feed = (host: string, port?: number): void => {
			const l = line(host, port);
			collectSignals(compiled, state, l, compiled.prefilter.find(l.raw)!);
		};

		for (const host of ['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.1', '10.0.0.2']) feed(host);
		// Right after a line of the same host on another port: a group of its own.
		feed('10.0.0.2', 2380);
		const groups = () => [...state.signals.get('expired')!.groups.values()].map((g) => [g.target, g.targetPort, g.count]);
		expect(groups()).toEqual([['10.0.0.1', 2379, 3], ['10.0.0.2', 2379, 2], ['10.0.0.2', 2380, 1]]);
		// 2000 groups per signal at most: the 2001st target and every line after it that is not of a kept group fold.
		for (let i = 0; i < 1997; i++) feed(`10.1.${i >> 8}.${i & 255}`);
		for (const host of ['10.9.0.1', '10.9.0.1', '10.9.0.2', '10.0.0.2', '10.9.0.1']) feed(host);
		const all = groups();
		expect(all).toHaveLength(2001);
		expect(all.at(-1)).toEqual(['(other)', 2379, 4]);
		expect(all[1]).toEqual(['10.0.0.2', 2379, 3]);
	});
});
