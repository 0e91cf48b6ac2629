import type {LogRecord} from './record.js';

type Head = {
	readonly stream: number;
	readonly iterator: AsyncIterator<LogRecord>;
	record: LogRecord;
	/** The record's time, or its stream's previous time when it has none. */
	key: number;
};

const before = (a: Head, b: Head): boolean =>
	a.key !== b.key ? a.key < b.key : a.stream !== b.stream ? a.stream < b.stream : a.record.line < b.record.line;

const siftDown = (heap: Head[], from: number): void => {
	let index = from;
	for (;;) {
		const left = index * 2 + 1;
		const right = left + 1;
		let smallest = index;
		if (left < heap.length && before(heap[left]!, heap[smallest]!)) {
			smallest = left;
		}

		if (right < heap.length && before(heap[right]!, heap[smallest]!)) {
			smallest = right;
		}

		if (smallest === index) {
			return;
		}

		[heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
		index = smallest;
	}
};

const siftUp = (heap: Head[], from: number): void => {
	let index = from;
	while (index > 0) {
		const parent = (index - 1) >> 1;
		if (!before(heap[index]!, heap[parent]!)) {
			return;
		}

		[heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
		index = parent;
	}
};

/**
 * Merge record streams in time order, holding one pending record per stream. A record without a time
 * keeps its place among its own stream's neighbours (it sorts at the previous record's time, or first);
 * ties go to the earlier stream, then the earlier line.
 */
export async function * mergeByTime(streams: ReadonlyArray<AsyncIterable<LogRecord>>): AsyncIterable<LogRecord> {
	const iterators = streams.map((stream) => stream[Symbol.asyncIterator]());
	const lastTime = iterators.map(() => Number.NEGATIVE_INFINITY);
	const heap: Head[] = [];
	const done = iterators.map(() => false);
	const keyOf = (stream: number, record: LogRecord): number => {
		if (record.time !== undefined) {
			lastTime[stream] = record.time;
		}

		return lastTime[stream]!;
	};

	try {
		const firsts = await Promise.all(iterators.map(async (iterator) => iterator.next()));
		for (const [stream, first] of firsts.entries()) {
			if (first.done === true) {
				done[stream] = true;
			} else {
				heap.push({stream, iterator: iterators[stream]!, record: first.value, key: keyOf(stream, first.value)});
				siftUp(heap, heap.length - 1);
			}
		}

		while (heap.length > 0) {
			const top = heap[0]!;
			yield top.record;
			const next = await top.iterator.next();
			if (next.done === true) {
				done[top.stream] = true;
				const last = heap.pop()!;
				if (heap.length > 0) {
					heap[0] = last;
					siftDown(heap, 0);
				}
			} else {
				top.record = next.value;
				top.key = keyOf(top.stream, next.value);
				siftDown(heap, 0);
			}
		}
	} finally {
		// Stopped early (consumer broke out or a stream threw): release the streams still open.
		await Promise.allSettled(iterators.filter((_, index) => !done[index]).map(async (iterator) => iterator.return?.()));
	}
}
