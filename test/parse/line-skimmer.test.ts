import {describe, expect, test} from 'vitest';
import {createLineParser} from '../../src/parse/line-parser.js';
import {createLineSkimmer} from '../../src/parse/line-skimmer.js';
import type {LogRecord} from '../../src/parse/record.js';

/** Offer each line of `text` to the skimmer as the session does (first and last line never eligible); parse the rest. */
const run = (first: string, text: string): {skimmed: number[]; records: LogRecord[]} => {
	const records: LogRecord[] = [];
	const parser = createLineParser({source: 't', year: {kind: 'flag', year: 2022}, timeZone: 'utc'}, {record: (record) => records.push(record), unparsed() {}});
	const skimmer = createLineSkimmer(parser);
	// The format is known from the records finished so far: the first line is finished by the second.
	parser.push(first, 1);
	parser.push(first, 2);
	skimmer.update();
	const skimmed: number[] = [];
	let pos = 0;
	let lineNumber = 2;
	while (pos < text.length) {
		let end = text.indexOf('\n', pos);
		if (end < 0) end = text.length;
		lineNumber++;
		if (skimmer.line(text, pos, end, lineNumber, pos > 0 && end < text.length - 1)) {
			skimmed.push(lineNumber);
		} else {
			parser.push(text.slice(pos, end), lineNumber);
		}

		pos = end + 1;
	}

	parser.end();
	expect(parser.stats().lines).toBe(lineNumber);
	return {skimmed, records};
};

const klog = (letter: string, n: number): string => `${letter}0510 17:43:${String(n).padStart(2, '0')}.000000       1 a.go:1] line ${n}`;

describe('line skimmer', () => {
	test('bare klog: info lines followed by a header are skimmed; warnings, continuations and chunk edges are parsed', () => {
		const text = [klog('I', 1), klog('I', 2), klog('W', 3), klog('I', 4), 'continued', klog('I', 6), klog('I', 7)].join('\n') + '\n';
		const {skimmed, records} = run(klog('I', 0), text);
		expect(skimmed).toEqual([4, 8]);
		expect(records.map((record) => [record.line, record.lineCount])).toEqual([[1, 1], [2, 1], [3, 1], [5, 1], [6, 2], [9, 1]]);
	});

	test('CRI: a P piece and the F that completes it are never skimmed', () => {
		const cri = (tag: string, body: string): string => `2022-05-10T17:43:56Z stderr ${tag} ${body}`;
		const text = [cri('F', klog('I', 1)), cri('F', klog('I', 2)), cri('P', klog('I', 3)), cri('F', ' rest'), cri('F', klog('I', 5)), cri('F', klog('I', 6))].join('\n') + '\n';
		const {skimmed, records} = run(cri('F', klog('I', 0)), text);
		// Line 4 is followed by a P piece, which starts no record of its own.
		expect(skimmed).toEqual([7]);
		expect(records.find((record) => record.line === 5)).toMatchObject({lineCount: 2, message: 'line 3 rest'});
	});

	test('no skimming for other formats', () => {
		const {skimmed} = run('May 10 17:43:56 node1 app[1]: x', ['a', 'b', 'c', 'd'].map((word) => `May 10 17:43:56 node1 app[1]: ${klog('I', 1)} ${word}`).join('\n') + '\n');
		expect(skimmed).toEqual([]);
	});
});
