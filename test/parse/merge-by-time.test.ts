import {describe, expect, test} from 'vitest';
import {mergeByTime} from '../../src/parse/merge-by-time.js';
import type {LogRecord} from '../../src/parse/record.js';
import {parseLines} from './parse-fixture.js';

const recordsOf = (source: string, lines: string[]): LogRecord[] =>
	parseLines(lines, {source}).records;

async function * stream(records: LogRecord[], onReturn?: () => void): AsyncGenerator<LogRecord> {
	try {
		for (const record of records) {
			await Promise.resolve();
			yield record;
		}
	} finally {
		onReturn?.();
	}
}

const collect = async (iterable: AsyncIterable<LogRecord>): Promise<string[]> => {
	const out: string[] = [];
	for await (const record of iterable) {
		out.push(`${record.source}:${record.line}`);
	}

	return out;
};

const at = (second: number, message: string): string => `I0510 17:43:${String(second).padStart(2, '0')}.000000       1 a.go:1] ${message}`;

describe('mergeByTime', () => {
	test('interleaves streams in time order; ties go to the earlier stream', async () => {
		const a = recordsOf('a', [at(1, 'a1'), at(3, 'a3'), at(5, 'a5')]);
		const b = recordsOf('b', [at(2, 'b2'), at(3, 'b3'), at(4, 'b4')]);
		expect(await collect(mergeByTime([stream(a), stream(b)]))).toEqual(['a:1', 'b:1', 'a:2', 'b:2', 'b:3', 'a:3']);
	});

	test('records without time stay next to their own stream neighbours', async () => {
		const a = recordsOf('a', [at(1, 'a1'), '{"msg":"JSON without ts"}', at(4, 'a4')]);
		const b = recordsOf('b', [at(2, 'b2'), at(3, 'b3')]);
		expect(await collect(mergeByTime([stream(a), stream(b)]))).toEqual(['a:1', 'a:2', 'b:1', 'b:2', 'a:3']);
	});

	test('a leading record without time comes first', async () => {
		const a = recordsOf('a', ['plain first', at(5, 'a5')]);
		const b = recordsOf('b', [at(1, 'b1')]);
		expect(await collect(mergeByTime([stream(b), stream(a)]))).toEqual(['a:1', 'b:1', 'a:2']);
	});

	test('empty input and empty streams', async () => {
		expect(await collect(mergeByTime([]))).toEqual([]);
		expect(await collect(mergeByTime([stream([]), stream(recordsOf('a', [at(1, 'x')]))]))).toEqual(['a:1']);
	});

	test('pulls lazily and closes the streams when the consumer stops', async () => {
		let pulled = 0;
		let closed = 0;
		async function * counting(source: string): AsyncGenerator<LogRecord> {
			try {
				for (let second = 0; second < 50; second++) {
					pulled++;
					yield recordsOf(source, [at(second, 'x')])[0]!;
				}
			} finally {
				closed++;
			}
		}

		for await (const record of mergeByTime([counting('a'), counting('b')])) {
			if (record.line > 0 && pulled >= 4) {
				break;
			}
		}

		expect(pulled).toBeLessThanOrEqual(5);
		expect(closed).toBe(2);
	});
});
