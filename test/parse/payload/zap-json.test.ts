import {describe, expect, test} from 'vitest';
import {searchableText} from '../../../src/parse/searchable-text.js';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('zap JSON', () => {
	test('fixture: ts of every etcd release shape, zone without colon, logger, error field, float seconds', () => {
		const {records} = expectRows('formats/zap-json.log', [
			{payload: 'zap-json', iso: '2026-05-10T09:43:56.889Z', timePrecision: 'ms', severity: 'warning', caller: 'etcdserver/util.go:163', component: undefined, message: 'apply request took too long'},
			{iso: '2026-05-10T09:43:56.889Z', timePrecision: 'us', severity: 'info', component: 'raft'},
			{iso: '2026-05-10T09:43:56.000Z', timePrecision: 's', severity: 'warning', message: 'rejected connection', fields: {'remote-addr': '10.0.0.7:38608', 'server-name': '', error: 'remote error: tls: bad certificate'}},
			{iso: '2026-05-10T09:43:56.889Z', timePrecision: 'us', severity: 'error'},
			{iso: '2026-05-10T09:43:56.889Z', timePrecision: 'us'},
			{iso: '2024-05-10T09:23:56.889Z', severity: 'warning'},
		]);
		expect(searchableText(records[2]!)).toBe('rejected connection remote-addr=10.0.0.7:38608 server-name= error=remote error: tls: bad certificate');
		// The stack trace is not searched; the JSON escapes of the request are decoded.
		expect(searchableText(records[3]!)).toBe('failed to publish local member to cluster through raft error=etcdserver: request timed out');
		expect(searchableText(records[0]!)).toContain('request=key:"/registry/leases/kube-system/kube-scheduler" ');
	});

	test('level names map to severities', () => {
		const levels = ['debug', 'info', 'warn', 'error', 'dpanic', 'panic', 'fatal'];
		const {records} = parseLines(levels.map((level) => `{"level":"${level}","ts":"2026-05-10T09:43:56.889Z","msg":"x"}`));
		expect(records.map((record) => record.severity)).toEqual(['debug', 'info', 'warning', 'error', 'fatal', 'fatal', 'fatal']);
	});

	test('inside a journald line the payload time beats the year-less envelope time', () => {
		const {records} = parseLines(['Mar 13 17:21:30 big-nuc k3s[4240]: {"level":"warn","ts":"2022-03-13T17:21:30.783-0700","caller":"etcdserver/util.go:123","msg":"failed to apply request","took":"10.558µs","error":"mvcc: database space exceeded"}'], {year: {kind: 'flag', year: 2026}});
		expect(records[0]).toMatchObject({envelope: 'journald-short', payload: 'zap-json', unit: 'k3s', pid: 4240, yearFrom: undefined, severity: 'warning'});
		expect(new Date(records[0]!.time!).toISOString()).toBe('2022-03-14T00:21:30.783Z');
		expect(searchableText(records[0]!)).toBe('failed to apply request took=10.558µs error=mvcc: database space exceeded');
	});
});
