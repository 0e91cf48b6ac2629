import net from 'node:net';

/** A host and port to connect to. */
export type HostPort = {readonly host: string; readonly port: number};

/** `host:port`, with IPv6 hosts in brackets (`[::1]:6443`). */
export function formatHostPort(host: string, port: number): string {
	return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Reads `host:port`, `[v6]:port`, a bare host or a bare IPv6 address (then with defaultPort);
 * undefined when the text is not such a target.
 */
export function parseHostPort(text: string, defaultPort: number): HostPort | undefined {
	const trimmed = text.trim();
	const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
	if (bracketed !== null) {
		const host = bracketed[1] ?? '';
		return net.isIPv6(host) ? withPort(host, bracketed[2], defaultPort) : undefined;
	}

	if (net.isIPv6(trimmed)) {
		return {host: trimmed, port: defaultPort};
	}

	const plain = /^([^\s:/[\]]+)(?::(\d+))?$/.exec(trimmed);
	return plain === null ? undefined : withPort(plain[1] ?? '', plain[2], defaultPort);
}

function withPort(host: string, portText: string | undefined, defaultPort: number): HostPort | undefined {
	const port = portText === undefined ? defaultPort : Number(portText);
	return Number.isInteger(port) && port > 0 && port < 65_536 ? {host, port} : undefined;
}
