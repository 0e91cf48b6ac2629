import type {AddressRole} from '../detect/rule-schema.js';
import {isLoopbackAddress} from '../detect/values/address.js';

/** The role an address has for this node; `AddressRole` adds the rules' groupings (`any`, `control-plane`). */
export type ConcreteRole = 'apiserver' | 'self' | 'loopback' | 'etcd' | 'kubelet' | 'service' | 'remote-apiserver' | 'foreign';

/** What the correlate stage knows of the node, for telling its own addresses from others. */
export type SelfView = {
	readonly ips: ReadonlySet<string>;
	/** The node's host names, lower case, each also by its first label (`cp-1` for `cp-1.example.com`). */
	readonly names: ReadonlySet<string>;
	readonly securePort: number;
	/** False when the secure port is the default guess (no flag, no `Serving securely on`, no live process). */
	readonly securePortKnown: boolean;
};

const etcdPorts = new Set([2379, 2380, 4001]);
const kubeletPorts = new Set([10250, 10255]);
// Ports of the node's other components: a request to one of them on the node's own address is not the apiserver's.
const otherComponentPorts = new Set([10248, 10249, 10256, 10257, 10259, 9099, 9100, 9153, 9345, 10010, 443, 80, 53, 22]);

const firstLabel = (name: string): string => {
	const dot = name.indexOf('.');
	return dot === -1 ? name : name.slice(0, dot);
};

/** True for the node's own addresses: its IPs, loopback, its host names (also fully qualified). */
export function isOwnAddress(address: string, self: SelfView): boolean {
	return self.ips.has(address) || isLoopbackAddress(address) || self.names.has(address) || (self.names.size > 0 && /[a-z]/.test(address) && self.names.has(firstLabel(address)));
}

/**
 * Classifies an address (with its port, when known) for this node. etcd and kubelet ports name their
 * component on any host. The node's own address is the apiserver on its secure port; when that port is
 * only the default guess, on any port that is not another known component's (apiservers serve on 443,
 * 4443, 6443, 6444, 8443, 16443, 60002, …).
 */
export function addressRole(address: string | undefined, port: number | undefined, self: SelfView): ConcreteRole | undefined {
	if (address === undefined) return undefined;
	if (port !== undefined && etcdPorts.has(port)) return 'etcd';
	if (port !== undefined && kubeletPorts.has(port)) return 'kubelet';
	if (isOwnAddress(address, self)) {
		if (port === undefined || port === self.securePort) return 'apiserver';
		if (!self.securePortKnown && !otherComponentPorts.has(port)) return 'apiserver';
		return isLoopbackAddress(address) ? 'loopback' : 'self';
	}

	// How clients name an apiserver: its port, the names kubeadm/OpenShift/in-cluster clients use.
	if (port === self.securePort || port === 6443 || /^(?:api|api-int)\./.test(address) || /^kubernetes(?:\.default(?:\.svc(?:\.cluster\.local)?)?)?\.?$/.test(address)) return 'remote-apiserver';
	if (/\.svc(?:\.cluster\.local)?\.?$/.test(address)) return 'service';
	return 'foreign';
}

/** Whether a rule's wanted role admits an address's role. */
export function roleMatches(wanted: AddressRole, actual: ConcreteRole | undefined): boolean {
	if (actual === undefined) return false;
	switch (wanted) {
		case 'any': {
			return true;
		}

		case 'self': {
			return actual === 'self' || actual === 'apiserver' || actual === 'loopback';
		}

		case 'loopback': {
			return actual === 'loopback' || actual === 'apiserver';
		}

		case 'control-plane': {
			return actual === 'self' || actual === 'apiserver' || actual === 'loopback' || actual === 'etcd' || actual === 'kubelet';
		}

		case 'apiserver-endpoint': {
			return actual === 'apiserver' || actual === 'remote-apiserver';
		}

		case 'foreign': {
			return actual === 'foreign' || actual === 'remote-apiserver';
		}

		case 'apiserver':
		case 'etcd':
		case 'kubelet':
		case 'service': {
			return actual === wanted;
		}

		default: {
			return wanted satisfies never;
		}
	}
}

/**
 * The role of a group's target, knowing who wrote the lines: kube-apiserver calls no other apiserver, so an
 * apiserver endpoint it calls (its advertise address on the secure port, when no line said that address is its
 * own) is itself.
 */
export function targetRole(target: string | undefined, port: number | undefined, reporter: string, self: SelfView): ConcreteRole | undefined {
	const role = addressRole(target, port, self);
	return role === 'remote-apiserver' && reporter === 'apiserver' && target !== undefined && !/^(?:api|api-int)\./.test(target) ? 'apiserver' : role;
}
