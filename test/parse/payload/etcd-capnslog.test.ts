import {describe, expect, test} from 'vitest';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('etcd capnslog', () => {
	test('fixture: time (local, here UTC), level letter, package, --debug caller, a line with the time cut off', () => {
		const {stats} = expectRows('formats/etcd-capnslog.log', [
			{payload: 'etcd-capnslog', iso: '2026-05-10T17:43:56.889Z', timePrecision: 'us', severity: 'warning', component: 'etcdserver', message: String.raw`read-only range request "key:\"/registry/pods/kube-system/\" range_end:\"/registry/pods/kube-system0\" " with result "range_response_count:12 size:53219" took too long (1.212345678s) to execute`},
			{iso: '2026-05-10T17:43:57.001Z', severity: 'info', component: 'raft', message: 'raft.node: 8e9e05c52164694d elected leader 8e9e05c52164694d at term 7'},
			{severity: 'info', component: 'etcdserver/membership', message: 'set the initial cluster version to 3.4'},
			{severity: 'error', component: 'rafthttp'},
			{severity: 'fatal', component: 'etcdmain', message: 'cannot access data directory: mkdir /var/lib/etcd: permission denied'},
			{severity: 'debug', component: 'etcdserver', caller: 'server.go:123', message: 'applied incoming snapshot'},
			{iso: '2026-05-10T17:44:02.500Z', severity: 'warning'},
			{severity: 'warning', message: 'server is likely overloaded'},
			{payload: 'etcd-capnslog', iso: undefined, severity: undefined, component: 'etcdmain', message: 'rejected connection from "10.0.0.7:64762" (error "tls: failed to verify client\'s certificate: x509: certificate has expired or is not yet valid", ServerName "")'},
		]);
		expect(stats.format).toEqual({envelope: 'none', payload: 'etcd-capnslog'});
	});

	test('the time is local time', () => {
		const {records} = parseLines(['2026-05-10 17:43:56.889617 I | etcdmain: x'], {timeZone: 'local'});
		expect(records[0]!.time).toBeCloseTo(new Date(2026, 4, 10, 17, 43, 56, 889).getTime() + 0.617, 3);
	});

	test('a multi-line message continues on lines with no prefix; other text with a colon is not capnslog', () => {
		const {records} = parseLines(['2026-05-10 17:43:56.889617 E | etcdserver: first', 'second line', '2026-05-10 17:43:57.000000 I | etcdserver: next']);
		expect(records.map((record) => [record.payload, record.lineCount, record.message])).toEqual([['etcd-capnslog', 2, 'first\nsecond line'], ['etcd-capnslog', 1, 'next']]);
		expect(parseLines(['kubelet: not an etcd package']).records[0]!.payload).toBe('plain');
	});

	test.each([
		'2026-05-10 17:43:56.889617 Q | etcdmain: unknown level',
		'2026-05-10 17:43:56 I | etcdmain: no fraction',
		'2026-13-10 17:43:56.889617 I | etcdmain: month 13',
	])('%s is not capnslog', (line) => {
		expect(parseLines([line]).records[0]!.payload).toBe('plain');
	});
});
