import {describe, expect, test} from 'vitest';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from '../payload/decoder-table.js';

describe('syslog files', () => {
	test('RFC 3164 (rsyslog traditional): space-padded day, tag without PID, kernel lines', () => {
		expectRows('formats/syslog-rfc3164.log', [
			{envelope: 'journald-short', payload: 'klog', iso: '2022-05-05T07:03:06.000Z', host: 'node1', unit: 'kube-apiserver', pid: 1201, severity: 'info'},
			{payload: 'klog', unit: 'kubelet', pid: 1355, severity: 'error', message: 'node "node1" not found'},
			{payload: 'plain', unit: 'kernel', pid: undefined, iso: '2022-05-05T07:03:08.000Z'},
			{payload: 'plain', unit: 'systemd', pid: 1, iso: '2022-05-15T07:03:09.000Z', message: 'Started Kubernetes API Server.'},
		]);
	});

	test('RFC 3339 stamps journald cannot write, <PRI> forward format, RFC 5424', () => {
		expectRows('formats/syslog-rfc3339.log', [
			{envelope: 'syslog', payload: 'klog', iso: '2026-05-05T07:03:06.123Z', timePrecision: 'ms', host: 'node1', unit: 'kube-apiserver', pid: 1201, severity: 'error'},
			{envelope: 'syslog', payload: 'zap-json', iso: '2026-05-05T07:03:07.100Z', unit: 'etcd', pid: 880, severity: 'warning', message: 'apply request took too long'},
			// PRI 11 = user.err, but the klog letter F is more precise; the year comes from the lines before.
			{envelope: 'syslog', payload: 'klog', severity: 'fatal', yearFrom: 'envelope', iso: '2026-05-05T07:03:08.000Z', unit: 'kube-apiserver', pid: 1201},
			{envelope: 'syslog', payload: 'plain', severity: 'info', iso: '2026-05-05T07:03:09.000Z', timePrecision: 'us', host: 'node1', unit: 'kubelet', pid: 1355, message: 'Started kubelet'},
		]);
	});

	test('kubectl --timestamps is not mistaken for syslog; PRI gives the severity of plain lines', () => {
		const {records} = parseLines(['2022-05-10T17:43:59.5Z I0510 17:43:59.500000       1 server.go:2] x', '<12>May  5 07:03:08 node1 app[7]: careful']);
		expect(records.map((record) => [record.envelope, record.severity])).toEqual([['kubectl', 'info'], ['syslog', 'warning']]);
	});
});
