import {isIPv4, SocketAddress} from 'node:net';

// Values read from logs (or from a process's command line, which any user can set) end up in the
// commands a report tells the reader to run. Each one is checked to be exactly what it claims to be,
// and put in one canonical form; whatever fails is not used at all (the caller shows a placeholder).

/**
 * 4 or 6 when the text is an IP address of that version, else 0, as node:net's isIP says. An IPv6 address is
 * parsed by node:net's SocketAddress (libuv's inet_pton) instead: isIP would first compile its IPv6 expression, a
 * regular expression of kilobytes, some 4 ms of every start (the node's own fe80:: addresses are checked). A
 * property test holds the two equal.
 */
export function ipVersion(text: string): 0 | 4 | 6 {
	if (isIPv4(text)) return 4;
	// Every IPv6 address has a colon. A zone (`%eth0`) is allowed as isIP allows it, and checked here the same way.
	if (!text.includes(':')) return 0;
	const zone = text.indexOf('%');
	if (zone !== -1 && !/^[0-9a-zA-Z.:-]+$/.test(text.slice(zone + 1))) return 0;
	try {
		new SocketAddress({address: zone === -1 ? text : text.slice(0, zone), family: 'ipv6'});
		return 6;
	} catch {
		return 0;
	}
}

/**
 * The canonical form of an IP address, or undefined when the text is not one: IPv4 in dotted decimal
 * (no leading zeros), IPv6 compressed and lower-cased (`0:0:0:0:0:0:0:1` → `::1`), an IPv4-mapped IPv6
 * address unwrapped (`::ffff:10.0.0.5` → `10.0.0.5`). A zone (`fe80::1%eth0`) is not part of the address.
 */
export function canonicalIp(text: string): string | undefined {
	const zone = text.indexOf('%');
	const bare = zone === -1 ? text : text.slice(0, zone);
	const version = ipVersion(bare);
	if (version === 4 && zone === -1) return bare;
	if (version !== 6) return undefined;
	// The WHATWG URL parser prints IPv6 hosts in their RFC 5952 form; the text is a valid IPv6 address here.
	const host = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
	if (mapped !== null) {
		const high = Number.parseInt(mapped[1]!, 16);
		const low = Number.parseInt(mapped[2]!, 16);
		return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
	}

	return host;
}

/** A TCP port number: a whole number from 1 to 65535. */
export function isPort(value: number): boolean {
	return Number.isInteger(value) && value >= 1 && value <= 65_535;
}

/** The port a decimal text names (`6443`), or undefined when it is not one (`0`, `99999`, `64x`, `+1`). */
export function parsePort(text: string | undefined): number | undefined {
	if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
	const port = Number(text);
	return isPort(port) ? port : undefined;
}

/** An RFC 1123 DNS label: 1-63 of a-z, 0-9 and `-`, alphanumeric at both ends. */
const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * An RFC 1123 host name (a DNS subdomain, as Kubernetes requires for node, pod, webhook and APIService
 * names): labels joined by dots, 253 characters at most. Lower case only: canonicalise before asking.
 */
export function isDnsName(text: string): boolean {
	return text.length > 0 && text.length <= 253 && text.split('.').every((part) => label.test(part));
}

/** The canonical form of a host name (lower case, without the root's trailing dot), or undefined when it is not one. */
export function canonicalDnsName(text: string): string | undefined {
	const lower = text.toLowerCase();
	const name = lower.endsWith('.') ? lower.slice(0, -1) : lower;
	// toLowerCase maps a few non-ASCII letters (the Kelvin sign) to ASCII ones: the original must be ASCII too.
	return /^[\x21-\x7e]*$/.test(text) && isDnsName(name) ? name : undefined;
}

/**
 * The canonical form of a Kubernetes version (`v1.28.9`, `1.28.9+k3s1` → `v1.28.9+k3s1`, `v1.30.0-rc.1`,
 * `v1.29.4-eks-036c24b`), or undefined when the text is anything else.
 */
export function canonicalKubernetesVersion(text: string): string | undefined {
	const m = /^v?(\d{1,2})\.(\d{1,3})\.(\d{1,4})((?:[-+][0-9A-Za-z][0-9A-Za-z.+-]{0,63})?)$/.exec(text);
	return m === null ? undefined : `v${Number(m[1])}.${Number(m[2])}.${Number(m[3])}${m[4]}`;
}
