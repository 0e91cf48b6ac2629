import type {CompiledRules} from '../detect/compile-rules.js';
import type {SignalState} from '../detect/collect-signals.js';
import {isUnspecifiedAddress, normalizeAddress, type AddressOrigin} from './address.js';
import type {LiveFacts} from './live-facts.js';

/** One of the node's own addresses and every reason it is believed to be one. */
export type SelfAddress = {readonly ip: string; readonly from: readonly AddressOrigin[]};

/** The node's own addresses: flags, start-up lines, self-requests answered by own handshakes, the live system, loopback. */
export function collectSelfAddresses(rules: CompiledRules, state: SignalState, selfIps: readonly string[], live: LiveFacts | undefined): SelfAddress[] {
	const found = new Map<string, Set<AddressOrigin>>();
	const add = (raw: string | undefined, origin: AddressOrigin): void => {
		const ip = normalizeAddress(raw);
		if (ip === undefined || isUnspecifiedAddress(ip)) return;
		const set = found.get(ip) ?? new Set();
		set.add(origin);
		found.set(ip, set);
	};

	for (const ip of selfIps) add(ip, 'flag');
	for (const hit of state.context) {
		const address = hit.groups['address'] ?? hit.groups['address2'];
		if (hit.provides === 'bind-address') add(address, 'bind-address');
		if (hit.provides === 'advertise-address') add(address, 'advertise-address');
		if (hit.provides === 'serving-address') add(address, 'serving-line');
	}

	for (const pair of rules.selfAddressEvidence) {
		const targets = new Set([...(state.signals.get(pair.target)?.groups.values() ?? [])].map((g) => g.target).filter((t) => t !== undefined));
		for (const group of state.signals.get(pair.peer)?.groups.values() ?? []) {
			if (group.peer !== undefined && targets.has(group.peer)) add(group.peer, 'self-request-and-handshake');
		}
	}

	if (live !== undefined) {
		const flags = live.process?.flags ?? {};
		add(flags['bind-address'], 'process-flags');
		add(flags['advertise-address'], 'process-flags');
		for (const ip of live.interfaceAddresses ?? []) add(ip, 'interface');
	}

	for (const ip of ['127.0.0.1', '::1']) add(ip, 'loopback');
	return [...found].map(([ip, from]) => ({ip, from: [...from]}));
}
