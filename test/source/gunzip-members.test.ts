import {randomBytes} from 'node:crypto';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {gunzipMembers, gzipHeaderLength} from '../../src/source/gunzip-members.js';

/** Feeds `bytes` in pieces of `size` and collects the output, the warnings and the error. */
async function gunzip(bytes: Buffer, size = bytes.length): Promise<{text: string; warnings: string[]; error?: string}> {
	async function* pieces() {
		for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
	}

	const warnings: string[] = [];
	let text = '';
	try {
		for await (const piece of gunzipMembers(pieces(), (w) => warnings.push(w))) text += piece.toString('utf8');
	} catch (error) {
		return {text, warnings, error: (error as Error).message};
	}

	return {text, warnings};
}

const lines = (from: number, to: number) => Array.from({length: to - from}, (_, i) => `line ${from + i} ${'x'.repeat(40)}\n`).join('');

describe('gunzip as gzip -d', () => {
	const one = lines(0, 3);
	const two = lines(3, 2000);
	const members = Buffer.concat([gzipSync(one), gzipSync(two)]);

	it.each([1, 7, 64, 4096, 1 << 20])('reads every member, fed %i bytes at a time', async (size) => {
		expect(await gunzip(members, size)).toEqual({text: one + two, warnings: []});
	});

	it('keeps every line before trailing garbage, also in a small file read in one piece, and warns', async () => {
		for (const size of [1 << 20, 5]) {
			const result = await gunzip(Buffer.concat([gzipSync(one), Buffer.from('GARBAGE\n')]), size);
			expect(result.text).toBe(one);
			expect(result.error).toBeUndefined();
			expect(result.warnings).toEqual(['trailing data after the gzip data was ignored (not gzip), as gzip -d does; the lines before it were read']);
		}

		const large = await gunzip(Buffer.concat([members, randomBytes(3000)]));
		expect(large.text).toBe(one + two);
		expect(large.warnings).toHaveLength(1);
	});

	it('ignores zero padding after the last member without a word', async () => {
		expect(await gunzip(Buffer.concat([members, Buffer.alloc(4096)]), 1000)).toEqual({text: one + two, warnings: []});
	});

	it('stops at damage inside a member after the lines before it', async () => {
		const whole = gzipSync(two);
		const cut = await gunzip(whole.subarray(0, Math.floor(whole.length * 0.7)), 100);
		expect(cut.error).toBe('unexpected end of file');
		expect(cut.text.length).toBeGreaterThan(0);
		expect(two.startsWith(cut.text)).toBe(true);
		const noTrailer = await gunzip(whole.subarray(0, whole.length - 4));
		expect(noTrailer.error).toBe('unexpected end of file');
		const wrongSize = Buffer.from(whole);
		wrongSize.writeUInt32LE(12345, wrongSize.length - 4);
		expect((await gunzip(wrongSize)).error).toBe('length check failed');
	});

	it('refuses data that is not gzip from its first byte', async () => {
		expect((await gunzip(Buffer.from('plain text\n'))).error).toBe('incorrect header check');
		expect((await gunzip(Buffer.alloc(0))).error).toBe('unexpected end of file');
	});

	it('reads the optional header fields (RFC 1952 FEXTRA, FNAME, FCOMMENT, FHCRC)', () => {
		const header = Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3, 2, 0, 0xaa, 0xbb, ...Buffer.from('name\0comment\0'), 0x12, 0x34]);
		expect(gzipHeaderLength(header)).toBe(header.length);
		expect(gzipHeaderLength(header.subarray(0, 15))).toBe('more');
		expect(gzipHeaderLength(Buffer.from([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 3]))).toBe('unknown method');
	});
});
