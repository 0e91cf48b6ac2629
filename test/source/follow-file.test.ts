import {appendFile, mkdtemp, rename, rm, truncate, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {followFile} from '../../src/source/follow-file.js';

let dir: string;
let stop: AbortController;
beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'ks-follow-'));
	stop = new AbortController();
});
afterEach(async () => {
	stop.abort();
	await rm(dir, {recursive: true, force: true});
});

/** Collects what the follower yields; `until` waits (bounded) for the text to contain something. */
function collect(file: string, onCaughtUp?: () => void): {text(): string; until(part: string): Promise<void>; done: Promise<void>} {
	let text = '';
	const done = (async () => {
		for await (const chunk of followFile(file, {signal: stop.signal, pollMs: 50, onCaughtUp})) text += Buffer.from(chunk).toString('utf8');
	})();
	return {
		text: () => text,
		done,
		async until(part) {
			const deadline = Date.now() + 10_000;
			while (!text.includes(part)) {
				if (Date.now() > deadline) throw new Error(`never read ${JSON.stringify(part)}; read ${JSON.stringify(text)}`);
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
		},
	};
}

describe('followFile', () => {
	it('reads the file to its end, says so once, then yields what is appended', async () => {
		const file = path.join(dir, 'a.log');
		await writeFile(file, 'one\ntwo\n');
		let caughtUp = 0;
		const reader = collect(file, () => caughtUp++);
		await reader.until('two\n');
		await appendFile(file, 'three\n');
		await reader.until('three\n');
		await appendFile(file, 'four\n');
		await reader.until('four\n');
		expect(reader.text()).toBe('one\ntwo\nthree\nfour\n');
		expect(caughtUp).toBe(1);
		stop.abort();
		await reader.done;
	});

	it('follows the path to the new file when it is rotated, after the rest of the old one', async () => {
		const file = path.join(dir, 'kube-apiserver.log');
		await writeFile(file, 'old 1\n');
		const reader = collect(file);
		await reader.until('old 1\n');
		await appendFile(file, 'old 2\n');
		await rename(file, `${file}.1`);
		await writeFile(file, 'new 1\n');
		await reader.until('new 1\n');
		await appendFile(file, 'new 2\n');
		await reader.until('new 2\n');
		expect(reader.text()).toBe('old 1\nold 2\nnew 1\nnew 2\n');
		stop.abort();
		await reader.done;
	});

	it('starts over when the file is truncated', async () => {
		const file = path.join(dir, 'copytruncate.log');
		await writeFile(file, 'a long first line\n');
		const reader = collect(file);
		await reader.until('first line\n');
		await truncate(file, 0);
		await appendFile(file, 'after\n');
		await reader.until('after\n');
		expect(reader.text()).toBe('a long first line\nafter\n');
		stop.abort();
		await reader.done;
	});

	it('ends when the signal fires, and fails on a missing file', async () => {
		const file = path.join(dir, 'idle.log');
		await writeFile(file, 'x\n');
		const reader = collect(file);
		await reader.until('x\n');
		stop.abort();
		await reader.done;
		await expect(followFile(path.join(dir, 'missing.log'), {signal: stop.signal}).next()).rejects.toMatchObject({code: 'ENOENT'});
	});
});
