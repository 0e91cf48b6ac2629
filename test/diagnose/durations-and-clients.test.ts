import {describe, expect, it} from 'vitest';
import {diagnoseWithRule} from '../helpers/diagnose-paths.js';
import {compileRules} from '../../src/detect/compile-rules.js';
import {findUnsafePattern} from '../../src/detect/pattern-safety.js';

// A signal whose lines say how long something took, and who asked: `minDuration` counts only the lines at
// least that long; `{longest}` and `{clients}` name the longest and the busiest clients.
const rules = (requires: string) => `family: slow
signals:
  - id: slow-call
    description: a call that took long
    literals: ['call took too long']
    pattern: 'call took too long \\((?<took>[0-9.]+[µa-z]+)\\)(?: from (?<agent>\\S+))?'
    duration: took
    client: agent
findings:
  - id: slow-calls
    title: Calls are slow
    severity: warning
    summary: 'Calls are slow ({lines}, up to {longest}; clients {clients})'
    explanation: slow
    requires: ${requires}
    confidence: {base: 0.8}
    evidence: [{signal: slow-call}]
    actions: {default: ['look']}
`;

const diagnose = (ruleText: string, lines: readonly string[]) => diagnoseWithRule('slow.yaml', ruleText, lines);

const line = (second: number, took: string, agent = 'kubectl/v1.31.4') => `W1128 08:00:${String(second).padStart(2, '0')}.000000       1 x.go:1] call took too long (${took}) from ${agent}`;
const busy = [line(1, '120ms'), line(2, '150ms'), line(3, '180ms'), line(4, '1.5s', 'operator/v2'), line(5, '2.1s', 'operator/v2'), line(6, '900ms', 'operator/v2')];

describe('minDuration', () => {
	it('counts only the lines that took at least that long, inside the window', async () => {
		const three = await diagnose(rules('{signal: slow-call, min: 3, within: 10m, minDuration: 500ms}'), busy);
		expect(three.findings.map((f) => f.id)).toEqual(['slow-calls']);
		const four = await diagnose(rules('{signal: slow-call, min: 4, within: 10m, minDuration: 500ms}'), busy);
		expect(four.findings).toEqual([]);
	});

	it('keeps each threshold exact when several conditions ask different ones of the same signal', async () => {
		// 150ms or more: 150ms, 180ms, 1.5s, 2.1s and 900ms; 1s or more: 1.5s and 2.1s.
		const both = '{all: [{signal: slow-call, min: 2, minDuration: 1s}, {signal: slow-call, min: 6, minDuration: 150ms}]}';
		expect((await diagnose(rules(both), busy)).findings).toEqual([]);
		const lower = '{all: [{signal: slow-call, min: 2, minDuration: 1s}, {signal: slow-call, min: 5, minDuration: 150ms}]}';
		expect((await diagnose(rules(lower), busy)).findings.map((f) => f.id)).toEqual(['slow-calls']);
	});

	it('never holds for lines without a readable duration', async () => {
		const report = await diagnose(rules('{signal: slow-call, minDuration: 1ms}'), ['W1128 08:00:01.000000       1 x.go:1] call took too long (soon) from a']);
		expect(report.findings).toEqual([]);
	});

	it('fills {longest} and {clients}, busiest client first', async () => {
		const [finding] = (await diagnose(rules('{signal: slow-call}'), busy)).findings;
		expect(finding?.summary).toBe('Calls are slow (6 lines, up to 2.10 s; clients kubectl/v1.31.4 (3 lines), operator/v2 (3 lines))');
		const more = await diagnose(rules('{signal: slow-call}'), [...busy, line(7, '1s', 'operator/v2')]);
		expect(more.findings[0]?.summary).toContain('clients operator/v2 (4 lines), kubectl/v1.31.4 (3 lines)');
	});

	it('is refused on a signal that names no duration group', async () => {
		const text = rules('{signal: slow-call, minDuration: 1s}').replace('    duration: took\n', '');
		const {issues} = compileRules([{name: 'slow.yaml', text, origin: 'user'}], {checkPattern: findUnsafePattern});
		expect(issues).toEqual([{file: 'slow.yaml', path: 'findings[0].requires.minDuration', message: 'signal "slow-call" names no duration group, so its lines have no duration to compare'}]);
	});

	it('is refused when the duration or client group is not in the pattern', async () => {
		const {issues} = compileRules([{name: 'slow.yaml', text: rules('{signal: slow-call}').replace('duration: took', 'duration: took2').replace('client: agent', 'client: who'), origin: 'user'}], {checkPattern: findUnsafePattern});
		expect(issues.map((i) => i.path).sort()).toEqual(['signals[0].client', 'signals[0].duration']);
	});
});

describe('conditions that ask one signal twice', () => {
	it('count each matching line once', async () => {
		const twice = '{any: [{signal: slow-call, min: 2, minDuration: 1s}, {signal: slow-call, min: 3, minDuration: 500ms}]}';
		const text = rules('{signal: slow-call}').replace('    confidence: {base: 0.8}\n', `    confidence:\n      base: 0.8\n      adjust:\n        - when: ${twice}\n          weight: 0.1\n          reason: 'slow ones: {lines}'\n`);
		const [finding] = (await diagnose(text, busy)).findings;
		expect(finding?.reasoning).toEqual([{stance: 'for', text: 'slow ones: 3 lines'}]);
	});
});
