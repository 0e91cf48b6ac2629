import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createLogAccess} from '../../src/cli/log-access.js';
import type {SearchData} from '../../src/render/ui/log-lines.js';

const demo = 'fixtures/demo/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c1b9d47e3a5c0f7d2b6e9a143/kube-apiserver/0.log';
let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'ks-access-'));
});
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

const access = (sources: {name: string; kind: 'stdin' | 'file' | 'journald'}[]) => createLogAccess({sources: () => sources, redact: true, maxLineBytes: 65_536, timeZone: 'utc', now: Date.parse('2026-11-28T12:00:00Z')});

describe('reading lines back for the live view', () => {
	it('reads the lines around one, numbered as the diagnosis numbered them, with their decoded messages', async () => {
		const result = await access([{name: demo, kind: 'file'}]).around(demo, 314, 2);
		expect(result.status).toBe('done');
		if (result.status !== 'done') return;
		expect(result.lines.map((l) => l.line)).toEqual([312, 313, 314, 315, 316]);
		const line = result.lines.find((l) => l.line === 314)!;
		expect(line.text).toMatch(/^2026-11-27T10:38:45\.\d+Z stderr F W1127/);
		expect(line.message).toMatch(/^k8s\.io\/client-go\/informers\/factory\.go:150: failed to list \*v1\.PersistentVolume/);
		expect(line.severity).toBe('warning');
	});

	it('says why a pipe cannot be read a second time, and a line that is gone', async () => {
		const piped = await access([{name: '-', kind: 'stdin'}]).around('-', 3, 20);
		expect(piped).toEqual({status: 'unavailable', reason: expect.stringContaining('stdin was piped in and cannot be read a second time')});
		const gone = await access([{name: demo, kind: 'file'}]).around(demo, 99_999, 20);
		expect(gone.status === 'unavailable' && gone.reason).toContain('has no line 99999');
	});

	it('reads gzip files again, and redacts what it reads back', async () => {
		const file = path.join(dir, 'kube-apiserver.log.gz');
		await writeFile(file, gzipSync('I1127 10:00:00.000000       1 a.go:1] first\nE1127 10:00:01.000000       1 a.go:2] bad token Authorization: Bearer 0123abcdef456789\nI1127 10:00:02.000000       1 a.go:3] last\n'));
		const result = await access([{name: file, kind: 'file'}]).around(file, 2, 5);
		expect(result.status === 'done' && result.lines.map((l) => l.message)).toEqual(['first', 'bad token Authorization: Bearer [REDACTED]', 'last']);
		expect(JSON.stringify(result)).not.toContain('0123abcdef456789');
	});

	it('searches every line of the files, counts all matches, keeps the first ones, and names what it cannot search', async () => {
		const progress: SearchData[] = [];
		const result = await access([{name: demo, kind: 'file'}, {name: '-', kind: 'stdin'}]).search(/bad certificate/g, {limit: 10, signal: new AbortController().signal, onProgress: (p) => progress.push(p)});
		expect(result.status).toBe('done');
		expect(result.total).toBe(55);
		expect(result.matches).toHaveLength(10);
		expect(result.linesRead).toBe(545);
		expect(result.matches[0]).toMatchObject({line: 313, message: expect.stringContaining('http: TLS handshake error from 10.13.96.11')});
		expect(result.skipped).toEqual([expect.stringContaining('stdin: stdin was piped in')]);
		expect(progress.length).toBeGreaterThan(0);
	});

	it('does not find a secret by searching for it', async () => {
		const file = path.join(dir, 'secret.log');
		await writeFile(file, 'E1127 10:00:01.000000       1 a.go:2] password=hunter2x\n');
		const result = await access([{name: file, kind: 'file'}]).search(/hunter2x/g, {limit: 10, signal: new AbortController().signal, onProgress: () => undefined});
		expect(result.total).toBe(0);
	});
});
