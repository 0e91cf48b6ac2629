import type {ApiserverProcess} from '../correlate/live-facts.js';
import {distributionOf} from '../detect/rules/distributions.js';
import type {HostPort} from './host-port.js';

const wildcardAddresses = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Where this node's apiserver serves TLS: its --bind-address (or --advertise-address when bound to all
 * addresses, else 127.0.0.1) and --secure-port (default 6443); 127.0.0.1:6443 when no process is known.
 * An apiserver inside another program (k3s) serves where its distribution's data says, unless flags say otherwise.
 */
export function defaultProbeTarget(process: ApiserverProcess | undefined): HostPort {
	const flags = process?.flags ?? {};
	const inside = process?.embeddedIn === undefined ? undefined : distributionOf(process.embeddedIn);
	const port = Number(flags['secure-port'] ?? inside?.apiserverPort ?? '6443');
	const bind = flags['bind-address'] ?? inside?.probeHost ?? '';
	const advertise = flags['advertise-address'] ?? '';
	const host = !wildcardAddresses.has(bind) ? bind : !wildcardAddresses.has(advertise) ? advertise : '127.0.0.1';
	return {host: host.replace(/^\[(.*)\]$/, '$1'), port: Number.isInteger(port) && port > 0 && port < 65_536 ? port : 6443};
}
