import fc from 'fast-check';
import {expect, test} from 'vitest';
import {fixtureLines, parseLines} from './parse-fixture.js';

const samples = [
	...fixtureLines('formats/journald-short.log'),
	...fixtureLines('formats/cri-containerd.log'),
	...fixtureLines('formats/docker-json.log'),
	...fixtureLines('formats/journald.json'),
	...fixtureLines('formats/k8s-json.log'),
	...fixtureLines('formats/kubectl-prefix.log'),
	...fixtureLines('formats/klog-file-header.log'),
];

// Realistic lines cut and spliced at random points, plus arbitrary strings.
const line = fc.oneof(
	fc.string({unit: 'binary', maxLength: 200}),
	fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.string({maxLength: 20})).map(([sample, cut, tail]) => sample.slice(0, cut % (sample.length + 1)) + tail),
	fc.constantFrom(...samples),
	fc.constantFrom('\u0000\u0000\u0000', '\uFFFD\uFFFD', '{', '{"', '\u001E{"MESSAGE":[1,2,300,-1,"x",null]}', '-- ', '[pod/', ' >', '\t'),
);

test('never throws and keeps the line invariant on any input', () => {
	fc.assert(fc.property(fc.array(line, {maxLength: 40}), fc.constantFrom('local' as const, 'utc' as const), (lines, timeZone) => {
		const {stats, records} = parseLines(lines, {timeZone, year: {kind: 'now', ms: Date.UTC(2024, 0, 1)}});
		expect(stats.lines).toBe(lines.length);
		expect(stats.recordLines + stats.unparsed + stats.skipped).toBe(stats.lines);
		expect(stats.records).toBe(records.length);
		for (const record of records) {
			expect(record.time === undefined || Number.isFinite(record.time)).toBe(true);
		}
	}), {numRuns: 400});
});

test('NUL-filled lines are unparsed as binary', () => {
	const {unparsed, records} = parseLines(['\u0000\u0000\u0000\u0000']);
	expect(records).toHaveLength(0);
	expect(unparsed).toEqual([{line: 1, text: '\u0000\u0000\u0000\u0000', reason: 'binary'}]);
});

test('a huge line is one record', () => {
	const huge = 'I0510 17:43:56.889617       1 a.go:1] ' + 'x'.repeat(5_000_000);
	const {records} = parseLines([huge]);
	expect(records[0]!.message).toHaveLength(5_000_000);
});

test('a stray klog header does not swallow an unbounded number of lines', () => {
	const lines = ['I0510 17:43:56.889617       1 a.go:1] start', ...Array.from({length: 10_005}, (_, index) => `text ${index}`)];
	const {records, stats} = parseLines(lines);
	expect(records[0]!.lineCount).toBe(10_000);
	expect(records).toHaveLength(7);
	expect(stats.recordLines).toBe(lines.length);
});
