import {isUnspecifiedAddress, normalizeIp} from '../detect/values/address.js';
import type {ApiserverProcess} from '../correlate/live-facts.js';
import {parsePort} from '../detect/values/validate-values.js';
import {distributionOf} from '../detect/rules/distributions.js';
import type {HostPort} from './host-port.js';

/**
 * Where this node's apiserver serves TLS: its --bind-address (or --advertise-address when bound to all
 * addresses, else 127.0.0.1) and --secure-port (default 6443); 127.0.0.1:6443 when no process is known.
 * An apiserver inside another program (k3s) serves where its distribution's data says, unless flags say otherwise.
 * Any process can call itself kube-apiserver, so a flag that is not an IP address (or a port) is not used:
 * the probe never connects to a host name a command line chose.
 */
export function defaultProbeTarget(process: ApiserverProcess | undefined): HostPort {
	const flags = process?.flags ?? {};
	const inside = process?.embeddedIn === undefined ? undefined : distributionOf(process.embeddedIn);
	const usable = (flag: string | undefined): string | undefined => {
		const ip = normalizeIp(flag);
		return ip === undefined || isUnspecifiedAddress(ip) ? undefined : ip;
	};

	return {
		host: usable(flags['bind-address']) ?? usable(inside?.probeHost) ?? usable(flags['advertise-address']) ?? '127.0.0.1',
		port: parsePort(flags['secure-port']) ?? inside?.apiserverPort ?? 6443,
	};
}
