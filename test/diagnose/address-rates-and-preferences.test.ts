import {describe, expect, it} from 'vitest';
import {diagnoseWithRule} from '../helpers/diagnose-paths.js';
import type {HitGroup} from '../../src/detect/collect-signals.js';
import {addressRates} from '../../src/diagnose/evaluate-findings.js';

const group = (peer: string, count: number, first: number, last: number): HitGroup => ({
	target: undefined,
	targetPort: undefined,
	peer,
	direction: 'absent',
	count,
	first,
	last,
	head: [],
	tail: [],
	minutes: new Map(),
	bounds: new Map(),
});

describe('the {addressRates} placeholder', () => {
	it('names each address, busiest first, with its count and typical interval, merging groups of one address', () => {
		const t = Date.parse('2026-11-28T07:40:00Z');
		const text = addressRates([group('10.0.0.9', 1, t, t), group('35.191.1.224', 40, t, t + 39 * 5000), group('35.191.1.224', 44, t + 200_000, t + 415_000), group('10.0.0.8', 3, t, t + 240_000)]);
		expect(text).toBe('35.191.1.224 (84 times, about every 5 s), 10.0.0.8 (3 times, about every 2 min), 10.0.0.9 (once)');
	});

	it('says so when no line carries an address', () => {
		expect(addressRates([])).toBe('no address');
	});
});

const rules = (preferenceWhen: string) => `family: pair
signals:
  - id: left-signal
    description: left
    literals: ['left thing broke']
    pattern: 'left thing broke'
  - id: right-signal
    description: right
    literals: ['right thing broke']
    pattern: 'right thing broke'
findings:
  - id: left-finding
    title: Left
    severity: warning
    summary: left
    explanation: left
    requires: {signal: left-signal}
    confidence: {base: 0.8}
    evidence: [{signal: left-signal}]
    actions: {default: ['fix left']}
    prefers:
      - over: right-finding
${preferenceWhen}        because: 'the left explains it'
  - id: right-finding
    title: Right
    severity: warning
    summary: right
    explanation: right
    requires: {signal: right-signal}
    confidence: {base: 0.6}
    evidence: [{signal: right-signal}]
    actions: {default: ['fix right']}
`;

const diagnose = (ruleText: string, lines: readonly string[]) => diagnoseWithRule('pair.yaml', ruleText, lines);

describe('preferences', () => {
	it('push the other finding down and say why when both fire', async () => {
		const report = await diagnose(rules(''), ['E1128 08:00:00.000000       1 x.go:1] left thing broke', 'E1128 08:00:01.000000       1 x.go:1] right thing broke']);
		expect(report.findings.find((f) => f.id === 'left-finding')?.preferredOver).toEqual([{id: 'right-finding', because: 'the left explains it'}]);
		const right = report.ruledOut.find((r) => r.id === 'right-finding');
		expect(right?.confidence).toBe(0.25);
		expect(right?.reasons).toEqual(['left-finding explains these lines better: the left explains it']);
	});

	it('are stated when their condition holds even if the other finding did not fire', async () => {
		const report = await diagnose(rules('        when: {signal: left-signal}\n'), ['E1128 08:00:00.000000       1 x.go:1] left thing broke']);
		expect(report.findings.map((f) => f.id)).toEqual(['left-finding']);
		expect(report.findings[0]?.preferredOver).toEqual([{id: 'right-finding', because: 'the left explains it'}]);
	});

	it('without a condition are not stated when the other finding did not fire', async () => {
		const report = await diagnose(rules(''), ['E1128 08:00:00.000000       1 x.go:1] left thing broke']);
		expect(report.findings[0]?.preferredOver).toEqual([]);
	});
});
