import {appendFile, copyFile, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {feedSources} from '../../src/cli/feed-sources.js';
import {loadRules} from '../../src/cli/load-rules.js';
import {createDiagnosisSession} from '../../src/pipeline/diagnosis-session.js';

const demo = 'fixtures/demo/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c1b9d47e3a5c0f7d2b6e9a143/kube-apiserver/0.log';
let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'ks-feed-'));
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('feedSources with follow', () => {
	it('reads files to their end, says it caught up, then diagnoses lines appended later until stopped', async () => {
		const lines = (await readFile(demo, 'utf8')).split('\n');
		// The healthy start of the log (up to the first failure), then the rest appended while following.
		const cut = lines.findIndex((l) => l.includes('certificate has expired'));
		const healthy = lines.slice(0, cut - 2).join('\n') + '\n';
		const file = path.join(dir, '0.log');
		await writeFile(file, healthy);
		await copyFile(file, path.join(dir, 'other.log'));
		const {rules} = await loadRules([]);
		const session = createDiagnosisSession({rules, now: Date.parse('2026-11-28T12:00:00Z'), timeZone: 'utc'});
		const stop = new AbortController();
		let caughtUp = false;
		const feeding = feedSources(session, [{type: 'paths', paths: [file, path.join(dir, 'other.log')], local: false}], {
			maxLineBytes: 65_536,
			stdin: Readable.from([]),
			signal: stop.signal,
			follow: true,
			onCaughtUp: () => {
				caughtUp = true;
			},
		});
		const deadline = Date.now() + 10_000;
		while (!caughtUp && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
		expect(caughtUp).toBe(true);
		expect(session.progress().sources.map((s) => s.done)).toEqual([false, false]);
		expect(session.report().findings.map((f) => f.id)).not.toContain('apiserver-loopback-cert-expired');

		await appendFile(file, lines.slice(cut - 2).join('\n'));
		while (!session.report().findings.some((f) => f.id === 'apiserver-loopback-cert-expired') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(session.report().findings.map((f) => f.id)).toContain('apiserver-loopback-cert-expired');
		stop.abort();
		await feeding;
		expect(session.progress().sources.map((s) => s.done)).toEqual([true, true]);
		expect(session.progress().lines).toBe(lines.filter((l, i) => l !== '' || i < lines.length - 1).length + healthy.split('\n').length - 1);
	});
});
