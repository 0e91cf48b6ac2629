import {open} from 'node:fs/promises';

/**
 * Bytes read per positioned read. A read costs the main thread some 20 µs of its own, and more while the thread
 * pool's copy competes for the cores (65 to 100 µs a read over 256 MiB of docker json-file, with 1 MiB reads).
 * 2 MiB reads took 1 GiB of klog from 1.05 s to 0.96 s (median of 7 interleaved runs), the envelopes' 256 MiB
 * 0 to 15 ms; peak RSS grew by 4 MB.
 */
export const plainReadSize = 2 << 20;
/**
 * Reads in flight while the consumer works on a piece. A read runs on the thread pool and waits for a core, and
 * with two cores the other one is often V8's (its compiler, its collector): over 256 MiB of docker json-file the
 * consumer waited 25 to 53 ms in all for reads of a quarter of a millisecond each with one read ahead, 12 to 30
 * with two, 8 to 21 with three.
 */
export const plainReadsAhead = 3;

type Read = {readonly position: number; readonly done: Promise<{bytesRead: number; buffer: Buffer}>};

/**
 * A regular file's bytes in pieces of `size` bytes, read into `ahead + 1` buffers that take turns: while the
 * consumer works on one piece the next ones are already being read, and no piece is allocated afresh (fresh
 * strings and buffers over 128 KiB cost a page fault per page). A piece is valid until the consumer asks for the
 * next one; callers that keep bytes longer copy them (`readLineChunks` copies the line cut at a piece's end).
 */
export async function* readPlainFile(path: string, size = plainReadSize, ahead = plainReadsAhead): AsyncGenerator<Uint8Array> {
	const handle = await open(path, 'r');
	const reads: Read[] = [];
	try {
		const buffers = Array.from({length: ahead + 1}, () => Buffer.allocUnsafeSlow(size));
		let turn = 0;
		const issue = (position: number): void => {
			const buffer = buffers[turn]!;
			turn = (turn + 1) % buffers.length;
			reads.push({position, done: handle.read(buffer, 0, size, position)});
		};

		for (let i = 0; i < ahead; i++) issue(i * size);
		for (;;) {
			const read = reads.shift()!;
			const {bytesRead, buffer} = await read.done;
			if (bytesRead === 0) return;
			const next = read.position + bytesRead;
			if (bytesRead < size) {
				// A short read: the end of the file, or a file that changed while read. The reads after it
				// assumed a full one and are dropped; reading on from where this one ended says which.
				await Promise.allSettled(reads.splice(0).map((pending) => pending.done));
				issue(next);
			} else {
				issue(reads.length === 0 ? next : reads.at(-1)!.position + size);
			}

			yield buffer.subarray(0, bytesRead);
		}
	} finally {
		// A consumer that stops early leaves reads in flight: they end before the file is closed.
		await Promise.allSettled(reads.map((read) => read.done));
		await handle.close();
	}
}
