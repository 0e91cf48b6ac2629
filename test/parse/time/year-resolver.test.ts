import {describe, expect, test} from 'vitest';
import type {YearHint} from '../../../src/parse/line-parser.js';
import {parseFixture, parseLines} from '../parse-fixture.js';

const klogLine = (mmdd: string, message = 'x'): string => `I${mmdd} 12:00:00.000000       1 a.go:1] ${message}`;
const yearsOf = (lines: string[], year: YearHint): Array<[number, string | undefined]> =>
	parseLines(lines, {year}).records.map((record) => [new Date(record.time!).getUTCFullYear(), record.yearFrom]);

const ms = (iso: string): number => Date.parse(iso);

describe('year of year-less times', () => {
	test('flag: the first line is in that year, and December -> January moves it on', () => {
		const {records} = parseFixture('formats/klog-rollover.log', {year: {kind: 'flag', year: 2022}});
		expect(records.map((record) => new Date(record.time!).toISOString())).toEqual([
			'2022-12-31T23:59:58.000Z',
			'2023-01-01T00:00:01.000Z',
			// A late December line right after the rollover stays in the old year...
			'2022-12-31T23:59:59.999Z',
			// ...and does not roll the year again.
			'2023-01-01T00:00:02.000Z',
			'2023-02-01T10:00:00.000Z',
		]);
		expect(records.every((record) => record.yearFrom === 'flag')).toBe(true);
	});

	test.each<[string, YearHint, string[], number[]]>([
		['mtime, last line before mtime day', {kind: 'mtime', ms: ms('2024-03-01T00:00:00Z'), lastLine: klogLine('0215')}, ['0210', '0215'], [2024, 2024]],
		['mtime, last line after mtime day is last year', {kind: 'mtime', ms: ms('2024-03-01T00:00:00Z'), lastLine: klogLine('1120')}, ['1110', '1120'], [2023, 2023]],
		['mtime, first line after last line starts a year earlier', {kind: 'mtime', ms: ms('2024-01-05T00:00:00Z'), lastLine: klogLine('0104')}, ['1230', '0104'], [2023, 2024]],
		['mtime with a journald last line', {kind: 'mtime', ms: ms('2024-01-05T00:00:00Z'), lastLine: 'Jan 04 10:00:00 node1 app[1]: x'}, ['1230', '0104'], [2023, 2024]],
		['mtime without last line: first line not after mtime', {kind: 'mtime', ms: ms('2024-01-05T00:00:00Z')}, ['1230', '0104'], [2023, 2024]],
		['mtime without last line, same year', {kind: 'mtime', ms: ms('2024-06-05T00:00:00Z')}, ['0501'], [2024]],
		['now: first line not after now', {kind: 'now', ms: ms('2024-01-02T00:00:00Z')}, ['1231', '0101'], [2023, 2024]],
		['now: today is this year', {kind: 'now', ms: ms('2024-05-10T00:00:00Z')}, ['0510'], [2024]],
		['now: less than a day ahead (clock skew, zones) is still this year', {kind: 'now', ms: ms('2024-05-10T13:00:00Z')}, ['0511'], [2024]],
		['now: more than a day ahead is last year', {kind: 'now', ms: ms('2024-05-10T11:00:00Z')}, ['0511'], [2023]],
	])('%s', (_name, hint, mmdd, years) => {
		expect(yearsOf(mmdd.map((day) => klogLine(day)), hint)).toEqual(years.map((year) => [year, hint.kind]));
	});

	test('a gap of months forward is time going on; only December right after January is the old year', () => {
		const flag: YearHint = {kind: 'flag', year: 2022};
		// A node that was off from February to August: its August lines are 2022's, and so is the December after them.
		expect(yearsOf([klogLine('0110'), klogLine('0820'), klogLine('1201'), klogLine('0102')], flag)).toEqual([
			[2022, 'flag'],
			[2022, 'flag'],
			[2022, 'flag'],
			[2023, 'flag'],
		]);
		expect(yearsOf([klogLine('0101'), klogLine('0701'), klogLine('1230')], flag).map(([year]) => year)).toEqual([2022, 2022, 2022]);
		// Out of order across the turn of the year, a moment apart.
		expect(yearsOf([klogLine('1231'), klogLine('0101'), klogLine('1231'), klogLine('0101')], flag).map(([year]) => year)).toEqual([2022, 2023, 2022, 2023]);
	});

	test('journald short lines get their year the same way', () => {
		const {records} = parseLines(['Dec 31 23:00:00 node1 app[1]: a', 'Jan 01 01:00:00 node1 app[1]: b'], {year: {kind: 'now', ms: ms('2024-01-01T02:00:00Z')}});
		expect(records.map((record) => [new Date(record.time!).toISOString(), record.yearFrom])).toEqual([
			['2023-12-31T23:00:00.000Z', 'now'],
			['2024-01-01T01:00:00.000Z', 'now'],
		]);
	});

	test('a klog header beats the flag, and a full envelope time beats both for the lines after it', () => {
		const {records} = parseLines([
			'Log file created at: 2019/05/10 17:43:56',
			klogLine('0510', 'header'),
			'2021-06-01T00:00:00Z stderr F ' + klogLine('0601', 'cri'),
			klogLine('0602', 'after cri'),
		], {year: {kind: 'flag', year: 2030}});
		expect(records.map((record) => [record.message, new Date(record.time!).getUTCFullYear(), record.yearFrom])).toEqual([
			['header', 2019, 'klog-header'],
			['cri', 2021, undefined],
			['after cri', 2021, 'envelope'],
		]);
	});

	test('times with a year are not inferred', () => {
		expect(yearsOf(['2022-05-10T17:43:56Z stderr F ' + klogLine('0101')], {kind: 'flag', year: 1990})).toEqual([[2022, undefined]]);
	});
});

describe('full dates inform the year of year-less lines next to them', () => {
	test('a year-less line between two full-dated lines of 2019 is in 2019, whatever the mtime says', () => {
		const lines = [
			'Nov 10 00:34:31 server1 k3s[4240]: time="2019-11-10T00:34:31Z" level=info msg="Starting k3s"',
			'Nov 10 00:34:32 server1 k3s[4240]: I1110 00:34:32.000000    4240 server.go:650] between',
			'2019-11-10T00:34:34.000000+0000 server1 k3s[4240]: time="2019-11-10T00:34:34Z" level=error msg="x"',
		];
		const {records} = parseLines(lines, {year: {kind: 'mtime', ms: ms('2025-06-01T00:00:00Z'), lastLine: lines[2]}});
		expect(records.map((record) => [new Date(record.time!).toISOString(), record.yearFrom])).toEqual([
			['2019-11-10T00:34:31.000Z', undefined],
			['2019-11-10T00:34:32.000Z', 'envelope'],
			['2019-11-10T00:34:34.000Z', undefined],
		]);
	});

	test('year-less lines before the first full date take the year of the last line\'s full date', () => {
		const lines = [
			'Nov 10 00:34:30 server1 systemd[1]: Starting Lightweight Kubernetes...',
			'Dec 31 23:59:59 server1 k3s[4240]: I1231 23:59:59.000000    4240 server.go:1] before the turn',
			'{"level":"warn","ts":"2020-01-01T00:00:01.000Z","caller":"etcdserver/util.go:163","msg":"apply request took too long"}',
		];
		const {records} = parseLines(lines, {year: {kind: 'mtime', ms: ms('2025-06-01T00:00:00Z'), lastLine: lines[2]}});
		expect(records.map((record) => [new Date(record.time!).toISOString(), record.yearFrom])).toEqual([
			['2019-11-10T00:34:30.000Z', 'envelope'],
			['2019-12-31T23:59:59.000Z', 'envelope'],
			['2020-01-01T00:00:01.000Z', undefined],
		]);
	});

	test('realworld r2-01: the logrus lines stamped with seconds since start take the time, and so the year, of their zap neighbours', () => {
		const {records, stats} = parseFixture('realworld/r2-01-cluster-cert-expired-k3s4438-clock-forward-127001-cacerts-etcd.log', {year: {kind: 'mtime', ms: ms('2025-06-01T00:00:00Z')}});
		expect(records.map((record) => [record.line, record.payload, record.timeFrom, new Date(record.time!).getUTCFullYear()])).toEqual([
			[1, 'logrus-text', 'process-uptime', 2031],
			[2, 'zap-json', undefined, 2031],
			[3, 'logrus-text', 'process-uptime', 2031],
			[4, 'zap-json', undefined, 2031],
			[5, 'logrus-text', 'process-uptime', 2031],
			[6, 'logrus-text', 'process-uptime', 2031],
		]);
		// ERRO[0025] came just before the zap line of 00:40:40.583: the process started 25 s before that at the latest.
		expect(new Date(records[0]!.time!).toISOString()).toBe('2031-11-11T00:40:40.583Z');
		expect(new Date(records[2]!.time!).toISOString()).toBe('2031-11-11T00:40:42.583Z');
		expect(stats.derivedTimes).toEqual({'event-age': 0, 'process-uptime': 4});
	});

	test('uptime-stamped lines with no full time anywhere stay without a time', () => {
		const {records} = parseLines(['ERRO[0025] first', 'INFO[0026] second']);
		expect(records.map((record) => [record.time, record.timeFrom, record.severity])).toEqual([[undefined, undefined, 'error'], [undefined, undefined, 'info']]);
	});
});

describe('the last line of a non-English journal', () => {
	test('its locale month anchors the year on the mtime', () => {
		const lines = ['déc. 30 10:00:00 node1 app[1]: x', 'janv. 04 10:00:00 node1 app[1]: y'];
		expect(yearsOf(lines, {kind: 'mtime', ms: ms('2024-01-05T00:00:00Z'), lastLine: lines[1]})).toEqual([[2023, 'mtime'], [2024, 'mtime']]);
	});
});
