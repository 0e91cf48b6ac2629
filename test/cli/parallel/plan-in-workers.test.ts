import {execFile} from 'node:child_process';
import {appendFileSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, describe, expect, it} from 'vitest';
// @ts-expect-error: plain ES modules shared with `npm run bench`, which runs without a TypeScript loader.
import {generateKlog} from '../../bench/generate-klog.mjs';
// @ts-expect-error: as above.
import {generateEnvelope} from '../../bench/generate-envelopes.mjs';

// Worker threads plan large plain files; the report must be the one a single thread gives, byte for byte.
// These run the built CLI, since a worker is started from its compiled file.
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubesleuth-workers-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const mib = 1 << 20;

async function diagnose(file: string, workers: string, profiles?: string): Promise<string> {
	const args = [...(profiles === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profiles]), 'dist/cli/main.js', '--format', 'json', '--no-live', '--utc', '--now', '2026-11-28T12:00:00Z', file];
	const result = await run(process.execPath, args, {cwd: root, env: {...process.env, KUBESLEUTH_WORKERS: workers}, maxBuffer: 64 * mib}).catch((error: {code: number; stdout: string}) => {
		// Exit 1 is a report with findings.
		if (error.code !== 1) throw error;
		return error;
	});
	const report = JSON.parse(result.stdout) as Record<string, unknown>;
	delete report['generatedAt'];
	return JSON.stringify(report, null, 1);
}

const pinned = (file: string): string => {
	utimesSync(file, new Date('2026-11-28T10:00:00Z'), new Date('2026-11-28T10:00:00Z'));
	return file;
};

describe('large files planned by worker threads', () => {
	it('give the report one thread gives, for klog and journald short output', async () => {
		const klog = path.join(dir, 'apiserver.log');
		(generateKlog as (file: string, bytes: number) => number)(klog, 20 * mib);
		const journal = path.join(dir, 'journal.log');
		(generateEnvelope as (file: string, bytes: number, name: string) => number)(journal, 20 * mib, 'journald-short');
		for (const file of [pinned(klog), pinned(journal)]) {
			const profiles = path.join(dir, `profiles-${path.basename(file)}`);
			const parallel = await diagnose(file, '2', profiles);
			// One CPU profile per thread: the main one and two workers, so the workers did run.
			expect(readdirSync(profiles).filter((name) => name.endsWith('.cpuprofile'))).toHaveLength(3);
			const single = await diagnose(file, '1');
			expect(parallel).toBe(single);
			expect(JSON.parse(single).findings[0].id).toBe('apiserver-loopback-cert-expired');
		}
	});

	it('cut a line longer than the longest kept where it crosses a range, and count a last line without newline and bytes that are not UTF-8', async () => {
		const file = path.join(dir, 'edges.log');
		const line = (i: number) => `I1127 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000       1 x.go:1] line ${i} ${'y'.repeat(i % 97)}\n`;
		let text = '';
		let i = 0;
		writeFileSync(file, '');
		// Up to just before the first range's end, then a 200 KiB line across it, then lines to 17 MiB.
		while (text.length < 4 * mib - 1000) text += line(i++);
		appendFileSync(file, text + `E1127 11:00:00.000000       1 x.go:1] long ${'z'.repeat(200 * 1024)}\n`);
		text = '';
		while (text.length < 13 * mib) text += line(i++);
		appendFileSync(file, text);
		appendFileSync(file, Buffer.from([0x57, 0x31, 0x31, 0x32, 0x37, 0x20, 0xff, 0xfe, 0x0a]));
		appendFileSync(file, 'E1127 12:00:00.000000       1 x.go:1] x509: certificate has expired or is not yet valid: current time 2026-11-27T12:00:00Z is after 2026-11-27T10:38:13Z');
		pinned(file);
		const parallel = await diagnose(file, '2');
		expect(parallel).toBe(await diagnose(file, '1'));
		const report = JSON.parse(parallel);
		expect(report.input.sources[0].truncated).toBe(1);
		expect(report.warnings.join('\n')).toMatch(/not valid UTF-8/);
		expect(report.findings.length).toBeGreaterThan(0);
	});
});
