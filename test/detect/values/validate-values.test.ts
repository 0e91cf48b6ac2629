import {isIP} from 'node:net';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {normalizeAddress, normalizeIp, portOf} from '../../../src/detect/values/address.js';
import {canonicalDnsName, canonicalIp, canonicalKubernetesVersion, ipVersion, isDnsName, parsePort} from '../../../src/detect/values/validate-values.js';

describe('canonicalIp', () => {
	it.each([
		['10.0.0.5', '10.0.0.5'],
		['::1', '::1'],
		['0:0:0:0:0:0:0:1', '::1'],
		['FD00:0:0::6', 'fd00::6'],
		['::ffff:10.0.0.5', '10.0.0.5'],
		['::FFFF:0a00:0005', '10.0.0.5'],
		['fe80::1%eth0', 'fe80::1'],
		['fe80::1%$(touch pwned)', 'fe80::1'],
	])('%s is %s', (text, canonical) => {
		expect(canonicalIp(text)).toBe(canonical);
	});

	it.each(['', 'localhost', 'node-1', '010.0.0.5', '10.0.0.256', '10.0.0.5%eth0', '10.0.0.5 ', '$(touch pwned)', '`id`', '10.0.0.5;id', '\uff11\uff10.0.0.5', '\u001b[31m10.0.0.5', '10.0.0.5\nid', '1::2::3'])('refuses %j', (text) => {
		expect(canonicalIp(text)).toBeUndefined();
	});
});

describe('ipVersion', () => {
	// Text made of the pieces of addresses (hex groups, colons, dots, zones) and a few other characters.
	const piece = fc.oneof(
		fc.constantFrom(':', '::', '.', '%', 'ffff', '0', '00', '010', '255', '256', '1', 'fe80', 'FE80', 'abcd', '12345', '%eth0', '%$(id)', ' ', '\t', '\n', '[', ']', 'g', '\uff11'),
		fc.integer({min: 0, max: 0xffff}).map((n) => n.toString(16)),
		fc.integer({min: 0, max: 300}).map(String),
	);
	const addressLike = fc.array(piece, {maxLength: 14}).map((parts) => parts.join(''));
	const real = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.tuple(fc.ipV6(), fc.constantFrom('%eth0', '%1', '%')).map(([a, z]) => a + z));

	it('says what node:net isIP says, of addresses and of text like them', () => {
		fc.assert(
			fc.property(fc.oneof(addressLike, real, fc.string()), (text) => {
				expect(ipVersion(text)).toBe(isIP(text));
			}),
			{numRuns: 20_000},
		);
	});
});

describe('parsePort', () => {
	it('takes 1 to 65535 in decimal and nothing else', () => {
		expect(['1', '6443', '65535'].map(parsePort)).toEqual([1, 6443, 65_535]);
		expect(['0', '65536', '99999', '+1', '-1', '64x', '6443 ', '0x1f', '', '123456'].map(parsePort)).toEqual(Array(10).fill(undefined));
		expect(parsePort(undefined)).toBeUndefined();
	});
});

describe('host names', () => {
	it('are RFC 1123 names, canonically lower case and without the root dot', () => {
		expect(canonicalDnsName('Validate.Kyverno.SVC-fail')).toBe('validate.kyverno.svc-fail');
		expect(canonicalDnsName('metrics-server.kube-system.svc.')).toBe('metrics-server.kube-system.svc');
		expect(isDnsName(`${'a'.repeat(63)}.example.com`)).toBe(true);
	});

	it.each(['', '-a.example.com', 'a-.example.com', 'a..b', 'a_b.example.com', `${'a'.repeat(64)}.example.com`, `${'a.'.repeat(126)}aa`, 'a;b', 'a b', '$(x)', '\uff45vil.example.com', '\u212aube.example.com', 'e\u0301.example.com'])('refuses %j', (text) => {
		expect(canonicalDnsName(text)).toBeUndefined();
	});
});

describe('canonicalKubernetesVersion', () => {
	it.each([
		['v1.28.9', 'v1.28.9'],
		['1.28.9+k3s1', 'v1.28.9+k3s1'],
		['v1.30.0-rc.1', 'v1.30.0-rc.1'],
		['v1.29.4-eks-036c24b', 'v1.29.4-eks-036c24b'],
		['v1.31.04', 'v1.31.4'],
	])('%s is %s', (text, canonical) => {
		expect(canonicalKubernetesVersion(text)).toBe(canonical);
	});

	it.each(['', 'v1.28', '1.28.9.1', 'v1.28.9$(id)', 'v1.28.9 ', 'v1.28.9;id', 'latest', 'v1.28.9-', `v1.28.9-${'a'.repeat(70)}`, 'v１.28.9'])('refuses %j', (text) => {
		expect(canonicalKubernetesVersion(text)).toBeUndefined();
	});
});

describe('addresses read from logs', () => {
	it('an own address is an IP address, with its port and brackets removed', () => {
		expect(['10.0.0.5:6443', '[::1]:6443', '[fe80::1%eth0]:6443', ' 10.0.0.5 ', '::ffff:10.0.0.5'].map(normalizeIp)).toEqual(['10.0.0.5', '::1', 'fe80::1', '10.0.0.5', '10.0.0.5']);
		expect(['node-1', 'node-1:6443', '$(touch pwned)', '10.0.0.5;id:6443', '', undefined].map(normalizeIp)).toEqual(Array(6).fill(undefined));
	});

	it('a target or peer is an IP address or a name; an API group/version is its APIService name', () => {
		expect(['10.0.0.5:6443', 'Webhook.Example.com:443', 'metrics.k8s.io/v1beta1', 'v1beta1.metrics.k8s.io', 'localhost:6443'].map(normalizeAddress)).toEqual([
			'10.0.0.5',
			'webhook.example.com',
			'v1beta1.metrics.k8s.io',
			'v1beta1.metrics.k8s.io',
			'localhost',
		]);
		expect(['$(touch pwned)', '`id`.example.com', 'a.example.com;id', 'a.example.com|id', '\uff45vil.example.com', `${'a'.repeat(300)}.com`, 'metrics.k8s.io/$(id)', 'a/b/c'].map(normalizeAddress)).toEqual(Array(8).fill(undefined));
	});

	it('a port is read only when it is one', () => {
		expect(['10.0.0.5:6443', '[::1]:443', '10.0.0.5:99999', '10.0.0.5:0', '10.0.0.5'].map(portOf)).toEqual([6443, 443, undefined, undefined, undefined]);
	});
});
