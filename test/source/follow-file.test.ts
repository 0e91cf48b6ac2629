import {appendFile, mkdtemp, rename, rm, truncate, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {followFile, type WatchPath} from '../../src/source/follow-file.js';

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

	/** Watches that fire only when told to: what is read can then only have been woken by them (or the poll). */
	function manualWatches(): {watch: WatchPath; fire(target: string, name?: string): void; open(): string[]} {
		const watching = new Map<string, (name: string | undefined) => void>();
		return {
			watch: (target, onChange) => {
				watching.set(target, onChange);
				return {close: () => watching.delete(target)};
			},
			fire: (target, name) => watching.get(target)?.(name),
			open: () => [...watching.keys()].sort(),
		};
	}

	const text = (result: IteratorResult<Uint8Array>): string => (result.done === true ? '(done)' : Buffer.from(result.value).toString('utf8'));

	it('reads what was appended as soon as the watch tells, without waiting for the poll', async () => {
		const file = path.join(dir, 'watched.log');
		await writeFile(file, 'one\n');
		const watches = manualWatches();
		let appended: Promise<void> | undefined;
		// An hour between polls: the append can only be read because the watch said so.
		const reader = followFile(file, {signal: stop.signal, pollMs: 3_600_000, watch: watches.watch, onCaughtUp: () => (appended = appendFile(file, 'two\n'))});
		expect(text(await reader.next())).toBe('one\n');
		const next = reader.next();
		await new Promise<void>((resolve) => {
			const check = (): void => (appended === undefined ? setImmediate(check) : void appended.then(resolve));
			check();
		});
		expect(watches.open()).toEqual([dir, file]);
		watches.fire(file, 'watched.log');
		expect(text(await next)).toBe('two\n');
		stop.abort();
		expect(text(await reader.next())).toBe('(done)');
		expect(watches.open()).toEqual([]);
	});

	it('opens the new file when the directory watch names it after a rotation', async () => {
		const file = path.join(dir, 'rotated.log');
		await writeFile(file, 'old\n');
		const watches = manualWatches();
		let rotated: Promise<void> | undefined;
		const reader = followFile(file, {
			signal: stop.signal,
			pollMs: 3_600_000,
			watch: watches.watch,
			onCaughtUp: () => (rotated = rename(file, `${file}.1`).then(() => writeFile(file, 'new\n'))),
		});
		expect(text(await reader.next())).toBe('old\n');
		const next = reader.next();
		await new Promise<void>((resolve) => {
			const check = (): void => (rotated === undefined ? setImmediate(check) : void rotated.then(resolve));
			check();
		});
		// Changes of other files in the directory are left out; this one's name wakes the reader.
		watches.fire(dir, 'other.log');
		watches.fire(dir, 'rotated.log');
		expect(text(await next)).toBe('new\n');
		stop.abort();
		await reader.next();
	});

	it('still reads what was appended when no watch event ever comes, on the poll', async () => {
		const file = path.join(dir, 'unwatched.log');
		await writeFile(file, 'one\n');
		const watches = manualWatches();
		const reader = followFile(file, {signal: stop.signal, pollMs: 10, watch: watches.watch, onCaughtUp: () => void appendFile(file, 'two\n')});
		expect(text(await reader.next())).toBe('one\n');
		expect(text(await reader.next())).toBe('two\n');
		stop.abort();
		expect(text(await reader.next())).toBe('(done)');
	});
});
