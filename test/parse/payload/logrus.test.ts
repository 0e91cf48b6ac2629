import {describe, expect, test} from 'vitest';
import {parseLogfmt} from '../../../src/parse/payload/logrus-text.js';
import {searchableText} from '../../../src/parse/searchable-text.js';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('logrus text', () => {
	test('fixture: RFC 3339 with any fraction or zone, Go-quoted values, no time, the terminal form', () => {
		const {records} = expectRows('formats/logrus-text.log', [
			{payload: 'logrus-text', iso: '2026-05-10T09:43:56.000Z', timePrecision: 's', severity: 'info', message: 'Running kube-apiserver --advertise-port=6443 --bind-address=127.0.0.1 --secure-port=6444'},
			{iso: '2026-05-10T09:43:58.100Z', timePrecision: 'ns', severity: 'warning', message: 'Unable to watch for tunnel endpoints', fields: {error: 'context deadline exceeded'}},
			{iso: '2026-05-10T09:43:59.000Z', severity: 'error', message: 'CA cert validation failed: Get "https://127.0.0.1:6443/cacerts": x509: certificate signed by unknown authority'},
			{iso: undefined, severity: 'debug', message: 'no time written', fields: {component: 'agent'}},
			{iso: '2026-05-10T09:44:00.500Z', timePrecision: 'ms', severity: 'fatal'},
			// ERRO[0025]: 25 s after the process start, placed by the full time of the line before it.
			{iso: '2026-05-10T09:44:00.500Z', timePrecision: 's', timeFrom: 'process-uptime', severity: 'error'},
			{iso: '2021-01-28T09:38:14.216Z', timePrecision: 'ns', timeFrom: undefined, severity: 'info', message: 'Starting k3s v1.20.2+k3s1 (1d4adb03)'},
			{iso: '2026-05-10T09:44:02.500Z', timeFrom: 'process-uptime', severity: 'warning', message: 'Unable to remove node password: not found'},
		]);
		expect(searchableText(records[1]!)).toBe('Unable to watch for tunnel endpoints error=context deadline exceeded');
	});

	test('logfmt pairs: bare, quoted with escapes, empty, unterminated', () => {
		expect(parseLogfmt(String.raw`level=info msg="a \"b\"\nc" empty= path=/x/y@v1+2 cut="open`)).toEqual(new Map([
			['level', 'info'], ['msg', 'a "b"\nc'], ['empty', ''], ['path', '/x/y@v1+2'], ['cut', 'open'],
		]));
		expect(parseLogfmt('not a pair')).toBeUndefined();
	});

	test('logrus inside journald: the logrus time is the record time and informs the year-less lines after it', () => {
		const {records} = parseLines([
			'Oct 17 06:22:51 node rke2[5252]: time="2024-10-17T06:22:51+03:00" level=error msg="CA cert validation failed: Get \\"https://127.0.0.1:9345/cacerts\\": x509"',
			'Oct 17 06:22:52 node rke2[5252]: I1017 06:22:52.000000    5252 server.go:1] klog without a year',
		], {year: {kind: 'flag', year: 2030}});
		expect(records.map((record) => [record.payload, record.unit, record.pid, new Date(record.time!).toISOString(), record.yearFrom])).toEqual([
			['logrus-text', 'rke2', 5252, '2024-10-17T03:22:51.000Z', undefined],
			['klog', 'rke2', 5252, '2024-10-17T06:22:52.000Z', 'envelope'],
		]);
	});

	test('a level that is no logrus level, or a time= that is not first, is not logrus', () => {
		const {records} = parseLines(['level=loud msg=x', 'timer="1" level=info msg=x']);
		expect(records.map((record) => record.payload)).toEqual(['plain', 'plain']);
	});
});

describe('logrus JSON', () => {
	test('fixture: sorted keys, time with any fraction, \\u003c escapes decoded', () => {
		const {records} = expectRows('formats/logrus-json.log', [
			{payload: 'logrus-json', iso: '2026-05-10T09:43:56.000Z', severity: 'info', message: 'Starting k3s v1.27.4+k3s1 (36645e73)', fields: {}},
			{iso: '2026-05-10T09:43:58.100Z', timePrecision: 'ns', severity: 'warning', fields: {error: 'context deadline exceeded'}},
			{iso: '2026-05-10T09:43:59.000Z', severity: 'error', message: 'Failed to connect to proxy <wss://10.0.0.5:6443/v1-k3s/connect>'},
		]);
		expect(searchableText(records[1]!)).toBe('Unable to watch for tunnel endpoints error=context deadline exceeded');
		expect(searchableText(records[2]!)).toBe('Failed to connect to proxy <wss://10.0.0.5:6443/v1-k3s/connect> url=wss://10.0.0.5:6443/v1-k3s/connect');
	});
});
