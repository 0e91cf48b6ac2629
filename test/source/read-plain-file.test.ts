import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
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

	it('reads the whole file in pieces of the given size, into two buffers that take turns', async () => {
		const pieces: Buffer[] = [];
		const buffers = new Set<ArrayBufferLike>();
		for await (const piece of readPlainFile(file, 13)) {
			expect(piece.length).toBeLessThanOrEqual(13);
			buffers.add(piece.buffer);
			pieces.push(Buffer.from(piece));
		}

		expect(Buffer.concat(pieces).toString()).toBe(text);
		expect(buffers.size).toBeLessThanOrEqual(2);
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
