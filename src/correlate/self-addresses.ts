import type {CompiledRules} from '../detect/compile-rules.js';
import type {SignalState} from '../detect/collect-signals.js';
import type {ContextHit} from '../detect/collect-signals.js';
import {isUnspecifiedAddress, normalizeIp, type AddressOrigin} from '../detect/values/address.js';
import type {LiveFacts} from './live-facts.js';

/** One of the node's own addresses and every reason it is believed to be one. */
export type SelfAddress = {readonly ip: string; readonly from: readonly AddressOrigin[]};

/** A value that failed validation: which kind it was and where it was read (never the value itself). */
export type IgnoredValue = {readonly kind: 'address' | 'port' | 'version'; readonly what: string; readonly where: string};

const addressWords: Readonly<Record<AddressOrigin, string>> = {
	flag: 'address',
	'bind-address': 'bind address',
	'advertise-address': 'advertise address',
	'serving-line': 'serving address',
	loopback: 'address',
	'self-request-and-handshake': 'address',
	'process-flags': 'address',
	interface: 'address',
};

export const whereHit = (hit: ContextHit): string => `${hit.evidence.source}:${hit.evidence.line}`;

/** The node's own addresses: flags, start-up lines, self-requests answered by own handshakes, the live system, loopback. */
export function collectSelfAddresses(rules: CompiledRules, state: SignalState, selfIps: readonly string[], live: LiveFacts | undefined, ignored: IgnoredValue[]): SelfAddress[] {
	const found = new Map<string, Set<AddressOrigin>>();
	/** `from` says where a value that claims to be an address was read; without it a name is left out silently. */
	const add = (raw: string | undefined, origin: AddressOrigin, from?: string): void => {
		if (raw === undefined || raw === '') return;
		// Only an IP address is an address of the node's own: anything else (a name, shell syntax) is left out.
		const ip = normalizeIp(raw);
		if (ip === undefined) {
			if (from !== undefined) ignored.push({kind: 'address', what: addressWords[origin], where: from});
			return;
		}

		if (isUnspecifiedAddress(ip)) return;
		const set = found.get(ip) ?? new Set();
		set.add(origin);
		found.set(ip, set);
	};

	for (const ip of selfIps) add(ip, 'flag', '--self-ip');
	for (const hit of state.context) {
		const address = hit.groups['address'] ?? hit.groups['address2'];
		if (hit.provides === 'bind-address') add(address, 'bind-address', whereHit(hit));
		if (hit.provides === 'advertise-address') add(address, 'advertise-address', whereHit(hit));
		if (hit.provides === 'serving-address') add(address, 'serving-line', whereHit(hit));
	}

	for (const pair of rules.selfAddressEvidence) {
		const targets = new Set([...(state.signals.get(pair.target)?.groups.values() ?? [])].map((g) => g.target).filter((t) => t !== undefined));
		for (const group of state.signals.get(pair.peer)?.groups.values() ?? []) {
			if (group.peer !== undefined && targets.has(group.peer)) add(group.peer, 'self-request-and-handshake');
		}
	}

	if (live !== undefined) {
		const flags = live.process?.flags ?? {};
		add(flags['bind-address'], 'process-flags', `kube-apiserver process (pid ${live.process?.pid}) --bind-address`);
		add(flags['advertise-address'], 'process-flags', `kube-apiserver process (pid ${live.process?.pid}) --advertise-address`);
		for (const ip of live.interfaceAddresses ?? []) add(ip, 'interface');
	}

	for (const ip of ['127.0.0.1', '::1']) add(ip, 'loopback');
	return [...found].map(([ip, from]) => ({ip, from: [...from]}));
}
