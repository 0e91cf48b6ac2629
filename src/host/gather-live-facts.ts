import type {LiveFacts} from '../correlate/live-facts.js';
import {presentCertificatePaths} from './certificate-folders.js';
import {defaultProbeTarget} from './default-probe-target.js';
import {detectNodeDistribution} from './detect-node-distribution.js';
import {readMachineIdentity} from './interface-addresses.js';
import {probeLoopbackCertificate} from './probe-loopback-certificate.js';
import {readApiserverProcess} from './read-apiserver-process.js';
import {readLivenessProbe} from './read-liveness-probe.js';
import {scanCertificates} from './scan-certificates.js';

export type GatherOptions = {
	readonly procRoot: string;
	/** The logs are this machine's: its addresses, its apiserver and its PKI describe them. */
	readonly thisMachine: boolean;
	readonly probeTimeoutMs: number;
	readonly now: number;
	/** The node's file system; default `/` (tests and copied trees give another). */
	readonly root?: string;
};

/**
 * Reads what the running node can tell: the apiserver process (from procRoot), and, when the logs are
 * this machine's own, its interface addresses, the loopback certificate served right now, the
 * certificates on disk (kubeadm's and every distribution's folders that exist), what the node shows about its
 * distribution and the apiserver static pod's liveness probe. Every part that cannot be read is simply absent.
 */
export async function gatherLiveFacts(options: GatherOptions): Promise<LiveFacts> {
	const root = options.root ?? '/';
	const process = await readApiserverProcess(options.procRoot, {root}).catch(() => undefined);
	if (!options.thisMachine) return {process, readAt: options.now};
	const identity = readMachineIdentity();
	let probe: LiveFacts['probe'];
	if (process !== undefined) {
		const target = defaultProbeTarget(process);
		const outcome = await probeLoopbackCertificate(target.host, target.port, {timeoutMs: options.probeTimeoutMs});
		if (outcome.type === 'certificate') probe = outcome.certificate;
	}

	const [distributionClues, livenessProbe, diskCertificates] = await Promise.all([
		detectNodeDistribution({root, procRoot: options.procRoot}).catch(() => undefined),
		readLivenessProbe(root).catch(() => undefined),
		readDiskCertificates(root),
	]);
	return {hostName: identity.hostName, process, interfaceAddresses: identity.addresses, probe, diskCertificates, distributionClues, livenessProbe, readAt: options.now};
}

async function readDiskCertificates(root: string): Promise<LiveFacts['diskCertificates']> {
	const paths = await presentCertificatePaths(root);
	return paths.length === 0 ? undefined : (await scanCertificates(paths).catch(() => undefined))?.certificates;
}
