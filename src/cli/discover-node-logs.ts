import {decideDistribution} from '../correlate/distribution.js';
import {distributionOf, type DistributionId} from '../detect/rules/distributions.js';
import {detectNodeDistribution} from '../host/detect-node-distribution.js';
import {findApiserverLogs, type FindApiserverLogsOptions, type FoundLogs} from '../host/find-apiserver-logs.js';

/** What `kubesleuth` with no argument found on the node. */
export type NodeLogDiscovery = {
	readonly found: readonly FoundLogs[];
	/** `this node runs k3s (…)`, when the node says. */
	readonly nodeRuns: string | undefined;
	/** The message for "nothing found": every place looked at, and how to pass logs in. */
	readonly message: string;
};

export type DiscoverOptions = Pick<FindApiserverLogsOptions, 'root' | 'journalUnits'> & {
	/** `--distribution`, which puts its places first. */
	readonly distribution?: string | undefined;
	readonly procRoot?: string;
};

/** Tells the node's distribution from its paths, unit files and processes, then looks in its log places first. */
export async function discoverNodeLogs(options: DiscoverOptions = {}): Promise<NodeLogDiscovery> {
	const clues = await detectNodeDistribution({root: options.root, procRoot: options.procRoot}).catch(() => []);
	const decision = decideDistribution({hits: [], identifiers: [], sources: [], live: {readAt: 0, distributionClues: clues}, flag: options.distribution as DistributionId | undefined});
	const prefer = decision.id === undefined ? decision.candidates : [decision.id];
	const search = await findApiserverLogs({root: options.root, journalUnits: options.journalUnits, prefer});
	const nodeRuns = decision.id === undefined ? undefined : `this node runs ${decision.name} (${decision.reasons.join('; ')})`;
	const first = prefer[0] === undefined ? undefined : distributionOf(prefer[0]);
	const unit = first?.logs.journalUnits[0] ?? 'kube-apiserver';
	const message =
		`kubesleuth: found no kube-apiserver logs on this machine${nodeRuns === undefined ? '' : `, though ${nodeRuns}`}. Looked in:\n` +
		search.looked.map((place) => `  ${place}\n`).join('') +
		`Pass logs in: kubesleuth /path/to/logs (or a support bundle), journalctl -u ${unit} | kubesleuth, or kubectl logs -n kube-system kube-apiserver-NODE | kubesleuth\n`;
	return {found: search.found, nodeRuns, message};
}
