import os from 'node:os';

/** This machine's own identity: its host name and every interface address. */
export type MachineIdentity = {
	readonly hostName: string;
	/** All families, loopback included, without zone suffixes (`fe80::1`, not `fe80::1%eth0`), without duplicates. */
	readonly addresses: readonly string[];
};

/** Reads the machine's host name and the addresses of all its interfaces. */
export function readMachineIdentity(): MachineIdentity {
	return {hostName: os.hostname(), addresses: interfaceAddresses()};
}

/** The addresses of all network interfaces (IPv4 and IPv6, internal ones included). */
export function interfaceAddresses(): readonly string[] {
	const addresses = new Set<string>();
	for (const infos of Object.values(os.networkInterfaces())) {
		for (const info of infos ?? []) {
			addresses.add(info.address.replace(/%.*$/, ''));
		}
	}

	return [...addresses];
}
