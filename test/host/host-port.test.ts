import {describe, expect, it} from 'vitest';
import {defaultProbeTarget} from '../../src/host/default-probe-target.js';
import {formatHostPort, parseHostPort} from '../../src/host/host-port.js';

describe('parseHostPort', () => {
	it.each([
		['10.0.0.5:6443', {host: '10.0.0.5', port: 6443}],
		['10.0.0.5', {host: '10.0.0.5', port: 6443}],
		['[::1]:8443', {host: '::1', port: 8443}],
		['[fd00::5]', {host: 'fd00::5', port: 6443}],
		['::1', {host: '::1', port: 6443}],
		['master-1.example.com:443', {host: 'master-1.example.com', port: 443}],
		['10.0.0.5:0', undefined],
		['10.0.0.5:70000', undefined],
		['[not-v6]:1', undefined],
		['https://10.0.0.5:6443', undefined],
		['', undefined],
	])('%j', (text, expected) => {
		expect(parseHostPort(text, 6443)).toEqual(expected);
	});

	it('brackets IPv6 hosts when formatting', () => {
		expect(formatHostPort('::1', 6443)).toBe('[::1]:6443');
		expect(formatHostPort('10.0.0.5', 6443)).toBe('10.0.0.5:6443');
	});
});

describe('defaultProbeTarget', () => {
	const process = (flags: Record<string, string>) => ({pid: 1, startedAt: 0, flags, version: undefined, runMode: 'unknown' as const});

	it.each([
		[{'bind-address': '10.0.0.5', 'advertise-address': '10.0.0.6', 'secure-port': '8443'}, {host: '10.0.0.5', port: 8443}],
		[{'bind-address': '0.0.0.0', 'advertise-address': '10.0.0.6'}, {host: '10.0.0.6', port: 6443}],
		[{'bind-address': '::', 'advertise-address': 'fd00::6'}, {host: 'fd00::6', port: 6443}],
		[{'bind-address': '0.0.0.0'}, {host: '127.0.0.1', port: 6443}],
		[{'secure-port': 'nonsense'}, {host: '127.0.0.1', port: 6443}],
		// Any process may call itself kube-apiserver: a flag that is not an IP address or a port is not used.
		[{'bind-address': 'attacker.example.com', 'secure-port': '99999'}, {host: '127.0.0.1', port: 6443}],
		[{'bind-address': '$(touch pwned)', 'advertise-address': '10.0.0.6', 'secure-port': '0'}, {host: '10.0.0.6', port: 6443}],
		[{'bind-address': '[::]', 'advertise-address': '[FD00::6]'}, {host: 'fd00::6', port: 6443}],
	])('%j', (flags, expected) => {
		expect(defaultProbeTarget(process(flags))).toEqual(expected);
	});

	it('falls back to 127.0.0.1:6443 without a process', () => {
		expect(defaultProbeTarget(undefined)).toEqual({host: '127.0.0.1', port: 6443});
	});
});
