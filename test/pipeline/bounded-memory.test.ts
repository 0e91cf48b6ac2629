import {describe, expect, it} from 'vitest';
import {loadRules} from '../../src/cli/load-rules.js';
import {maxGroupsTotal, maxMinutesTotal} from '../../src/detect/collect-signals.js';
import {maxEvidenceText, toEvidenceLine} from '../../src/detect/evidence-line.js';
import type {LogRecord} from '../../src/parse/record.js';
import {createDiagnosisSession, maxNodes, otherNodes, type SourceChunk} from '../../src/pipeline/diagnosis-session.js';
import {textChunk} from '../../src/source/source-chunk.js';
// @ts-expect-error: a plain ES module shared with `npm run bench`, which runs without a TypeScript loader.
import {amplificationLine, paddingBlock} from '../bench/generate-amplification.mjs';

const line = amplificationLine as (i: number, length?: number, block?: string) => string;

/** The hostile lines, made on the fly, a few to a chunk as the file reader hands them over. */
async function* hostileChunks(count: number, length: number): AsyncGenerator<SourceChunk> {
	const block = (paddingBlock as () => string)();
	for (let i = 0; i < count; i += 8) {
		let text = '';
		for (let j = i; j < Math.min(count, i + 8); j++) text += line(j, length, block) + '\n';
		yield textChunk(text);
	}
}

async function diagnoseHostile(count: number, length: number, retainedTextLimit?: number) {
	const {rules} = await loadRules([]);
	const session = createDiagnosisSession({rules, now: Date.parse('2026-11-28T12:00:00Z'), timeZone: 'utc', retainedTextLimit});
	await session.scan({name: 'hostile.log', kind: 'file', local: false}, hostileChunks(count, length));
	return {report: session.report(), retained: session.retained()};
}

describe('memory under amplification (long lines matching many signals with distinct targets and bounds)', () => {
	it('keeps the evidence text within its budget and still reports', async () => {
		// 400 lines of 64 KB = 25 MB of log; unbounded, each line would be kept once per signal and per bound.
		const limit = 1_000_000;
		const {report, retained} = await diagnoseHostile(400, 64_000, limit);
		expect(report.verdict).toBe('incident');
		expect(report.findings.map((f) => f.id)).toContain('webhook-failure');
		expect(retained.evidenceChars).toBeGreaterThan(limit / 2);
		expect(retained.evidenceChars).toBeLessThanOrEqual(limit);
		expect(retained.cutLines).toBeGreaterThan(0);
		const evidence = report.findings.flatMap((f) => f.evidence);
		expect(evidence.length).toBeGreaterThan(0);
		for (const e of evidence) {
			expect(e.text.length).toBeLessThanOrEqual(maxEvidenceText);
			// A cut line says how much of it is left out, and its location points to the rest.
			expect(e.cut).toBeGreaterThan(0);
			expect(e.line).toBeGreaterThan(0);
		}
	});

	it('folds the nodes past the cap into one and says so', async () => {
		const {report, retained} = await diagnoseHostile(maxNodes + 40, 2000);
		expect(retained.nodes).toBe(maxNodes + 1);
		expect(report.nodes.map((n) => n.name)).toContain(otherNodes);
		expect(report.nodes).toHaveLength(maxNodes + 1);
		expect(report.warnings.join('\n')).toContain(`more than ${maxNodes} node names`);
		// The folded nodes' lines are not lost: their findings are those of the other-nodes state.
		expect(report.findings.some((f) => f.node === otherNodes)).toBe(true);
	});

	it('bounds hit groups and per-minute counts across nodes', async () => {
		const {retained} = await diagnoseHostile(3000, 600);
		expect(retained.groups).toBeGreaterThan(1000);
		// Past the cap a node adds at most one `(other)` group per signal and direction.
		expect(retained.groups).toBeLessThan(maxGroupsTotal * 1.1);
		expect(retained.minutes).toBeLessThanOrEqual(maxMinutesTotal);
	});
});

describe('an evidence line', () => {
	const record = (raw: string): LogRecord => ({source: 's', line: 7, time: undefined, raw, host: undefined, pod: undefined}) as unknown as LogRecord;

	it('keeps a short line whole', () => {
		const e = toEvidenceLine(record('short line'));
		expect(e.text).toBe('short line');
		expect(e.cut).toBeUndefined();
	});

	it('cuts a long line at a separator, so a token is left out whole rather than halved', () => {
		const token = 'T'.repeat(300);
		const raw = `${'a'.repeat(maxEvidenceText - 100)} token=${token} rest`;
		const e = toEvidenceLine(record(raw));
		expect(e.text).toBe('a'.repeat(maxEvidenceText - 100));
		expect(e.cut).toBe(raw.length - e.text.length);
	});

	it('keeps only its location once the budget is spent', () => {
		const retained = {chars: 0, cutLines: 0, limit: 5000};
		const first = toEvidenceLine(record('x'.repeat(maxEvidenceText)), retained);
		const second = toEvidenceLine(record('y'.repeat(maxEvidenceText)), retained);
		const third = toEvidenceLine(record('z'.repeat(maxEvidenceText)), retained);
		expect(first.text.length).toBe(maxEvidenceText);
		expect(second.text.length).toBeLessThanOrEqual(160);
		expect(retained.chars).toBeLessThanOrEqual(5000);
		expect(third.line).toBe(7);
		expect(retained.cutLines).toBe(2);
	});
});
