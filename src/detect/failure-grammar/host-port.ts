import {normalizeAddress} from '../values/address.js';
import {ipVersion} from '../values/validate-values.js';

/** A validated `host[:port]` read from a message: an IP address (normalised) or a DNS name (lower case). */
export type HostPort = {
	readonly host: string;
	readonly port: number | undefined;
};

const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const allDigits = /^\d+$/;

/** RFC 1123 host name: labels of letters, digits and inner hyphens, 253 characters at most, a last label that is not all digits. */
export function isDnsName(name: string): boolean {
	const bare = name.endsWith('.') ? name.slice(0, -1) : name;
	if (bare.length === 0 || bare.length > 253) return false;
	const labels = bare.split('.');
	// An all-numeric last label is a malformed IPv4 address (`10.0.0.999`), not a name.
	return labels.every((part) => label.test(part)) && !allDigits.test(labels.at(-1)!);
}

/** A decimal port 1-65535, or undefined. */
export function parsePort(text: string): number | undefined {
	if (text.length === 0 || text.length > 5 || !allDigits.test(text)) return undefined;
	const port = Number(text);
	return port >= 1 && port <= 65_535 ? port : undefined;
}

/**
 * A host as written in a message, validated: `[v6]`, a bare IP address or a DNS name. IP addresses are
 * normalised (IPv6 lower case without brackets or zone, IPv4-mapped `::ffff:a.b.c.d` to `a.b.c.d`).
 */
export function validHost(raw: string): string | undefined {
	if (raw.startsWith('[')) {
		const inner = raw.endsWith(']') ? raw.slice(1, -1) : '';
		return ipVersion(inner) === 6 ? normalizeAddress(inner) : undefined;
	}

	if (ipVersion(raw) !== 0) return normalizeAddress(raw);
	return isDnsName(raw) ? raw.toLowerCase().replace(/\.$/, '') : undefined;
}

/** `[v6]:port`, `v4:port`, `name:port`, or without the port unless `portRequired`; undefined when any part is invalid. */
export function parseHostPort(raw: string, portRequired: boolean): HostPort | undefined {
	let hostText = raw;
	let portText: string | undefined;
	if (raw.startsWith('[')) {
		const close = raw.indexOf(']');
		if (close < 0) return undefined;
		hostText = raw.slice(0, close + 1);
		const rest = raw.slice(close + 1);
		if (rest !== '') {
			if (!rest.startsWith(':')) return undefined;
			portText = rest.slice(1);
		}
	} else {
		const colon = raw.lastIndexOf(':');
		// Two colons or more without brackets: a bare IPv6 address, which Go never prints with a port.
		if (colon >= 0 && raw.indexOf(':') === colon) {
			hostText = raw.slice(0, colon);
			portText = raw.slice(colon + 1);
		}
	}

	const host = validHost(hostText);
	if (host === undefined) return undefined;
	if (portText === undefined) return portRequired ? undefined : {host, port: undefined};
	const port = parsePort(portText);
	return port === undefined ? undefined : {host, port};
}

/** The characters of an address token in Go's network errors: host names, IPv4, bracketed IPv6 with zone, `:port`. */
export const addressSource = String.raw`(?:\[[0-9A-Fa-f:.]{2,45}(?:%[\w.-]{1,32})?\]|[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45})(?::\d{1,5})?`;
