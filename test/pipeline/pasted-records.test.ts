import path from 'node:path';
import {Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {feedSources} from '../../src/cli/feed-sources.js';
import {loadRules} from '../../src/cli/load-rules.js';
import {createDiagnosisSession} from '../../src/pipeline/diagnosis-session.js';

const exampleRule = path.resolve(import.meta.dirname, '../../fixtures/rules/example-user-rule.yaml');
const timeout = (second: string): string => `E1128 08:40:${second}.238354       1 writers.go:122] "Unhandled Error" err="apiserver was unable to write a JSON response: http: Handler timeout" logger="UnhandledError"`;

describe('several klog records pasted onto one line', () => {
	it('each piece is matched against the rules with the line\'s literals', async () => {
		const {rules, issues} = await loadRules([exampleRule]);
		expect(issues).toEqual([]);
		const session = createDiagnosisSession({rules, now: Date.parse('2026-11-28T12:00:00Z'), year: 2026, timeZone: 'utc'});
		// The example rule needs three handler timeouts within ten minutes: all three are on line 2.
		const text = `I1128 08:39:58.100211       1 trace.go:236] before\n${timeout('08')} ${timeout('18')} ${timeout('28')}\nI1128 08:41:00.000000       1 trace.go:236] after\n`;
		await feedSources(session, [{type: 'stdin'}], {maxLineBytes: 64 * 1024, stdin: Readable.from([Buffer.from(text)])});
		const report = session.report();
		expect(report.sources[0]).toMatchObject({lines: 3, records: 5});
		expect(report.findings.map((finding) => finding.id)).toContain('apiserver-request-timeouts');
	});
});
