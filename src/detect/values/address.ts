import {canonicalDnsName, canonicalIp, parsePort} from './validate-values.js';

/** Where an address of the node's own came from, as the report names it. */
export type AddressOrigin =
	| 'flag'
	| 'bind-address'
	| 'advertise-address'
	| 'serving-line'
	| 'loopback'
	| 'self-request-and-handshake'
	| 'process-flags'
	| 'interface';

/** `[v6]:port` → `v6`, `host:port` → `host`; a bare IPv6 address (several colons) is left as it is. */
function withoutPort(raw: string): string {
	if (raw.startsWith('[')) {
		const end = raw.indexOf(']');
		return end === -1 ? raw.slice(1) : raw.slice(1, end);
	}

	const colon = raw.indexOf(':');
	// One colon means host:port; several mean a bare IPv6 address.
	return colon !== -1 && raw.indexOf(':', colon + 1) === -1 ? raw.slice(0, colon) : raw;
}

/**
 * One of the node's own addresses as a log or a flag names it, canonicalised, or undefined when it is not
 * an IP address: `10.0.0.5:6443` → `10.0.0.5`, `[::1]:6443` → `::1`, `::ffff:10.0.0.5` → `10.0.0.5`,
 * `fe80::1%eth0` → `fe80::1`; `$(touch pwned)`, `node-1` or `１０.０.０.５` → undefined.
 */
export function normalizeIp(raw: string | undefined): string | undefined {
	if (raw === undefined) return undefined;
	return canonicalIp(withoutPort(raw.trim()));
}

/**
 * What a rule's target or peer group names, canonicalised: an IP address (as normalizeIp), or a host,
 * webhook or APIService name (an RFC 1123 name, lower-cased; an API `group/version` becomes its APIService
 * name `version.group`; a `namespace/name` stays as it is). Anything else (shell syntax, spaces, control or look-alike characters, a name
 * over 253 characters) is undefined: the line still counts, but names no address.
 */
export function normalizeAddress(raw: string | undefined): string | undefined {
	if (raw === undefined) return undefined;
	const host = withoutPort(raw.trim());
	const ip = canonicalIp(host);
	if (ip !== undefined) return ip;
	const slash = host.indexOf('/');
	if (slash === -1) return canonicalDnsName(host);
	const group = canonicalDnsName(host.slice(0, slash));
	const version = host.slice(slash + 1).toLowerCase();
	if (group !== undefined && /^v\d+[a-z0-9]*$/.test(version)) return canonicalDnsName(`${version}.${group}`);
	// `namespace/name` (a lease, a pod): both parts DNS names, kept as written.
	const name = canonicalDnsName(host.slice(slash + 1));
	return group !== undefined && name !== undefined && host.indexOf('/', slash + 1) === -1 ? `${group}/${name}` : undefined;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackAddress(address: string): boolean {
	return address === 'localhost' || address === '::1' || address.startsWith('127.') || address === '0:0:0:0:0:0:0:1';
}

/** 0.0.0.0 and ::, which mean "every interface" rather than one address. */
export function isUnspecifiedAddress(address: string): boolean {
	return address === '0.0.0.0' || address === '::' || address === '';
}

/** The port of `host:port` or `[v6]:port`, or undefined. */
export function portOf(raw: string | undefined): number | undefined {
	if (raw === undefined) return undefined;
	const m = /(?:^\[[^\]]*\]|^[^:]*):(\d{1,5})$/.exec(raw.trim());
	return parsePort(m?.[1]);
}
