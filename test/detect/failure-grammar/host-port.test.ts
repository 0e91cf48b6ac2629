import {describe, expect, it} from 'vitest';
import {isDnsName, parseHostPort, parsePort, validHost} from '../../../src/detect/failure-grammar/host-port.js';

describe('parseHostPort', () => {
	it.each([
		['10.0.0.5:2379', true, {host: '10.0.0.5', port: 2379}],
		['[::1]:6443', true, {host: '::1', port: 6443}],
		['[FD00::1]:2379', true, {host: 'fd00::1', port: 2379}],
		['[::ffff:10.0.0.7]:53412', true, {host: '10.0.0.7', port: 53412}],
		['[fe80::1%eth0]:10250', true, {host: 'fe80::1', port: 10250}],
		['master.example.com:8443', true, {host: 'master.example.com', port: 8443}],
		['Api-Int.Cluster.Local.:6443', true, {host: 'api-int.cluster.local', port: 6443}],
		['kubernetes.default.svc', false, {host: 'kubernetes.default.svc', port: undefined}],
		['fd00::1', false, {host: 'fd00::1', port: undefined}],
		['localhost:1', true, {host: 'localhost', port: 1}],
		['localhost:65535', true, {host: 'localhost', port: 65_535}],
	] as const)('%s', (raw, portRequired, expected) => {
		expect(parseHostPort(raw, portRequired)).toEqual(expected);
	});

	it.each([
		['10.0.0.5', true],
		['10.0.0.5:0', false],
		['10.0.0.5:65536', false],
		['10.0.0.5:+80', false],
		['10.0.0.5:', false],
		['10.0.0.999:6443', false],
		['[10.0.0.5]:6443', false],
		['[::1:6443', false],
		['[::1]6443', false],
		['-bad-.example.com:443', false],
		['a..b:443', false],
		['under_score.example.com:443', false],
		[`${'a'.repeat(64)}.com:443`, false],
		['fd00::1', true],
		['', false],
	] as const)('rejects %s', (raw, portRequired) => {
		expect(parseHostPort(raw, portRequired)).toBeUndefined();
	});
});

describe('isDnsName', () => {
	it('accepts names of up to 253 characters and labels of up to 63', () => {
		const label = 'a'.repeat(63);
		const name = [label, label, label, 'a'.repeat(61)].join('.');
		expect(name).toHaveLength(253);
		expect(isDnsName(name)).toBe(true);
		expect(isDnsName(name + 'a')).toBe(false);
	});

	it('rejects an all-numeric last label, which is a malformed address', () => {
		expect(isDnsName('10.0.0.300')).toBe(false);
		expect(isDnsName('node-1.10')).toBe(false);
		expect(isDnsName('v1beta1.metrics.k8s.io')).toBe(true);
	});
});

describe('validHost and parsePort', () => {
	it('normalises addresses and keeps names in lower case', () => {
		// Canonical IPv6 (normalizeAddress compresses it), so one address is one group.
		expect(validHost('0:0:0:0:0:0:0:1')).toBe('::1');
		expect(validHost('::FFFF:192.168.0.1')).toBe('192.168.0.1');
		expect(validHost('[::1]')).toBe('::1');
		expect(validHost('ETCD-0')).toBe('etcd-0');
		expect(validHost('etcd 0')).toBeUndefined();
	});

	it('reads decimal ports 1-65535 only', () => {
		expect(parsePort('443')).toBe(443);
		expect(parsePort('0')).toBeUndefined();
		expect(parsePort('123456')).toBeUndefined();
		expect(parsePort('0x50')).toBeUndefined();
	});
});
