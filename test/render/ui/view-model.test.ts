import {beforeAll, describe, expect, it} from 'vitest';
import type {Report} from '../../../src/diagnose/report.js';
import {textWidth} from '../../../src/render/ui/screen-line.js';
import {initialUiState, type UiState} from '../../../src/render/ui/ui-state.js';
import {buildScreen, sideBySideWidth} from '../../../src/render/ui/view-model.js';
import {demoReport, drawnHeight, progressOf, screenText, snapshotOf, withFinding} from './fixtures.js';

let report: Report;
beforeAll(async () => {
	report = await demoReport();
});

const detail = (over: Partial<UiState> = {}): UiState => ({...initialUiState, screen: 'detail', selectedId: 'apiserver-loopback-cert-expired', ...over});

describe('buildScreen: the list', () => {
	it('fits 80x24: every row within the width, the whole screen within the height', () => {
		const model = buildScreen(snapshotOf(report), initialUiState, {width: 80, height: 24});
		const rows = screenText(model);
		for (const row of rows) expect(textWidth(row)).toBeLessThanOrEqual(80);
		expect(drawnHeight(model)).toBeLessThanOrEqual(24);
		expect(model.body.kind === 'list' && model.body.contextWidth).toBe(undefined);
		const text = rows.join('\n');
		expect(text).toContain('▸ CRITICAL');
		expect(text).toContain('apiserver-loopback-cert-expired  0.99 high  102 lines');
		expect(text).toContain('first 2026-11-27T10:38:45Z  last 2026-11-28T07:47:43Z');
		expect(text).toContain('Own IPs   10.13.96.11');
		expect(text).toContain('done');
	});

	it('puts the context panel beside the findings on a wide terminal', () => {
		const model = buildScreen(snapshotOf(report), initialUiState, {width: 160, height: 40});
		expect(model.body.kind).toBe('list');
		if (model.body.kind !== 'list') return;
		expect(model.body.contextWidth).toBeGreaterThan(30);
		expect(model.body.listWidth + 2 + model.body.contextWidth!).toBe(160);
		const context = model.body.context.map((row) => row.map((s) => s.text).join(''));
		expect(context.join('\n')).toMatch(/Own IPs\s+10\.13\.96\.11 advertise-address, bind-address/);
		expect(context.join('\n')).toContain('Started   2025-11-27T11:38:14Z');
		expect(context.join('\n')).toContain('Uptime    365 days at the last line');
		expect(context.join('\n')).toContain('Version   v1.28.9');
		expect(context.join('\n')).toContain('Loopback  expires 2026-11-27T10:38:13Z');
		expect(context.join('\n')).toContain('expired 21 hours before the last line');
		for (const row of model.body.context) expect(textWidth(row.map((s) => s.text).join(''))).toBeLessThanOrEqual(model.body.contextWidth!);
		expect(sideBySideWidth).toBeLessThanOrEqual(160);
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

	it('filters findings by their evidence', () => {
		const none = screenText(buildScreen(snapshotOf(report), {...initialUiState, filter: 'no such text'}, {width: 100, height: 30})).join('\n');
		expect(none).toContain('No finding has evidence matching the filter');
		expect(none).toContain('filter: "no such text"');
		const some = buildScreen(snapshotOf(report), {...initialUiState, filter: 'persistentvolume'}, {width: 100, height: 30});
		expect(some.view.findingIds).toEqual(['apiserver-loopback-cert-expired']);
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
	it('shows the actions, the evidence with source:line and the x509 error, and fits the screen', () => {
		const model = buildScreen(snapshotOf(report), detail(), {width: 120, height: 40});
		const rows = screenText(model);
		expect(drawnHeight(model)).toBeLessThanOrEqual(40);
		for (const row of rows) expect(textWidth(row)).toBeLessThanOrEqual(120);
		const text = rows.join('\n');
		expect(text).toContain('CRITICAL apiserver-loopback-cert-expired  confidence 0.99 (high)  102 lines');
		expect(text).toContain('1. Restart the apiserver on this node (kubeadm)');
		expect(text).toMatch(/kube-apiserver\/0\.log:314 {2}2026-11-27T10:38:45Z/);
		expect(text).toContain('x509: certificate has expired or is not yet valid');
		expect(text).toMatch(/rows 1-\d+ of \d+/);
	});

	it('lays out every section in order, and the commands to copy are the commands, whole', () => {
		const model = buildScreen(snapshotOf(report), detail(), {width: 100, height: 2000});
		const rows = screenText(model);
		const order = ['Do now', 'Evidence (12 of 102 lines)', 'Confirm', 'Timeline', 'Why', 'What is happening', 'Long term', 'References'].map((h) => rows.findIndex((r) => r.startsWith(h)));
		expect(order.every((at) => at > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		const confirm = rows.slice(order[2]! + 1, order[3]! - 1).filter((r) => r !== '');
		let joined = confirm.join('');
		for (const command of report.findings[0]!.verify) {
			expect(joined.startsWith(command)).toBe(true);
			joined = joined.slice(command.length);
		}

		expect(joined).toBe('');
		expect(rows.some((r) => r.startsWith('  + the failing requests go to the apiserver'))).toBe(true);
	});

	it('charts the matching lines per minute with the apiserver start and the loopback expiry marked', () => {
		const rows = screenText(buildScreen(snapshotOf(report), detail(), {width: 100, height: 2000}));
		const at = rows.findIndex((r) => r.startsWith('Timeline'));
		const chart = rows.slice(at, at + 12);
		const bars = chart.find((r) => r.startsWith('  │'))!;
		expect(bars).toHaveLength(2 + 96 + 2);
		// A year of logs and a day of failures: all of them in the last columns.
		expect(bars.slice(3, 90).trim()).toBe('');
		expect(bars.slice(90)).toMatch(/[▁-█]/);
		const marks = chart[chart.indexOf(bars) + 1]!;
		expect(marks.indexOf('S')).toBe(3);
		expect(marks.indexOf('X')).toBeGreaterThan(90);
		expect(chart.join('\n')).toContain('zoomed to first..last seen');
		expect(chart.join('\n')).toContain('S apiserver start 2025-11-27T11:38:14Z');
		expect(chart.join('\n')).toContain('X loopback expiry 2026-11-27T10:38:13Z');
		expect(chart.join('\n')).toMatch(/ {2}2025-11-27T11:38:13Z +2026-11-28T08:01:38Z/);
	});

	it('filters the evidence and scrolls within bounds', () => {
		const rows = screenText(buildScreen(snapshotOf(report), detail({filter: 'PersistentVolume'}), {width: 100, height: 2000}));
		const evidence = rows.filter((r) => /0\.log:\d+/.test(r) && r.startsWith('  fixtures'));
		expect(rows.join('\n')).toContain('Evidence (12 of 102 lines, 2 matching "PersistentVolume")');
		expect(evidence.map((r) => /:(\d+)/.exec(r)![1])).toEqual(['314', '315']);
		const last = buildScreen(snapshotOf(report), detail({scroll: 10_000}), {width: 100, height: 30});
		const shown = screenText(last);
		expect(shown.at(-1)).toMatch(/rows (\d+)-(\d+) of \2/);
	});

	it('never lets a byte from the logs reach the terminal unescaped', () => {
		const hostile = withFinding(report, (f) => ({
			...f,
			summary: 'summary \u001B[2J cleared',
			evidence: [{...f.evidence[0]!, source: 'evil\u001B[31m.log', text: 'x509: certificate has expired \u001B]0;pwned\u0007 and \u001B[2J \u009B1m \u202Egnp.exe'}],
		}));
		for (const state of [detail(), initialUiState, detail({filter: 'pwned'})]) {
			const model = buildScreen(snapshotOf(hostile), state, {width: 200, height: 200});
			const all = screenText(model).join('\n');
			expect(all).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/);
			if (state.screen === 'detail') {
				expect(all).toContain('\\x1b]0;pwned\\x07 and \\x1b[2J \\u009b1m \\u202egnp.exe');
				expect(all).toContain('evil\\x1b[31m.log');
				expect(all).toContain('summary \\x1b[2J cleared');
			}
		}
	});
});

describe('buildScreen: help', () => {
	it('lists every key', () => {
		const text = screenText(buildScreen(snapshotOf(report), {...initialUiState, screen: 'help'}, {width: 80, height: 24})).join('\n');
		for (const key of ['enter', 'esc', '/', 'e', '?', 'q  ctrl-c', 'j k']) expect(text).toContain(key);
	});
});
