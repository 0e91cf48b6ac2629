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

/**
 * Normalizes an address captured from a log: brackets and port removed, IPv4-mapped IPv6 unwrapped,
 * lower-cased. `10.0.0.5:6443` → `10.0.0.5`, `[::1]:6443` → `::1`, `::ffff:10.0.0.5` → `10.0.0.5`.
 */
export function normalizeAddress(raw: string | undefined): string | undefined {
	if (raw === undefined || raw === '') return undefined;
	let address = raw.trim().toLowerCase();
	if (address.startsWith('[')) {
		const end = address.indexOf(']');
		address = end === -1 ? address.slice(1) : address.slice(1, end);
	} else {
		const colon = address.indexOf(':');
		// One colon means host:port; several mean a bare IPv6 address.
		if (colon !== -1 && address.indexOf(':', colon + 1) === -1) {
			address = address.slice(0, colon);
		}
	}

	if (address.startsWith('::ffff:') && address.includes('.')) {
		address = address.slice(7);
	}

	const zone = address.indexOf('%');
	if (zone !== -1) address = address.slice(0, zone);
	return address === '' ? undefined : address;
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
	return m ? Number(m[1]) : undefined;
}
