import {appendFile, copyFile, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough, Readable} from 'node:stream';
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

	const klog = 'fixtures/incidents/loopback-expired-klog/kube-apiserver.INFO';
	/** The healthy start of the klog fixture (start-up lines, no failure), and one incident line to append. */
	async function healthyAndIncident(): Promise<{healthy: string; incident: string}> {
		const lines = (await readFile(klog, 'utf8')).split('\n').slice(0, 262);
		const healthy = lines.filter((l) => !l.includes('x509') && !l.includes('TLS handshake')).join('\n') + '\n';
		const incident = 'E1121 07:50:01.000000  790992 reflector.go:178] k8s.io/client-go/informers/factory.go:135: Failed to list *v1.Secret: Get "https://10.13.96.11:6443/api/v1/secrets?resourceVersion=1": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-21T07:50:01Z is after 2026-11-21T07:42:14Z\n';
		return {healthy, incident};
	}

	/** Resolves the next time the session has taken in the quiet mark of a source. */
	function quietTurns(): {onRead(quiet: boolean): void; next(): Promise<void>} {
		let waiting: (() => void)[] = [];
		return {
			onRead(quiet) {
				if (!quiet) return;
				const now = waiting;
				waiting = [];
				for (const resolve of now) resolve();
			},
			next: () => new Promise<void>((resolve) => waiting.push(resolve)),
		};
	}

	const expired = (session: ReturnType<typeof createDiagnosisSession>): boolean => session.report().findings.some((f) => f.id === 'apiserver-loopback-cert-expired');

	it('with quietMs, the last line appended to a followed file counts once the file is quiet, with no line after it', async () => {
		const {healthy, incident} = await healthyAndIncident();
		const file = path.join(dir, 'kube-apiserver.log');
		await writeFile(file, healthy);
		const {rules} = await loadRules([]);
		const session = createDiagnosisSession({rules, now: Date.parse('2026-11-28T12:00:00Z'), timeZone: 'utc'});
		const stop = new AbortController();
		const quiet = quietTurns();
		const settled = quiet.next();
		const feeding = feedSources(session, [{type: 'paths', paths: [file], local: false}], {maxLineBytes: 65_536, stdin: Readable.from([]), signal: stop.signal, follow: true, quietMs: 5, onRead: quiet.onRead});
		await settled;
		expect(session.progress().lines).toBe(healthy.split('\n').length - 1);
		expect(expired(session)).toBe(false);
		const shown = quiet.next();
		await appendFile(file, incident);
		await shown;
		expect(expired(session)).toBe(true);
		stop.abort();
		await feeding;
		expect(session.progress().sources.map((s) => s.done)).toEqual([true]);
	});

	it('with quietMs, a line written to a pipe counts once the pipe is quiet; an abort ends the idle pipe', async () => {
		const {healthy, incident} = await healthyAndIncident();
		const {rules} = await loadRules([]);
		const session = createDiagnosisSession({rules, now: Date.parse('2026-11-28T12:00:00Z'), timeZone: 'utc'});
		const stop = new AbortController();
		const stdin = new PassThrough();
		const quiet = quietTurns();
		let settled = quiet.next();
		const feeding = feedSources(session, [{type: 'stdin'}], {maxLineBytes: 65_536, stdin, signal: stop.signal, follow: true, quietMs: 5, onRead: quiet.onRead});
		stdin.write(healthy);
		await settled;
		expect(expired(session)).toBe(false);
		settled = quiet.next();
		stdin.write(incident);
		await settled;
		expect(expired(session)).toBe(true);
		expect(session.progress().lines).toBe(healthy.split('\n').length);
		stop.abort();
		await feeding;
		expect(session.progress().sources.map((s) => s.done)).toEqual([true]);
	});
});
