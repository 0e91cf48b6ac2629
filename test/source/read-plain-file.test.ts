import {appendFileSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {readPlainFile} from '../../src/source/read-plain-file.js';
import {chunkText, readLineChunks} from '../../src/source/read-line-chunks.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubesleuth-plain-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('readPlainFile', () => {
	const file = path.join(dir, 'a.log');
	const text = Array.from({length: 50}, (_, i) => `line ${i} ${'x'.repeat(i % 7)}`).join('\n') + '\nlast without newline';
	writeFileSync(file, text);

	it.each([1, 2, 3])('reads the whole file in pieces of the given size, into buffers that take turns, %i read(s) ahead', async (ahead) => {
		const pieces: Buffer[] = [];
		const buffers = new Set<ArrayBufferLike>();
		for await (const piece of readPlainFile(file, 13, ahead)) {
			expect(piece.length).toBeLessThanOrEqual(13);
			buffers.add(piece.buffer);
			pieces.push(Buffer.from(piece));
		}

		expect(Buffer.concat(pieces).toString()).toBe(text);
		expect(buffers.size).toBe(ahead + 1);
	});

	it('reads on from where a short read ended: bytes written to the file while it is read are not skipped', async () => {
		const growing = path.join(dir, 'growing.log');
		writeFileSync(growing, 'a'.repeat(20));
		const pieces: string[] = [];
		for await (const piece of readPlainFile(growing, 8, 2)) {
			pieces.push(Buffer.from(piece).toString());
			// The third read (bytes 16 to 24) comes back short, with the read after it already asked for at 24.
			if (pieces.length === 2) appendFileSync(growing, 'b'.repeat(10));
		}

		expect(pieces.join('')).toBe('a'.repeat(20) + 'b'.repeat(10));
	});

	it('gives whole lines through readLineChunks although each buffer is overwritten by a later read', async () => {
		let out = '';
		let consumed = 0;
		for await (const chunk of readLineChunks(readPlainFile(file, 13), {maxLineBytes: 1024})) {
			out += chunkText(chunk);
			consumed += chunk.consumed;
		}

		expect(out).toBe(text);
		expect(consumed).toBe(Buffer.byteLength(text));
	});

	it('closes the file when the reader stops early, with a read still in flight', async () => {
		for await (const piece of readPlainFile(file, 4)) {
			expect(piece.length).toBe(4);
			break;
		}

		// Nothing is left open: the directory can go, and a new read starts from the beginning.
		const again = readPlainFile(file, 4);
		const first = await again.next();
		expect(Buffer.from(first.value as Uint8Array).toString()).toBe('line');
		await again.return(undefined);
	});
});
