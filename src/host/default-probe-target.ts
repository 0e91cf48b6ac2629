import type {ApiserverProcess} from '../correlate/live-facts.js';
import type {HostPort} from './host-port.js';

const wildcardAddresses = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Where this node's apiserver serves TLS: its --bind-address (or --advertise-address when bound to all
 * addresses, else 127.0.0.1) and --secure-port (default 6443); 127.0.0.1:6443 when no process is known.
 */
export function defaultProbeTarget(process: ApiserverProcess | undefined): HostPort {
	const flags = process?.flags ?? {};
	const port = Number(flags['secure-port'] ?? '6443');
	const bind = flags['bind-address'] ?? '';
	const advertise = flags['advertise-address'] ?? '';
	const host = !wildcardAddresses.has(bind) ? bind : !wildcardAddresses.has(advertise) ? advertise : '127.0.0.1';
	return {host: host.replace(/^\[(.*)\]$/, '$1'), port: Number.isInteger(port) && port > 0 && port < 65_536 ? port : 6443};
}
