import {beforeAll, describe, expect, it} from 'vitest';
import type {Report} from '../../../src/diagnose/report.js';
import {redactReport} from '../../../src/render/redact-report.js';
import {textWidth} from '../../../src/render/ui/screen-line.js';
import {initialUiState, unexplainedId, type UiState} from '../../../src/render/ui/ui-state.js';
import {buildScreen, sideBySideWidth} from '../../../src/render/ui/view-model.js';
import {demoReport, drawnHeight, progressOf, screenText, snapshotOf, withFinding} from './fixtures.js';

let report: Report;
beforeAll(async () => {
	report = await demoReport();
});

const detail = (over: Partial<UiState> = {}): UiState => ({...initialUiState, screen: 'detail', selectedId: 'apiserver-loopback-cert-expired', ...over});

describe('buildScreen: the list', () => {
	it('fits 80x24: every row within the width, the whole screen within the height, the findings before the context', () => {
		const model = buildScreen(snapshotOf(report), initialUiState, {width: 80, height: 24});
		const rows = screenText(model);
		for (const row of rows) expect(textWidth(row)).toBeLessThanOrEqual(80);
		expect(drawnHeight(model)).toBeLessThanOrEqual(24);
		expect(model.body.kind === 'list' && model.body.contextWidth).toBe(undefined);
		const text = rows.join('\n');
		expect(text).toContain('▸ CRITICAL');
		expect(text).toContain('apiserver-loopback-cert-expired  0.99 high  102 lines');
		expect(text).toContain('first seen 2026-11-27T10:38:45Z  last seen 2026-11-28T07:47:43Z');
		expect(text).toContain('33 warning/error lines no rule explains, in 10 shapes');
		expect(text).toContain('Own IPs   10.13.96.11');
		expect(rows.findIndex((r) => r.includes('no rule explains'))).toBeLessThan(rows.findIndex((r) => r.startsWith('Context')));
		expect(text).toContain('done');
	});

	it('gives a long list of findings the room on 80x24 and still shows some context', () => {
		const many: Report = {...report, findings: Array.from({length: 4}, (_, i) => ({...report.findings[0]!, id: `finding-${i}`}))};
		const rows = screenText(buildScreen(snapshotOf(many), initialUiState, {width: 80, height: 24}));
		for (const i of [0, 1, 2, 3]) expect(rows.join('\n')).toContain(`finding-${i}`);
		expect(rows.some((r) => r.startsWith('Context'))).toBe(true);
	});

	it('puts the context panel beside the findings on a wide terminal', () => {
		const model = buildScreen(snapshotOf(report), initialUiState, {width: 160, height: 40});
		expect(model.body.kind).toBe('list');
		if (model.body.kind !== 'list') return;
		expect(model.body.contextWidth).toBeGreaterThan(30);
		expect(model.body.listWidth + 2 + model.body.contextWidth!).toBe(160);
		const context = model.body.context.map((row) => row.map((s) => s.text).join('')).join('\n');
		expect(context).toMatch(/Own IPs\s+10\.13\.96\.11 advertise-address, bind-address/);
		expect(context).toContain('Started   2025-11-27T11:38:13Z');
		expect(context).toContain('start-up line 0.log:1');
		expect(context).toContain('Uptime    365 days at the last line');
		expect(context).toContain('Version   v1.28.9');
		expect(context).toContain('Loopback  expired 2026-11-27T10:38:13Z');
		expect(context).toContain('expired 21 hours before the last line');
		for (const row of model.body.context) expect(textWidth(row.map((s) => s.text).join(''))).toBeLessThanOrEqual(model.body.contextWidth!);
		expect(sideBySideWidth).toBeLessThanOrEqual(160);
	});

	it('counts the loopback expiry from now when the logs are live', () => {
		const live = {...report, predictionsFrom: 'now' as const, generatedAt: Date.parse('2026-11-29T10:38:13Z')};
		const model = buildScreen(snapshotOf(live), initialUiState, {width: 160, height: 40});
		const text = screenText(model).join('\n');
		expect(text).toContain('expired 2 days ago');
		expect(text).toContain('Uptime    366 days now');
	});

	it('windows a long list around the selection and says how many are hidden', () => {
		const many: Report = {...report, findings: Array.from({length: 12}, (_, i) => ({...report.findings[0]!, id: `finding-${i}`}))};
		const model = buildScreen(snapshotOf(many), {...initialUiState, selectedId: 'finding-8'}, {width: 80, height: 24});
		const text = screenText(model).join('\n');
		expect(drawnHeight(model)).toBeLessThanOrEqual(24);
		expect(text).toContain('▸ CRITICAL  finding-8');
		expect(text).toMatch(/↑ \d+ more/);
		expect(text).toMatch(/↓ \d+ more/);
		expect(text).not.toContain('finding-0 ');
	});

	it('filters findings by their evidence with a regular expression', () => {
		const none = screenText(buildScreen(snapshotOf(report), {...initialUiState, filter: 'no such text'}, {width: 100, height: 30})).join('\n');
		expect(none).toContain('No finding has evidence matching the search');
		expect(none).toContain('search: /no such text/');
		const some = buildScreen(snapshotOf(report), {...initialUiState, filter: 'persistent(volume|x)'}, {width: 100, height: 30});
		expect(some.view.findingIds).toEqual(['apiserver-loopback-cert-expired', unexplainedId]);
	});

	it('says what it is reading, never NO INPUT, before the first record', () => {
		const empty: Report = {...report, verdict: 'no-input', findings: [], sources: [], unknownTemplates: [], ruledOut: [], totals: {bytes: 0, lines: 0, records: 0, unparsed: 0}, noInput: 'no line has been read yet'};
		const rows = screenText(buildScreen(snapshotOf(empty, {phase: 'reading', inputs: ['/var/log/big.log'], progress: progressOf(empty)}), initialUiState, {width: 80, height: 24}));
		expect(rows[0]).toMatch(/^kubesleuth reading \/var\/log\/big\.log… +reading…$/);
		expect(rows.join('\n')).not.toContain('NO INPUT');
	});

	it('says it is still reading, with a progress bar, percentage and time left when the size is known', () => {
		const snapshot = snapshotOf(report, {phase: 'reading', rate: {bytesPerSecond: 1000, linesPerSecond: 50}, progress: progressOf(report, {bytes: 50_000, totalSize: 200_000})});
		const [title, stats] = screenText(buildScreen(snapshot, initialUiState, {width: 100, height: 30}));
		expect(title).toMatch(/reading…$/);
		expect(stats).toContain('1.0 kB/s');
		expect(stats).toMatch(/█+░+ 25% · 2m 30s left/);
	});

	it('shows a live rate instead of a bar when the size is unknown or the files are followed', () => {
		for (const [phase, totalSize] of [['reading', undefined], ['following', 100]] as const) {
			const snapshot = snapshotOf(report, {phase, rate: {bytesPerSecond: 2_500_000, linesPerSecond: 12_345}, progress: progressOf(report, {totalSize})});
			const [title, stats] = screenText(buildScreen(snapshot, initialUiState, {width: 100, height: 30}));
			expect(title).toMatch(phase === 'reading' ? /reading…$/ : /following$/);
			expect(stats).toContain('2.5 MB/s · 12,345 lines/s');
			expect(stats).not.toContain('░');
		}
	});
});

describe('buildScreen: the detail view', () => {
	it('shows the actions, the evidence as messages with source:line, and fits the screen', () => {
		const model = buildScreen(snapshotOf(report), detail(), {width: 120, height: 40});
		const rows = screenText(model);
		expect(drawnHeight(model)).toBeLessThanOrEqual(40);
		for (const row of rows) expect(textWidth(row)).toBeLessThanOrEqual(120);
		const text = rows.join('\n');
		expect(text).toContain('CRITICAL apiserver-loopback-cert-expired  confidence 0.99 (high)  102 lines');
		expect(text).toContain('1. Restart the apiserver on this node (kubeadm)');
		expect(text).toMatch(/rows 1-\d+ of \d+/);
		const all = screenText(buildScreen(snapshotOf(report), detail(), {width: 120, height: 2000})).join('\n');
		expect(all).toMatch(/2026-11-27T10:38:45Z {2}warning {2}cp-1 {2}0\.log:314/);
		expect(all).toContain('    k8s.io/client-go/informers/factory.go:150: failed to list *v1.PersistentVolume');
		expect(all).not.toContain('stderr F');
	});

	it('shows the raw lines with r', () => {
		const all = screenText(buildScreen(snapshotOf(report), detail({raw: true}), {width: 200, height: 2000})).join('\n');
		expect(all).toMatch(/ {4}2026-11-27T10:38:45\.\d+Z stderr F W1127 10:38:45\.\d+ +1 reflector\.go:535\]/);
	});

	it('lays out every section in order, and draws each command whole on one row, cut at the edge, never wrapped', () => {
		const model = buildScreen(snapshotOf(report), detail(), {width: 80, height: 2000});
		const rows = screenText(model);
		const order = ['Do now', 'Confirm', 'Evidence (12 of 157 matching lines)', 'Timeline', 'Why', 'What is happening', 'Long term', 'References'].map((h) => rows.findIndex((r) => r.startsWith(h)));
		expect(order.every((at) => at > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		const commands = model.view.focusables.filter((f) => f.kind === 'command');
		const finding = report.findings[0]!;
		expect(commands.map((c) => c.kind === 'command' && c.text)).toEqual([...finding.actions, ...finding.verify, ...finding.longTerm].flatMap((s) => (s.command === undefined ? [] : [s.command])));
		for (const command of commands) {
			const row = rows[model.header.length + command.row]!;
			expect(textWidth(row)).toBeLessThanOrEqual(80);
			const text = command.kind === 'command' ? command.text : '';
			// The row starts the command; a long one is cut with › and continues on no other row.
			expect(row.replace(/^ *(?:▸ )?/, '').replace(/›$/, '')).toBe(text.slice(0, row.replace(/^ *(?:▸ )?/, '').replace(/›$/, '').length));
			if (text.length > 70) expect(row.endsWith('›')).toBe(true);
		}

		expect(rows.some((r) => r.startsWith('  + the failing requests go to the apiserver'))).toBe(true);
	});

	it('searches every evidence line with a regular expression and counts the matches', () => {
		const rows = screenText(buildScreen(snapshotOf(report), detail({filter: 'Persistent(Volume)'}), {width: 100, height: 2000}));
		expect(rows.join('\n')).toContain('Evidence (12 of 157 matching lines, 2 matching /Persistent(Volume)/)');
		const last = buildScreen(snapshotOf(report), detail({scroll: 10_000}), {width: 100, height: 30});
		expect(screenText(last).at(-1)).toMatch(/^rows (\d+)-(\d+) of \2 /);
	});

	it('never lets a byte from the logs reach the terminal unescaped', () => {
		const hostile = withFinding(report, (f) => ({
			...f,
			summary: 'summary \u001B[2J cleared',
			evidence: [{...f.evidence[0]!, source: 'evil\u001B[31m.log', message: 'x509: certificate has expired \u001B]0;pwned\u0007 and \u001B[2J \u009B1m \u202Egnp.exe'}],
		}));
		for (const state of [detail(), initialUiState, detail({filter: 'pwned'}), detail({raw: true})]) {
			const model = buildScreen(snapshotOf(hostile), state, {width: 200, height: 200});
			const all = screenText(model).join('\n');
			expect(all).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/);
			if (state.screen === 'detail' && !state.raw) {
				expect(all).toContain('\\x1b]0;pwned\\x07 and \\x1b[2J \\u009b1m \\u202egnp.exe');
				expect(all).toContain('evil\\x1b[31m.log');
				expect(all).toContain('summary \\x1b[2J cleared');
			}
		}
	});

	it('shows no secret in the evidence or its search once the report is redacted', () => {
		const secret = withFinding(report, (f) => ({...f, evidence: [{...f.evidence[0]!, message: 'bad request Authorization: Bearer s3cr3t0k3n1234', text: 'raw Authorization: Bearer s3cr3t0k3n1234'}]}));
		const {report: redacted} = redactReport(secret);
		for (const state of [detail(), detail({raw: true}), detail({filter: 's3cr3t'})]) {
			const all = screenText(buildScreen(snapshotOf(redacted), state, {width: 200, height: 200})).join('\n');
			expect(all).not.toContain('s3cr3t0k3n1234');
		}

		const searched = screenText(buildScreen(snapshotOf(redacted), detail({filter: 's3cr3t'}), {width: 200, height: 200})).join('\n');
		expect(searched).toContain('0 matching /s3cr3t/');
	});
});

describe('buildScreen: the other screens', () => {
	it('lists every key in the help', () => {
		const text = screenText(buildScreen(snapshotOf(report), {...initialUiState, screen: 'help'}, {width: 100, height: 30})).join('\n');
		for (const key of ['enter', 'esc', '/', 'e', '?', 'q  ctrl-c', 'j k', 'tab', 'y', 'r', 't', 'n N']) expect(text).toContain(key);
	});

	it('opens the table of lines no rule explains, with counts, shapes and their example', () => {
		const model = buildScreen(snapshotOf(report), {...initialUiState, screen: 'templates', row: 1}, {width: 100, height: 40});
		const text = screenText(model).join('\n');
		expect(text).toContain('Lines no rule explains');
		expect(text).toMatch(/ {5}19 {2}warning/);
		expect(text).toContain('watch chan error: etcdserver: mvcc: required revision has been compacted');
		expect(text).toMatch(/e\.g\. 0\.log:\d+/);
		expect(model.view.selectable).toBe(report.unknownTemplates.length);
		expect(model.view.selectableAt[1]).toEqual({source: report.unknownTemplates[1]!.example.source, line: report.unknownTemplates[1]!.example.line});
	});

	it('shows a line among its neighbours, read back, the line marked', () => {
		const target = report.findings[0]!.evidence[1]!;
		const neighbours = [report.findings[0]!.evidence[0]!, target, report.findings[0]!.evidence[2]!];
		const model = buildScreen(snapshotOf(report), {...initialUiState, screen: 'context', context: {source: target.source, line: target.line, back: 'detail'}}, {width: 100, height: 40}, {context: {status: 'done', lines: neighbours}});
		const rows = screenText(model);
		expect(rows.join('\n')).toContain(`Around 0.log:${target.line}`);
		expect(rows.find((r) => r.startsWith('▶ '))).toContain(`0.log:${target.line}`);
		const unavailable = screenText(buildScreen(snapshotOf(report), {...initialUiState, screen: 'context', context: {source: '-', line: 3, back: 'detail'}}, {width: 100, height: 40}, {context: {status: 'unavailable', reason: 'stdin was piped in and cannot be read a second time'}})).join('\n');
		expect(unavailable).toContain('cannot be read a second time');
	});

	it('lists the whole-log search results with counts and what could not be searched', () => {
		const lines = report.findings[0]!.evidence.slice(0, 2);
		const model = buildScreen(snapshotOf(report), {...initialUiState, screen: 'search', filter: '*handshake'}, {width: 100, height: 40}, {search: {status: 'done', matches: lines, total: 55, linesRead: 545, skipped: ['stdin: stdin was piped in and cannot be read a second time']}});
		const text = screenText(model).join('\n');
		expect(text).toContain('Search the whole log /handshake/');
		expect(text).toContain('55 matching lines in 545 lines read; the first 2 are listed');
		expect(text).toContain('stdin: stdin was piped in');
		expect(model.view.selectable).toBe(2);
	});
});
