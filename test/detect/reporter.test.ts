import {describe, expect, it} from 'vitest';
import {reporterOf} from '../../src/detect/reporter.js';
import type {LogRecord} from '../../src/parse/record.js';

const record = (over: Partial<LogRecord>): LogRecord => ({
	source: '-', line: 1, lineCount: 1, time: undefined, timePrecision: undefined, yearFrom: undefined, severity: undefined,
	envelope: 'none', host: undefined, pod: undefined, container: undefined, pid: undefined, unit: undefined,
	message: '', raw: '', payload: 'plain', ...over,
} as LogRecord);

describe('which component wrote a line', () => {
	it.each([
		[{unit: 'kube-apiserver'}, 'apiserver'],
		[{unit: 'kube-apiserver.service'}, 'apiserver'],
		[{unit: 'kubelet'}, 'kubelet'],
		[{unit: 'etcd'}, 'etcd'],
		[{pod: 'kube-apiserver-cp-1', container: 'kube-apiserver'}, 'apiserver'],
		[{pod: 'etcd-cp-1'}, 'etcd'],
		[{pod: 'kube-controller-manager-cp-1'}, 'controller-manager'],
		[{pod: 'cert-manager-webhook-5d8f', container: 'cert-manager-webhook'}, 'other'],
		// Programs that embed the apiserver with other components say nothing.
		[{unit: 'k3s'}, 'unknown'],
		[{unit: 'microk8s.daemon-kubelite'}, 'unknown'],
		[{unit: 'origin-master'}, 'unknown'],
		[{unit: 'rke2'}, 'other'],
		[{source: '/var/log/kube-apiserver.log'}, 'apiserver'],
		[{source: '/var/log/kubelet.log'}, 'kubelet'],
		[{}, 'unknown'],
	] as const)('%o is %s', (fields, reporter) => {
		expect(reporterOf(record(fields))).toBe(reporter);
	});
});
