import {describe, expect, test} from 'vitest';
import type {LogRecord} from '../../src/parse/record.js';
import {parseFixture, parseLines} from './parse-fixture.js';

type Expected = Partial<Record<keyof LogRecord | 'iso' | 'caller' | 'structured' | 'fields', unknown>>;

const pick = (record: LogRecord, expected: Expected): Expected => {
	const out: Expected = {};
	for (const key of Object.keys(expected) as Array<keyof Expected>) {
		out[key] = key === 'iso'
			? (record.time === undefined ? undefined : new Date(record.time).toISOString())
			: (record as Record<string, unknown>)[key];
	}

	return out;
};

const cases: ReadonlyArray<{file: string; format: object; lines: number; expected: Expected[]}> = [
	{
		file: 'formats/journald-short.log',
		format: {envelope: 'journald-short', payload: 'klog'},
		lines: 11,
		expected: [
			{line: 2, payload: 'plain', unit: 'systemd', pid: 1, host: 'node1', iso: '2022-05-10T17:43:55.000Z', timePrecision: 's', yearFrom: 'flag', message: 'Started kube-apiserver.service - Kubernetes API Server.'},
			{line: 3, payload: 'klog', unit: 'kube-apiserver', pid: 790_992, severity: 'info', iso: '2022-05-10T17:43:56.889Z', timePrecision: 'us', caller: 'server.go:565'},
			{line: 4, lineCount: 2, severity: 'error', message: 'loading OpenAPI spec failed with: ResponseCode: 503\n, Header: map[Content-Type:[text/plain; charset=utf-8]]'},
			{line: 6, lineCount: 2, payload: 'plain', unit: 'myscript', message: 'first line of a multi-line message\nsecond line of it'},
			{line: 9, unit: 'systemd', message: 'kube-apiserver.service: Main process exited, code=exited, status=255/EXCEPTION'},
			{line: 11, unit: 'kernel', pid: undefined, iso: '2022-05-05T09:00:00.000Z'},
		],
	},
	{
		file: 'formats/journald-short-precise.log',
		format: {envelope: 'journald-short-precise', payload: 'klog'},
		lines: 2,
		expected: [
			{envelope: 'journald-short-precise', iso: '2022-05-10T17:43:56.889Z', timePrecision: 'us', yearFrom: 'flag'},
			{severity: 'warning', caller: 'genericapiserver.go:656'},
		],
	},
	{
		file: 'formats/journald-short-iso.log',
		format: {envelope: 'journald-short-iso', payload: 'klog'},
		lines: 2,
		expected: [
			{iso: '2022-05-10T09:43:56.000Z', timePrecision: 's', yearFrom: undefined, host: 'node1'},
			{iso: '2022-05-10T09:43:57.000Z', severity: 'error'},
		],
	},
	{
		file: 'formats/journald-short-iso-precise.log',
		format: {envelope: 'journald-short-iso-precise', payload: 'klog'},
		lines: 2,
		expected: [
			{iso: '2022-05-10T09:43:56.889Z', timePrecision: 'us'},
			{iso: '2022-05-10T09:43:57.001Z', timePrecision: 'us'},
		],
	},
	{
		file: 'formats/journald-short-full.log',
		format: {envelope: 'journald-short-full', payload: 'klog'},
		lines: 2,
		expected: [
			{payload: 'plain', iso: '2022-05-10T17:43:55.000Z', unit: 'systemd'},
			{payload: 'klog', iso: '2022-05-10T17:43:56.000Z', timePrecision: 's', yearFrom: undefined},
		],
	},
	{
		file: 'formats/journald-short-unix.log',
		format: {envelope: 'journald-short-unix', payload: 'klog'},
		lines: 2,
		expected: [
			{iso: '2022-05-10T09:43:56.889Z', timePrecision: 'us', pid: 790_992},
			{severity: 'warning'},
		],
	},
	{
		file: 'formats/journald.json',
		format: {envelope: 'journald-json', payload: 'klog'},
		lines: 6,
		expected: [
			{line: 1, iso: '2022-05-10T09:43:56.889Z', timePrecision: 'us', host: 'node1', pid: 790_992, unit: 'kube-apiserver', severity: 'info', message: 'external host was not specified'},
			{line: 2, unit: 'kube-apiserver', severity: 'error', caller: 'controller.go:152', message: '\u001B[31mUnable to remove old endpoints\u001B[0m'},
			{line: 5, iso: '2022-05-10T09:44:02.999Z', severity: 'warning', payload: 'plain', unit: 'systemd'},
		],
	},
	{
		file: 'formats/journald.json-seq',
		format: {envelope: 'journald-json', payload: 'klog'},
		lines: 2,
		expected: [{line: 1, payload: 'klog'}, {line: 2, payload: 'plain'}],
	},
	{
		file: 'formats/cri-crio.log',
		format: {envelope: 'cri', payload: 'klog'},
		lines: 3,
		expected: [
			{iso: '2022-05-10T17:43:56.889Z', timePrecision: 'ns', pid: 1},
			{iso: '2022-05-10T17:43:56.889Z', message: 'half-hour zone written by old conmon'},
			{iso: '2022-05-10T17:43:57.000Z', message: 'half-hour zone'},
		],
	},
	{
		file: 'formats/kubectl-timestamps.log',
		format: {envelope: 'kubectl', payload: 'klog'},
		lines: 2,
		expected: [{envelope: 'kubectl', iso: '2022-05-10T09:43:56.889Z', timePrecision: 'ns', lineCount: 2, yearFrom: undefined}],
	},
	{
		file: 'formats/kubectl-prefix.log',
		format: {envelope: 'kubectl', payload: 'mixed'},
		lines: 3,
		expected: [
			{pod: 'kube-apiserver-node1', container: 'kube-apiserver', payload: 'klog', iso: '2022-05-10T09:43:56.889Z'},
			{pod: 'kube-apiserver-node1', severity: 'error'},
			{pod: 'etcd-node1', container: 'etcd', payload: 'zap-json', severity: 'warning', caller: 'etcdserver/server.go:1234', iso: '2022-05-10T09:43:58.123Z', message: 'apply request took too long'},
		],
	},
	{
		file: 'formats/k8s-json.log',
		format: {envelope: 'none', payload: 'k8s-json'},
		lines: 5,
		expected: [
			{payload: 'k8s-json', severity: 'info', caller: 'json/json_test.go:79', iso: '2022-05-10T09:43:56.889Z', fields: {}},
			{severity: 'error', fields: {ns: 'default', podnum: 2, time: '1µs', err: 'invalid namespace:default'}},
			{severity: 'error', timePrecision: 'ms', caller: 'cacher/reflector.go:200'},
			{line: 5, payload: 'go-panic', severity: 'fatal', time: undefined},
		],
	},
	{
		file: 'formats/mixed-stdin.log',
		format: {envelope: 'mixed', payload: 'klog'},
		lines: 6,
		expected: [
			{envelope: 'journald-short', payload: 'klog', message: 'from journald', yearFrom: 'flag'},
			{envelope: 'cri', payload: 'klog', message: 'from a CRI file', iso: '2022-05-10T17:43:57.000Z'},
			{envelope: 'none', payload: 'klog', message: 'bare klog line', yearFrom: 'envelope', iso: '2022-05-10T17:43:58.000Z'},
			{envelope: 'kubectl', payload: 'klog', message: 'from kubectl --timestamps', iso: '2022-05-10T17:43:59.500Z'},
			{envelope: 'none', payload: 'plain', message: 'just some text', time: undefined},
			{envelope: 'docker-json', payload: 'plain', message: 'docker line', iso: '2022-05-10T17:44:00.000Z'},
		],
	},
	{
		file: 'realworld/09-cluster-cert-expired-k8sapiserver102-etcd-server-cert-cri.log',
		format: {envelope: 'cri', payload: 'plain'},
		lines: 1,
		expected: [{iso: '2023-12-16T06:35:01.426Z', timePrecision: 'ns', payload: 'plain'}],
	},
	{
		file: 'realworld/13-benign-tls-noise-typhoon629-gcp-lb-healthcheck-eof.log',
		format: {envelope: 'none', payload: 'klog'},
		lines: 13,
		expected: [{severity: 'info', caller: 'log.go:172', pid: 1, iso: '2022-01-24T20:57:51.321Z', message: 'http: TLS handshake error from 35.191.1.228:32772: EOF'}],
	},
	{
		file: 'realworld/19-unknown-authority-handbook224-kubelet-journal.log',
		format: {envelope: 'journald-short', payload: 'klog'},
		lines: 1,
		expected: [{host: 'k8s-node-1', unit: 'kubelet', pid: 20_520, severity: 'error', caller: 'reflector.go:125'}],
	},
	{
		file: 'realworld/22-kubelet-client-cert-expired-origin24242-csr-unauthorized-journal.log',
		format: {envelope: 'journald-short', payload: 'klog'},
		lines: 6,
		expected: [
			{host: 'osm1.acsu.buffalo.edu', unit: 'origin-node', severity: 'error'},
			{severity: 'info'},
			{severity: 'info'},
			{severity: 'fatal', caller: 'server.go:262'},
			{unit: 'systemd', payload: 'plain', message: 'Unit origin-node.service entered failed state.'},
			{unit: 'systemd', payload: 'plain'},
		],
	},
	{
		file: 'realworld/24-webhook-cert-percona2548-validating-webhook-expired.log',
		format: {envelope: 'none', payload: 'kubectl-error'},
		lines: 5,
		// kubectl's error, wrapped onto five lines in the issue, is one record.
		expected: [{line: 1, lineCount: 5, payload: 'kubectl-error', severity: 'error', component: 'kubectl', fields: {reason: 'InternalError'}}],
	},
	{
		file: 'realworld/27-aggregated-api-metrics-server1084-403.log',
		format: {envelope: 'none', payload: 'klog'},
		lines: 6,
		expected: [
			{line: 1, lineCount: 2, severity: 'error', caller: 'controller.go:116'},
			{line: 3, severity: 'info'},
			{line: 4, severity: 'error'},
			{line: 6, severity: 'warning', message: 'no RequestInfo found in the context'},
		],
	},
	{
		file: 'realworld/31-etcd-rancher18986-mvcc-database-space-exceeded.log',
		format: {envelope: 'none', payload: 'golog'},
		lines: 12,
		expected: [
			{payload: 'golog', severity: 'warning', iso: '2019-03-18T18:41:36.000Z', timePrecision: 's', message: '[WARNING] Failed to create precan rules for deployment-event-alert: etcdserver: mvcc: database space exceeded'},
			{severity: 'info'},
			{severity: 'info'},
			{severity: 'info'},
			{severity: 'error'},
		],
	},
];

describe('createLineParser on fixture files', () => {
	test.each(cases)('$file', ({file, format, lines, expected}) => {
		const {records, stats} = parseFixture(file);
		expect(stats.format).toEqual(format);
		expect(stats.lines).toBe(lines);
		expect(stats.recordLines + stats.unparsed + stats.skipped).toBe(stats.lines);
		for (const [index, want] of expected.entries()) {
			expect(pick(records[index]!, want), `record ${index}`).toEqual(want);
		}

		expect(records.every((record) => record.source === file)).toBe(true);
	});
});

describe('klog payload', () => {
	test.each([
		['I', 'info'],
		['W', 'warning'],
		['E', 'error'],
		['F', 'fatal'],
	])('severity letter %s is %s', (letter, severity) => {
		const {records} = parseLines([`${letter}0510 17:43:56.889617  790992 server.go:565] hello`]);
		expect(records[0]).toMatchObject({payload: 'klog', severity, pid: 790_992, caller: 'server.go:565', message: 'hello', structured: false});
	});

	test('a klog file header sets host and year, is skipped, and can reappear mid-file', () => {
		const {records, stats} = parseFixture('formats/klog-file-header.log', {year: {kind: 'flag', year: 1999}});
		expect(stats.skipped).toBe(9);
		expect(records.map((record) => [record.line, record.lineCount, record.host, record.yearFrom, new Date(record.time!).toISOString()])).toEqual([
			[5, 1, 'node1', 'klog-header', '2022-05-10T17:43:56.889Z'],
			[6, 1, 'node1', 'klog-header', '2022-05-10T17:43:57.001Z'],
			[7, 2, 'node1', 'klog-header', '2022-05-10T17:44:01.120Z'],
			[9, 4, 'node1', 'klog-header', '2022-05-10T17:44:02.000Z'],
			[13, 1, 'node1', 'klog-header', '2022-05-10T17:44:03.130Z'],
			[14, 3, 'node1', 'klog-header', '2022-05-10T17:44:04.000Z'],
			[22, 1, 'node2', 'klog-header', '2023-01-02T08:00:00.100Z'],
		]);
		expect(records[3]).toMatchObject({structured: true, message: '"Multi-line value" config=<\n\tline one\n\tline two\n >'});
		expect(records[5]!.message).toBe('failed to run apiserver: something broke\ngoroutine 1 [running]:\nk8s.io/klog/v2.stacks(0x1)');
	});

	test('the source path host is used when the line has none; the envelope host wins over it', () => {
		const {records} = parseLines([
			'I0510 17:43:56.889617       1 a.go:1] x',
			'May 10 17:43:57 node9 kube-apiserver[1]: I0510 17:43:57.000000       1 a.go:2] y',
		], {host: 'from-path', pod: 'p', container: 'c'});
		expect(records.map((record) => [record.host, record.pod, record.container])).toEqual([['from-path', 'p', 'c'], ['node9', 'p', 'c']]);
	});

	test('kubectl --prefix without --timestamps takes the time from klog', () => {
		const {records} = parseLines(['[pod/kube-apiserver-node1/kube-apiserver] I0510 17:43:56.889617       1 a.go:1] x']);
		expect(records[0]).toMatchObject({envelope: 'kubectl', pod: 'kube-apiserver-node1', container: 'kube-apiserver', payload: 'klog', timePrecision: 'us', yearFrom: 'flag'});
	});

	test('broken JSON is unparsed only where JSON is expected', () => {
		expect(parseLines(['{"ts":1652175836889.617,"msg":']).unparsed.map((entry) => entry.reason)).toEqual(['bad-json']);
		const klogThenBrace = parseLines(['I0510 17:43:56.889617       1 a.go:1] config:', '{', '  "a": 1', '}']);
		expect(klogThenBrace.unparsed).toEqual([]);
		expect(klogThenBrace.records[0]!.lineCount).toBe(4);
	});

	test('microseconds are kept in the time', () => {
		const {records} = parseLines(['I0510 17:43:56.889617       1 a.go:1] x']);
		expect(records[0]!.time).toBeCloseTo(Date.UTC(2022, 4, 10, 17, 43, 56, 889) + 0.617, 3);
		expect(records[0]!.timePrecision).toBe('us');
	});

	test('a line that only looks like klog is plain', () => {
		const {records} = parseLines(['I0510 not a klog line', 'E1399 17:43:56.889617       1 a.go:1] month 13']);
		expect(records.map((record) => record.payload)).toEqual(['plain', 'plain']);
	});
});

describe('plain lines', () => {
	test.each([
		['panic: runtime error: index out of range', 'fatal'],
		['fatal error: concurrent map writes', 'fatal'],
		['time="2022-05-10T09:43:56Z" level=warning msg="x"', 'warning'],
		['{"level":"error","msg":"no ts"}', 'error'],
		['hello', undefined],
	])('%s has severity %s', (line, severity) => {
		const {records} = parseLines([line]);
		expect(records[0]!.severity).toBe(severity);
	});
});
