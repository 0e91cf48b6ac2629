import {render} from 'ink-testing-library';
import {readFile} from 'node:fs/promises';
import {PassThrough, Readable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {feedSources} from '../../../src/cli/feed-sources.js';
import {loadRules} from '../../../src/cli/load-rules.js';
import type {Report} from '../../../src/diagnose/report.js';
import {createDiagnosisSession, type DiagnosisSession} from '../../../src/pipeline/diagnosis-session.js';
import {LiveApp, type LiveExit} from '../../../src/render/ui/live-app.js';
import type {LogAccess} from '../../../src/render/ui/log-lines.js';
import type {SnapshotSource} from '../../../src/render/ui/use-session-snapshot.js';

let unmount: (() => void) | undefined;
afterEach(() => {
	unmount?.();
	unmount = undefined;
});

async function newSession(): Promise<DiagnosisSession> {
	const {rules} = await loadRules([]);
	return createDiagnosisSession({rules, now: Date.parse('2026-11-28T12:00:00Z'), timeZone: 'utc'});
}

function sourceOf(session: DiagnosisSession, state: {caughtUp: boolean; finishedAt: number | undefined}, follow = false): SnapshotSource {
	return {progress: () => session.progress(), report: () => session.report(), caughtUp: () => state.caughtUp, finishedAt: () => state.finishedAt, follow, startedAt: Date.now()};
}

async function feedDemo(session: DiagnosisSession): Promise<void> {
	await feedSources(session, [{type: 'paths', paths: ['fixtures/demo'], local: false}], {maxLineBytes: 65_536, stdin: Readable.from([])});
}

async function until(frame: () => string | undefined, test: (text: string) => boolean, what: string): Promise<string> {
	const deadline = Date.now() + 5000;
	for (;;) {
		const text = frame() ?? '';
		if (test(text)) return text;
		if (Date.now() > deadline) throw new Error(`the frame never showed ${what}; last frame:\n${text}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** Rates, sizes and times change from run to run: numbers in the header's second row become #. */
function masked(frame: string): string {
	const rows = frame.split('\n');
	rows[1] = rows[1]!.replace(/\d+(?:[.,]\d+)*/g, '#');
	return rows.join('\n');
}

describe('LiveApp', () => {
	it('draws the findings of a finished read, opens one, searches, exports and quits', async () => {
		const session = await newSession();
		await feedDemo(session);
		const exits: LiveExit[] = [];
		const exported: Report[] = [];
		const app = render(
			<LiveApp
				source={sourceOf(session, {caughtUp: true, finishedAt: Date.now()})}
				size={{width: 100, height: 30}}
				onExport={(report) => {
					exported.push(report);
					return 'Report written to /tmp/kubesleuth-report-x.md';
				}}
				onExit={(how) => exits.push(how)}
			/>,
		);
		unmount = app.unmount;
		const list = masked(await until(app.lastFrame, (t) => t.includes('apiserver-loopback-cert-expired'), 'the finding'));
		expect(list.split('\n').slice(0, 8).join('\n')).toBe(
			[
				'kubesleuth INCIDENT: 1 critical finding                                                         done',
				'# source · # lines · # records · # kB read in #s',
				'─'.repeat(100),
				'Findings (1)',
				'▸ CRITICAL  apiserver-loopback-cert-expired  0.99 high  102 lines',
				"    The apiserver's in-memory loopback certificate has expired",
				'    first seen 2026-11-27T10:38:45Z  last seen 2026-11-28T07:47:43Z',
				'  33 warning/error lines no rule explains, in 10 shapes  enter lists them',
			].join('\n'),
		);
		expect(list).toContain('Own IPs   10.13.96.11 advertise-address, bind-address');
		expect(list).toContain('Loopback  expired 2026-11-27T10:38:13Z');
		expect(list.split('\n').at(-1)).toBe('↑↓ move  enter open  t timeline  / search  e export  ? help  q quit');
		expect(list.split('\n').length).toBeLessThanOrEqual(30);

		app.stdin.write('\r');
		const opened = await until(app.lastFrame, (t) => t.includes('Do now'), 'the detail view');
		expect(opened).toContain('CRITICAL apiserver-loopback-cert-expired  confidence 0.99 (high)  102 lines');
		expect(opened).toContain('1. Restart the apiserver on this node (kubeadm)');
		expect(opened).toMatch(/rows 1-25 of \d+/);

		app.stdin.write('/');
		await until(app.lastFrame, (t) => t.includes('search: /'), 'the search prompt');
		app.stdin.write('RoleBinding');
		await until(app.lastFrame, (t) => t.includes('search: /RoleBinding'), 'the typed search');
		app.stdin.write('\r');
		app.stdin.write('n');
		const found = await until(app.lastFrame, (t) => /▸ 2026-11-28T07:47:41Z +warning +cp-1 +0\.log:536/.test(t), 'the first match focused');
		expect(found).toContain('search: /RoleBinding/');

		app.stdin.write('e');
		await until(app.lastFrame, (t) => t.includes('Report written to /tmp/kubesleuth-report-x.md'), 'the export notice');
		expect(exported).toHaveLength(1);
		expect(exported[0]!.findings[0]!.id).toBe('apiserver-loopback-cert-expired');

		app.stdin.write('?');
		await until(app.lastFrame, (t) => t.includes('Keys'), 'the help');
		app.stdin.write('x');
		await until(app.lastFrame, (t) => !t.includes('Keys') && t.includes('0.log:536'), 'the detail view again, where it was');
		app.stdin.write('q');
		await until(() => exits.join(','), (t) => t === 'quit', 'the quit');
	});

	it('copies the selected command with y, whole, and opens an evidence line among its neighbours', async () => {
		const session = await newSession();
		await feedDemo(session);
		const copied: string[] = [];
		const asked: string[] = [];
		const access: LogAccess = {
			around: async (source, line) => {
				asked.push(`${source}:${line}`);
				const evidence = session.report().findings[0]!.evidence;
				return {status: 'done', lines: evidence.filter((e) => Math.abs(e.line - line) <= 2)};
			},
			search: async () => ({status: 'done', matches: [], total: 0, linesRead: 0, skipped: []}),
		};
		const app = render(<LiveApp source={sourceOf(session, {caughtUp: true, finishedAt: Date.now()})} size={{width: 80, height: 24}} onExport={() => ''} onExit={() => undefined} onCopy={(text) => copied.push(text)} logAccess={access} />);
		unmount = app.unmount;
		await until(app.lastFrame, (t) => t.includes('apiserver-loopback-cert-expired'), 'the finding');
		app.stdin.write('\r');
		await until(app.lastFrame, (t) => t.includes('Do now'), 'the detail view');
		app.stdin.write('y');
		await until(app.lastFrame, (t) => t.includes('copied'), 'the copy notice');
		expect(copied).toEqual(['mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/ && sleep 20 && mv /tmp/kube-apiserver.yaml /etc/kubernetes/manifests/']);
		// Tab past the commands to the first evidence line, and open it.
		const commands = session.report().findings[0]!;
		const count = [...commands.actions, ...commands.verify].filter((s) => s.command !== undefined).length;
		app.stdin.write('\t'.repeat(count));
		await until(app.lastFrame, (t) => /▸ 2026-11-27T10:38:45Z/.test(t), 'the first evidence line focused');
		app.stdin.write('\r');
		const around = await until(app.lastFrame, (t) => t.includes('Around 0.log:313'), 'the line among its neighbours');
		expect(asked).toEqual([`${commands.evidence[0]!.source}:313`]);
		expect(around).toMatch(/▶ 2026-11-27T10:38:45Z/);
	});

	it('updates live as records stream in, then says it is done', async () => {
		const session = await newSession();
		const state = {caughtUp: false, finishedAt: undefined as number | undefined};
		const exits: LiveExit[] = [];
		const app = render(<LiveApp source={sourceOf(session, state)} size={{width: 80, height: 24}} pollMs={20} onExport={() => ''} onExit={(how) => exits.push(how)} />);
		unmount = app.unmount;
		const waiting = await until(app.lastFrame, (t) => t.includes('no line read yet'), 'the empty view');
		expect(waiting.split('\n')[0]).toMatch(/reading…$/);
		expect(waiting).not.toContain('NO INPUT');
		await feedDemo(session);
		const read = await until(app.lastFrame, (t) => t.includes('apiserver-loopback-cert-expired'), 'the finding');
		expect(read.split('\n')[0]).toMatch(/reading…$/);
		state.finishedAt = Date.now();
		await until(app.lastFrame, (t) => t.split('\n')[0]!.endsWith('done'), 'done');
		app.stdin.write('\u0003');
		await until(() => exits.join(','), (t) => t === 'interrupt', 'the interrupt');
	});

	it('stops on an outside interrupt (SIGINT)', async () => {
		const session = await newSession();
		const controller = new AbortController();
		const exits: LiveExit[] = [];
		const app = render(<LiveApp source={sourceOf(session, {caughtUp: true, finishedAt: Date.now()})} size={{width: 80, height: 24}} interrupt={controller.signal} onExport={() => ''} onExit={(how) => exits.push(how)} />);
		unmount = app.unmount;
		await until(app.lastFrame, (t) => t.includes('Findings'), 'the list');
		controller.abort();
		await until(() => exits.join(','), (t) => t === 'interrupt', 'the interrupt');
	});

	/** A source that tells its listeners when something was read, as the live view command's does. */
	function told(session: DiagnosisSession, state: {caughtUp: boolean; finishedAt: number | undefined}) {
		const listeners = new Set<(urgent: boolean) => void>();
		let reports = 0;
		const source: SnapshotSource = {
			...sourceOf(session, state, true),
			report: () => {
				reports++;
				return session.report();
			},
			subscribe: (listener) => {
				listeners.add(listener);
				return () => listeners.delete(listener);
			},
		};
		return {source, tell: (urgent: boolean) => listeners.forEach((listener) => listener(urgent)), reports: () => reports};
	}

	const incident = 'E1121 07:50:01.000000  790992 reflector.go:178] k8s.io/client-go/informers/factory.go:135: Failed to list *v1.Secret: Get "https://10.13.96.11:6443/api/v1/secrets?resourceVersion=1": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-21T07:50:01Z is after 2026-11-21T07:42:14Z\n';
	async function healthyKlog(): Promise<string> {
		const lines = (await readFile('fixtures/incidents/loopback-expired-klog/kube-apiserver.INFO', 'utf8')).split('\n').slice(0, 262);
		return lines.filter((l) => !l.includes('x509') && !l.includes('TLS handshake')).join('\n') + '\n';
	}

	it('draws a line written to a followed pipe when the reading tells, with no poll to wait for', async () => {
		const session = await newSession();
		const state = {caughtUp: true, finishedAt: undefined as number | undefined};
		const {source, tell} = told(session, state);
		const stdin = new PassThrough();
		const stop = new AbortController();
		const feeding = feedSources(session, [{type: 'stdin'}], {maxLineBytes: 65_536, stdin, signal: stop.signal, follow: true, quietMs: 5, onRead: tell});
		// An hour between looks: only being told can bring the line to the screen.
		const app = render(<LiveApp source={source} size={{width: 100, height: 30}} pollMs={3_600_000} onExport={() => ''} onExit={() => {}} />);
		unmount = app.unmount;
		stdin.write(await healthyKlog());
		await until(app.lastFrame, (t) => t.includes('Findings (0)') && t.includes('following'), 'the healthy log, followed');
		stdin.write(incident);
		await until(app.lastFrame, (t) => t.includes('apiserver-loopback-cert-expired'), 'the finding of the written line');
		stop.abort();
		await feeding;
	});

	it('draws a burst of what was read as one frame: the report is built once for a thousand notices', async () => {
		const session = await newSession();
		const state = {caughtUp: true, finishedAt: undefined as number | undefined};
		const {source, tell, reports} = told(session, state);
		const app = render(<LiveApp source={source} size={{width: 100, height: 30}} pollMs={3_600_000} onExport={() => ''} onExit={() => {}} />);
		unmount = app.unmount;
		await until(app.lastFrame, (t) => t.includes('no line read yet'), 'the empty view');
		const before = reports();
		await feedDemo(session);
		for (let i = 0; i < 1000; i++) tell(false);
		tell(true);
		await until(app.lastFrame, (t) => t.includes('apiserver-loopback-cert-expired'), 'the finding');
		expect(reports() - before).toBe(1);
	});
});
