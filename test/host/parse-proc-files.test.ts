import {describe, expect, it} from 'vitest';
import {
	apiserverArguments,
	parseBootTime,
	parseFlags,
	parseStartTicks,
	splitCommandLine,
} from '../../src/host/parse-proc-files.js';

describe('parse-proc-files', () => {
	it('splits a NUL-separated cmdline with or without the final NUL', () => {
		expect(splitCommandLine('kube-apiserver\0--a=1\0')).toEqual(['kube-apiserver', '--a=1']);
		expect(splitCommandLine('kube-apiserver\0--a=1')).toEqual(['kube-apiserver', '--a=1']);
	});

	it.each([
		[['/usr/local/bin/kube-apiserver', '--a=1'], ['--a=1']],
		[['kube-apiserver'], []],
		[['/hyperkube', 'kube-apiserver', '--b'], ['--b']],
		[['/hyperkube', 'apiserver'], []],
		[['/hyperkube', 'kubelet'], undefined],
		[['/usr/bin/kube-apiserver-proxy'], undefined],
		[['/usr/bin/bash', 'kube-apiserver'], undefined],
		[[], undefined],
	])('apiserverArguments(%j) = %j', (argv, expected) => {
		expect(apiserverArguments(argv)).toEqual(expected);
	});

	it('parses every flag form, with values that contain = and commas', () => {
		expect(parseFlags([
			'--admission-control-config-file=/etc/a.yaml',
			'--enable-admission-plugins=NodeRestriction,LimitRanger',
			'--service-account-issuer', 'https://kubernetes.default.svc.cluster.local',
			'--feature-gates=A=true,B=false',
			'--profiling',
			'--anonymous-auth=false',
			'positional',
			'--last',
		])).toEqual({
			'admission-control-config-file': '/etc/a.yaml',
			'enable-admission-plugins': 'NodeRestriction,LimitRanger',
			'service-account-issuer': 'https://kubernetes.default.svc.cluster.local',
			'feature-gates': 'A=true,B=false',
			profiling: 'true',
			'anonymous-auth': 'false',
			last: 'true',
		});
	});

	it('reads starttime after the last parenthesis of the comm', () => {
		const stat = '77 (a) b) c) S 1 77 77 0 -1 4194560 1 0 0 0 3 4 0 0 20 0 1 0 987654 1000 10 0';
		expect(parseStartTicks(stat)).toBe(987_654);
		expect(parseStartTicks('77 (short) S 1')).toBeUndefined();
		expect(parseStartTicks('no parenthesis')).toBeUndefined();
	});

	it('reads btime from /proc/stat', () => {
		expect(parseBootTime('cpu 1 2\nbtime 1712345678\nprocesses 9\n')).toBe(1_712_345_678);
		expect(parseBootTime('cpu 1 2\n')).toBeUndefined();
	});
});
