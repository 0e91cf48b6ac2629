import {describe, expect, it} from 'vitest';
import {textChunk, type SourceChunk} from '../../src/source/source-chunk.js';
import {withQuietMarks} from '../../src/source/quiet-chunks.js';

/** A source the test hands chunks to, one at a time; it waits for the next like an idle pipe. */
function handFed(): {chunks: AsyncIterable<SourceChunk>; give(text: string): void; end(): void; returned(): boolean} {
	const queue: Array<IteratorResult<SourceChunk>> = [];
	let waiting: ((result: IteratorResult<SourceChunk>) => void) | undefined;
	let returned = false;
	const put = (result: IteratorResult<SourceChunk>): void => {
		if (waiting === undefined) queue.push(result);
		else {
			const resolve = waiting;
			waiting = undefined;
			resolve(result);
		}
	};

	return {
		chunks: {
			[Symbol.asyncIterator]: () => ({
				next: async () => queue.shift() ?? new Promise<IteratorResult<SourceChunk>>((resolve) => (waiting = resolve)),
				return: async () => {
					returned = true;
					return {done: true, value: undefined};
				},
			}),
		},
		give: (text) => put({done: false, value: textChunk(text)}),
		end: () => put({done: true, value: undefined}),
		returned: () => returned,
	};
}

const textOf = (result: IteratorResult<SourceChunk>): string => (result.done === true ? '(done)' : Buffer.from(result.value.bytes).toString('utf8'));

describe('withQuietMarks', () => {
	it('puts one empty chunk in when the source goes quiet after a chunk, and says what the session took in', async () => {
		const source = handFed();
		const taken: boolean[] = [];
		const chunks = withQuietMarks(source.chunks, {quietMs: 5, onTaken: (quiet) => taken.push(quiet)});
		source.give('E1121 07:50:01.000000       1 a.go:1] x509: certificate has expired\n');
		expect(textOf(await chunks.next())).toBe('E1121 07:50:01.000000       1 a.go:1] x509: certificate has expired\n');
		// Nothing more comes: the mark, while the read goes on waiting.
		expect((await chunks.next()).value).toEqual({bytes: new Uint8Array(0), consumed: 0});
		const after = chunks.next();
		source.give('I1121 07:50:02.000000       1 a.go:2] later\n');
		expect(textOf(await after)).toBe('I1121 07:50:02.000000       1 a.go:2] later\n');
		source.end();
		expect((await chunks.next()).done).toBe(true);
		expect(taken).toEqual([false, true, false]);
	});

	it('puts no mark in without quietMs (a file read to its end), and passes every chunk on', async () => {
		const source = handFed();
		const taken: boolean[] = [];
		const chunks = withQuietMarks(source.chunks, {onTaken: (quiet) => taken.push(quiet)});
		source.give('a\n');
		expect(textOf(await chunks.next())).toBe('a\n');
		const next = chunks.next();
		setImmediate(() => source.give('b\n'));
		expect(textOf(await next)).toBe('b\n');
		source.end();
		expect((await chunks.next()).done).toBe(true);
		expect(taken).toEqual([false, false]);
	});

	it('ends at once when the session stops at the mark while the read still waits (an idle pipe)', async () => {
		const source = handFed();
		const chunks = withQuietMarks(source.chunks, {quietMs: 1});
		source.give('a\n');
		await chunks.next();
		expect((await chunks.next()).value).toEqual({bytes: new Uint8Array(0), consumed: 0});
		await chunks.return(undefined);
		expect(source.returned()).toBe(true);
	});
});
