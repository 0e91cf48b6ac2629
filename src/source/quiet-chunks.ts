import type {SourceChunk} from './source-chunk.js';

export type QuietOptions = {
	/**
	 * After a chunk, when the source gives nothing new for this long, an empty chunk is put in: the session then
	 * finishes the record it holds back for continuation lines. Undefined: never (a file read to its end).
	 */
	readonly quietMs?: number | undefined;
	/** Told each time the session has taken in a chunk (it asks for the next one); `quiet` for the empty one. */
	readonly onTaken?: ((quiet: boolean) => void) | undefined;
};

const quietMark: SourceChunk = {bytes: new Uint8Array(0), consumed: 0};

/**
 * The same chunks, with an empty one put in when the source goes quiet after a chunk. A followed log (`-f`,
 * `journalctl -f |`) ends its last line and then waits, maybe for hours: without the mark the parser would
 * keep that line's record back until the next line shows it is not continued, and the live view would not
 * show it. A writer puts a record and its continuation lines out in one write, so a short pause is enough.
 */
export async function* withQuietMarks(chunks: AsyncIterable<SourceChunk>, options: QuietOptions): AsyncGenerator<SourceChunk> {
	const {quietMs, onTaken} = options;
	const iterator = chunks[Symbol.asyncIterator]();
	let next: Promise<IteratorResult<SourceChunk>> | undefined;
	// Whether the session may hold a record back: a chunk went to it since the last mark.
	let holding = false;
	try {
		for (;;) {
			next ??= iterator.next();
			let result: IteratorResult<SourceChunk> | 'quiet';
			if (!holding || quietMs === undefined) {
				result = await next;
			} else {
				let timer: NodeJS.Timeout | undefined;
				const quiet = new Promise<'quiet'>((resolve) => {
					timer = setTimeout(() => resolve('quiet'), quietMs);
				});
				try {
					result = await Promise.race([next, quiet]);
				} finally {
					clearTimeout(timer);
				}
			}

			if (result === 'quiet') {
				// The read goes on waiting: the next turn of the loop awaits the same promise.
				holding = false;
				yield quietMark;
				onTaken?.(true);
				continue;
			}

			next = undefined;
			if (result.done === true) return;
			yield result.value;
			holding = true;
			onTaken?.(false);
		}
	} finally {
		// A read still waiting (an idle pipe) would hold up return() until it ends: then it is not waited for.
		if (next === undefined) await iterator.return?.();
		else void iterator.return?.()?.catch(() => undefined);
	}
}
