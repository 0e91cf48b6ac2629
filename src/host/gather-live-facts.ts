import {access} from 'node:fs/promises';
import type {LiveFacts} from '../correlate/live-facts.js';
import {defaultProbeTarget} from './default-probe-target.js';
import {readMachineIdentity} from './interface-addresses.js';
import {probeLoopbackCertificate} from './probe-loopback-certificate.js';
import {readApiserverProcess} from './read-apiserver-process.js';
import {scanCertificates} from './scan-certificates.js';

export type GatherOptions = {
	readonly procRoot: string;
	/** The logs are this machine's: its addresses, its apiserver and its PKI describe them. */
	readonly thisMachine: boolean;
	readonly probeTimeoutMs: number;
	readonly now: number;
};

/**
 * Reads what the running node can tell: the apiserver process (from procRoot), and, when the logs are
 * this machine's own, its interface addresses, the loopback certificate served right now and the
 * certificates on disk. Every part that cannot be read is simply absent.
 */
export async function gatherLiveFacts(options: GatherOptions): Promise<LiveFacts> {
	const process = await readApiserverProcess(options.procRoot).catch(() => undefined);
	if (!options.thisMachine) return {process, readAt: options.now};
	const identity = readMachineIdentity();
	let probe: LiveFacts['probe'];
	if (process !== undefined) {
		const target = defaultProbeTarget(process);
		const outcome = await probeLoopbackCertificate(target.host, target.port, {timeoutMs: options.probeTimeoutMs});
		if (outcome.type === 'certificate') probe = outcome.certificate;
	}

	const pkiPresent = await access('/etc/kubernetes/pki').then(
		() => true,
		() => false,
	);
	const diskCertificates = pkiPresent ? (await scanCertificates().catch(() => undefined))?.certificates : undefined;
	return {hostName: identity.hostName, process, interfaceAddresses: identity.addresses, probe, diskCertificates, readAt: options.now};
}
