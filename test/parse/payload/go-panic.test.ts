import {describe, expect, test} from 'vitest';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('Go panics', () => {
	test('fixture: a panic and a fatal error each become one fatal record with their goroutine stacks', () => {
		const {records} = expectRows('formats/go-panic.log', [
			{payload: 'go-panic', severity: 'fatal', line: 1, lineCount: 5, iso: undefined},
			{payload: 'go-panic', severity: 'fatal', line: 7, lineCount: 6},
			{payload: 'klog', line: 14},
		]);
		expect(records[0]!.message).toBe('panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x457c76]\ngoroutine 1 [running]:\nmain.main()\n\t/src/demo/main.go:3 +0x16');
		expect(records[1]!.message).toContain('created by k8s.io/apiserver/pkg/server.(*GenericAPIServer).PrepareRun in goroutine 1');
	});

	test('a goroutine dump after a klog F line stays part of it; one on its own starts a panic record', () => {
		const {records} = parseLines([
			'F0510 17:43:56.000000       1 server.go:1] failed to run',
			'goroutine 1 [running]:',
			'k8s.io/klog/v2.stacks(0x1)',
			'I0510 17:43:57.000000       1 server.go:2] restarted',
			'goroutine 7 [chan receive, 12 minutes]:',
			'main.wait()',
		]);
		expect(records.map((record) => [record.payload, record.severity, record.lineCount])).toEqual([['klog', 'fatal', 3], ['klog', 'info', 1], ['go-panic', 'fatal', 2]]);
	});

	test('each stack line its own journald entry of one process: one record', () => {
		const prefix = 'May 10 17:43:56 node1 kube-apiserver[42]: ';
		const {records} = parseLines([`${prefix}panic: boom`, `${prefix}goroutine 1 [running]:`, `${prefix}main.main()`, 'May 10 17:43:57 node1 systemd[1]: kube-apiserver.service: Main process exited']);
		expect(records.map((record) => [record.payload, record.unit, record.lineCount])).toEqual([['go-panic', 'kube-apiserver', 3], ['plain', 'systemd', 1]]);
	});
});
