import {readdirSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {fixtureLines, fixturePath, parseFixture} from './parse-fixture.js';

const excerpts = readdirSync(fixturePath('realworld')).filter((name) => name.endsWith('.log')).sort();

describe('real excerpts', () => {
	test('there are excerpts to read', () => {
		expect(excerpts.length).toBeGreaterThan(20);
	});

	test.each(excerpts)('%s: every line is part of a record; only blank lines are skipped', (name) => {
		const lines = fixtureLines(`realworld/${name}`);
		const {records, unparsed, stats} = parseFixture(`realworld/${name}`, {year: {kind: 'mtime', ms: Date.UTC(2026, 0, 1)}});
		expect(unparsed).toEqual([]);
		expect(stats.lines).toBe(lines.length);
		expect(stats.skipped).toBe(lines.filter((line) => line.trim() === '').length);
		expect(stats.recordLines + stats.skipped).toBe(stats.lines);
		// Every non-blank line's text is in a record: as its raw first line or inside its (joined) message.
		const texts = records.map((record) => record.raw + '\n' + record.message);
		for (const line of lines.filter((text) => text.trim() !== '')) {
			const tail = line.slice(Math.max(0, line.length - 40)).trimStart();
			expect(texts.some((text) => text.includes(tail)), line).toBe(true);
		}

		expect(records.every((record) => record.time === undefined || Number.isFinite(new Date(record.time).getTime()))).toBe(true);
	});

	test('formats found in the excerpts', () => {
		const formatOf = (name: string): object => parseFixture(`realworld/${excerpts.find((file) => file.startsWith(name))!}`).stats.format;
		expect(formatOf('r2-01')).toEqual({envelope: 'none', payload: 'mixed'});
		expect(formatOf('r2-04')).toEqual({envelope: 'none', payload: 'etcd-capnslog'});
		expect(formatOf('r2-05')).toEqual({envelope: 'journald-short', payload: 'logrus-text'});
		expect(formatOf('r2-08')).toEqual({envelope: 'none', payload: 'zap-json'});
		expect(formatOf('r2-09')).toEqual({envelope: 'journald-short', payload: 'zap-json'});
		expect(formatOf('r2-10')).toEqual({envelope: 'journald-short', payload: 'plain'});
		expect(formatOf('r2-11')).toEqual({envelope: 'none', payload: 'kubectl-event'});
		expect(formatOf('r2-14')).toEqual({envelope: 'kubectl', payload: 'klog'});
		expect(formatOf('r2-17')).toEqual({envelope: 'journald-short', payload: 'klog'});
		expect(formatOf('31-')).toEqual({envelope: 'none', payload: 'golog'});
	});

	test('r2-05: the logrus time inside journald gives the year, severity error from level=error', () => {
		const {records} = parseFixture(`realworld/${excerpts.find((file) => file.startsWith('r2-05'))!}`, {year: {kind: 'mtime', ms: Date.UTC(2026, 0, 1)}});
		expect(records.map((record) => [new Date(record.time!).toISOString(), record.severity, record.unit, record.pid])).toEqual([
			['2024-10-17T03:22:51.000Z', 'error', 'rke2', 5252],
			['2024-10-17T03:22:53.000Z', 'error', 'rke2', 5252],
			['2024-10-17T03:22:55.000Z', 'error', 'rke2', 5252],
		]);
	});
});
