import {describe, expect, it} from 'vitest';
import {addressRole, isOwnAddress, roleMatches, targetRole, type SelfView} from '../../src/correlate/address-role.js';

const view = (over: Partial<SelfView> = {}): SelfView => ({
	ips: new Set(['10.0.0.5', '127.0.0.1', '::1']),
	names: new Set(['master', 'master.example.com']),
	securePort: 6443,
	securePortKnown: false,
	...over,
});

describe('the role of an address for this node', () => {
	it.each([
		// [address, port, secure port known, role]
		['10.0.0.5', 6443, false, 'apiserver'],
		['10.0.0.5', undefined, false, 'apiserver'],
		// The secure port is a guess: a self-request on any other port that is not another component's is the apiserver's.
		['10.0.0.5', 8443, false, 'apiserver'],
		['127.0.0.1', 6444, false, 'apiserver'],
		['::1', 16443, false, 'apiserver'],
		['master.example.com', 8443, false, 'apiserver'],
		['master.other.net', 4443, false, 'apiserver'],
		// Known: only that port is the apiserver; other own ports are the node's.
		['10.0.0.5', 8443, true, 'self'],
		['127.0.0.1', 9345, false, 'loopback'],
		['10.0.0.5', 10257, false, 'self'],
		// etcd and kubelets by port, on any host.
		['10.0.0.5', 2379, false, 'etcd'],
		['10.9.9.9', 2380, false, 'etcd'],
		['10.0.0.21', 10250, false, 'kubelet'],
		// Other hosts.
		['10.0.0.6', 6443, false, 'remote-apiserver'],
		['api-int.cluster.example.com', 443, false, 'remote-apiserver'],
		['kubernetes.default.svc', 443, false, 'remote-apiserver'],
		['webhook.ns.svc', 443, false, 'service'],
		['metrics-server.kube-system.svc.cluster.local', 443, false, 'service'],
		['10.0.0.6', 443, false, 'foreign'],
	] as const)('%s:%s (secure port known: %s) is %s', (address, port, known, role) => {
		expect(addressRole(address, port, view({securePortKnown: known}))).toBe(role);
	});

	it('does not take a host name for its own by its first label when the node has no name', () => {
		expect(isOwnAddress('master.example.com', view({names: new Set()}))).toBe(false);
	});

	it('matches the rules\' groupings', () => {
		expect(roleMatches('self', 'apiserver')).toBe(true);
		expect(roleMatches('self', 'etcd')).toBe(false);
		expect(roleMatches('control-plane', 'kubelet')).toBe(true);
		expect(roleMatches('control-plane', 'foreign')).toBe(false);
		expect(roleMatches('apiserver-endpoint', 'remote-apiserver')).toBe(true);
		expect(roleMatches('apiserver-endpoint', 'apiserver')).toBe(true);
		expect(roleMatches('foreign', 'remote-apiserver')).toBe(true);
		expect(roleMatches('any', undefined)).toBe(false);
		expect(roleMatches('any', 'service')).toBe(true);
	});
});

describe('the role of a target, knowing who wrote the line', () => {
	const self: SelfView = {ips: new Set(['127.0.0.1']), names: new Set(), securePort: 6443, securePortKnown: false};
	it('is the apiserver itself when kube-apiserver calls an apiserver endpoint no line named as its own', () => {
		expect(targetRole('10.0.0.5', 6443, 'apiserver', self)).toBe('apiserver');
		expect(targetRole('10.0.0.5', 6443, 'kubelet', self)).toBe('remote-apiserver');
		expect(targetRole('10.0.0.5', 6443, 'unknown', self)).toBe('remote-apiserver');
		expect(targetRole('api-int.example.com', 6443, 'apiserver', self)).toBe('remote-apiserver');
		expect(targetRole('10.0.0.5', 2379, 'apiserver', self)).toBe('etcd');
	});
});
