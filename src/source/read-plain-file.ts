import {open} from 'node:fs/promises';

/** Bytes read per positioned read: big enough that a read costs little per byte, small enough to stay in cache. */
export const plainReadSize = 1 << 20;

/**
 * A regular file's bytes in pieces of `size` bytes, read into two buffers that take turns: while the consumer
 * works on one piece the next is already being read, and no piece is allocated afresh (fresh strings and
 * buffers over 128 KiB cost a page fault per page). A piece is valid until the consumer asks for the one after
 * next; callers that keep bytes longer copy them (`readLineChunks` copies the line cut at a piece's end).
 */
export async function* readPlainFile(path: string, size = plainReadSize): AsyncGenerator<Uint8Array> {
	const handle = await open(path, 'r');
	let reading: Promise<{bytesRead: number; buffer: Buffer}> | undefined;
	try {
		const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
		let position = 0;
		let turn = 0;
		const readInto = (buffer: Buffer) => handle.read(buffer, 0, size, position);
		reading = readInto(buffers[turn]!);
		for (;;) {
			const {bytesRead, buffer} = await reading;
			reading = undefined;
			if (bytesRead === 0) return;
			position += bytesRead;
			turn ^= 1;
			// The next read goes into the other buffer while this piece is worked on.
			reading = readInto(buffers[turn]!);
			yield buffer.subarray(0, bytesRead);
		}
	} finally {
		// A consumer that stops early leaves a read in flight: it ends before the file is closed.
		await reading?.catch(() => undefined);
		await handle.close();
	}
}
