import {describe, expect, it} from 'vitest';
import {createLineParser} from '../../src/parse/line-parser.js';
import type {LogRecord} from '../../src/parse/record.js';
import {addUnknown, createTemplateState, maxMemo, templateOf, topTemplates} from '../../src/diagnose/unknown-templates.js';

const records = (lines: readonly string[]): LogRecord[] => {
	const out: LogRecord[] = [];
	const parser = createLineParser({source: 't', year: {kind: 'flag', year: 2026}, timeZone: 'utc'}, {record: (record) => out.push(record), unparsed() {}});
	lines.forEach((line, i) => parser.push(line, i + 1));
	parser.end();
	return out;
};

describe('unexplained warning templates', () => {
	it('groups repeats of one message and messages of one shape, whether the template was remembered or masked afresh', () => {
		const state = createTemplateState();
		const lines = [
			...Array.from({length: 5}, () => 'W1127 10:00:00.000000       1 watcher.go:338] watch chan error: etcdserver: mvcc: required revision has been compacted'),
			...Array.from({length: 3}, (_, i) => `W1127 10:00:0${i}.000000       1 x.go:1] slow call to 10.0.0.${i}:2379 took ${i * 100}ms`),
		];
		for (const record of records(lines)) addUnknown(state, record);
		const top = topTemplates(state, 10);
		expect(top.map((t) => [t.template, t.count])).toEqual([
			['watch chan error: etcdserver: mvcc: required revision has been compacted', 5],
			['slow call to <ip> took <n>', 3],
		]);
		expect(state.memo.size).toBe(4);
	});

	it('keeps at most a bounded number of messages remembered, and gives the same templates past it', () => {
		const state = createTemplateState();
		const distinct = records(Array.from({length: maxMemo + 10}, (_, i) => `E1127 10:00:00.000000       1 x.go:1] request ${i} failed`));
		for (const record of distinct) addUnknown(state, record);
		expect(state.memo.size).toBeLessThanOrEqual(maxMemo);
		expect(topTemplates(state, 1)[0]).toMatchObject({template: templateOf('request 1 failed'), count: maxMemo + 10});
	});
});
