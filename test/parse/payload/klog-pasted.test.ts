import {describe, expect, test} from 'vitest';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('several klog records pasted onto one line', () => {
	test('fixture: split at each header of the same day; the later pieces add no physical line', () => {
		const {stats} = expectRows('formats/klog-pasted.log', [
			{line: 1, lineCount: 1, severity: 'info', caller: 'server.go:565', iso: '2022-05-10T17:43:56.889Z', message: 'external host was not specified, using 10.0.0.5'},
			{line: 1, lineCount: 0, severity: 'error', caller: 'reflector.go:138', iso: '2022-05-10T17:43:57.001Z', message: 'k8s.io/client-go/informers/factory.go:134: Failed to watch *v1.Service: failed to list *v1.Service: Get "https://127.0.0.1:6443/api/v1/services": x509: certificate has expired or is not yet valid'},
			{line: 1, lineCount: 0, severity: 'warning', caller: 'genericapiserver.go:656', message: 'Skipping API apps/v1beta1 because it has no resources.'},
			{line: 2, lineCount: 1, message: 'a message that names I0510 but has no header after it'},
		]);
		expect(stats).toMatchObject({lines: 2, records: 4, recordLines: 2});
	});

	test('a headerless line after pasted pieces is a record of its own, so every record spans [line, line + lineCount)', () => {
		const {records} = parseLines(['I0510 17:43:56.000000       1 a.go:1] first message here, long enough E0510 17:43:57.000000       1 b.go:2] second', 'continuation']);
		expect(records.map((record) => [record.line, record.lineCount, record.payload])).toEqual([[1, 1, 'klog'], [1, 0, 'klog'], [2, 1, 'plain']]);
	});

	test('inside a CRI envelope the pieces keep the envelope time', () => {
		const {records} = parseLines(['2022-05-10T17:43:56.5Z stderr F I0510 17:43:56.000000       1 a.go:1] first message here, long enough I0510 17:43:56.100000       1 b.go:2] second']);
		expect(records.map((record) => [record.envelope, record.caller, record.message, new Date(record.time!).toISOString()])).toEqual([
			['cri', 'a.go:1', 'first message here, long enough', '2022-05-10T17:43:56.500Z'],
			['cri', 'b.go:2', 'second', '2022-05-10T17:43:56.500Z'],
		]);
	});
});

describe('envelopes inside envelopes', () => {
	test('klog inside journald inside CRI: the journald prefix gives host, unit and pid, the CRI time stays', () => {
		const {records} = parseLines([
			'2022-05-10T17:43:56.5Z stdout F May 10 17:43:56 node1 kube-apiserver[790992]: E0510 17:43:56.000000  790992 a.go:1] inner klog',
			'2022-05-10T17:43:57Z stdout F Feb text that only starts like a month',
		]);
		expect(records.map((record) => [record.envelope, record.payload, record.host, record.unit, record.pid, record.severity, record.message, new Date(record.time!).toISOString()])).toEqual([
			['cri', 'klog', 'node1', 'kube-apiserver', 790_992, 'error', 'inner klog', '2022-05-10T17:43:56.500Z'],
			['cri', 'plain', undefined, undefined, undefined, undefined, 'Feb text that only starts like a month', '2022-05-10T17:43:57.000Z'],
		]);
	});

	test('zap JSON inside a journald JSON MESSAGE', () => {
		const {records} = parseLines([JSON.stringify({__REALTIME_TIMESTAMP: '1652175836889617', _HOSTNAME: 'node1', SYSLOG_IDENTIFIER: 'etcd', _PID: '880', PRIORITY: '4', MESSAGE: '{"level":"warn","ts":"2022-05-10T09:43:56.889Z","caller":"etcdserver/util.go:163","msg":"apply request took too long","took":"1.2s"}'})]);
		expect(records[0]).toMatchObject({envelope: 'journald-json', payload: 'zap-json', host: 'node1', unit: 'etcd', pid: 880, severity: 'warning', message: 'apply request took too long', fields: {took: '1.2s'}});
	});
});
