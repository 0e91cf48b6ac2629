import {describe, expect, it} from 'vitest';
import {chunkText, readLineChunks} from '../../src/source/read-line-chunks.js';

async function collect(pieces: (string | Uint8Array)[], maxLineBytes = 1024): Promise<{text: string; truncated: number; invalid: number}> {
	let invalid = 0;
	async function* bytes() {
		for (const piece of pieces) yield typeof piece === 'string' ? Buffer.from(piece) : piece;
	}

	let text = '';
	let truncated = 0;
	let unterminated = false;
	for await (const chunk of readLineChunks(bytes(), {maxLineBytes, onInvalidUtf8: () => invalid++})) {
		// Only the last chunk may end without a newline (the input's last line had none).
		expect(unterminated).toBe(false);
		const piece = chunkText(chunk);
		if (piece === '') continue;
		unterminated = !piece.endsWith('\n');
		text += piece;
		truncated += chunk.truncatedLines ?? 0;
	}

	return {text, truncated, invalid};
}

describe('readLineChunks', () => {
	it('hands on whole lines only, whatever the pipe delivered', async () => {
		expect((await collect(['a\nb', 'c\n', 'd\ne\n', 'f'])).text).toBe('a\nbc\nd\ne\nf');
		expect((await collect(['two lines\nin one chunk\n'])).text).toBe('two lines\nin one chunk\n');
	});

	it('never splits a UTF-8 character across chunks', async () => {
		const bytes = Buffer.from('ключ=значение\n');
		expect((await collect([bytes.subarray(0, 3), bytes.subarray(3, 9), bytes.subarray(9)])).text).toBe('ключ=значение\n');
	});

	it('cuts a line longer than the limit and skips its rest as it streams by', async () => {
		const long = 'x'.repeat(5000);
		const result = await collect([long.slice(0, 2000), long.slice(2000, 4000), long.slice(4000) + '\nnext\n'], 1024);
		expect(result.text).toBe('x'.repeat(1024) + '\nnext\n');
		expect(result.truncated).toBe(1);
	});

	it('reports invalid UTF-8 once and keeps going', async () => {
		const result = await collect([Buffer.from([0x66, 0xff, 0x0a, 0xc3, 0x28, 0x0a])]);
		expect(result.invalid).toBe(1);
		expect(result.text.split('\n')).toHaveLength(3);
	});
});
