import type {ApiserverContext} from '../correlate/build-context.js';
import {distributionOf, distributions, type Distribution, type DistributionId} from '../detect/rules/distributions.js';

/** The placeholders a rule's actions use for commands that depend on the distribution. */
export type DistributionVariables = {
	/** `k3s`, or `distribution not known`. */
	readonly distribution: string;
	readonly restartApiserver: string;
	readonly oneAtATime: string;
	readonly checkCertificates: string;
	readonly renewCertificates: string;
};

type CommandKey = 'restartApiserver' | 'oneAtATime' | 'checkCertificates' | 'renewCertificates';

// When nothing says which distribution it is, a static pod is restarted the kubeadm way (kind, minikube and
// kubespray use kubeadm's layout) and a systemd unit the plain way; with no hint at all every choice is named.
function fallbackChoices(context: ApiserverContext): readonly Distribution[] {
	const candidates = context.distribution.candidates;
	if (candidates.length > 0) return candidates.map(distributionOf);
	const byMode: Partial<Record<ApiserverContext['runMode'], DistributionId>> = {'static-pod': 'kubeadm', systemd: 'systemd-unit'};
	const likely = byMode[context.runMode];
	return likely === undefined ? distributions : [distributionOf(likely)];
}

// Listing several, each command keeps only its first clause: the rest (alternatives, explanations) is for the one that applies.
function choose(choices: readonly Distribution[], key: CommandKey): string {
	if (choices.length === 1) return choices[0]![key];
	return choices.map((choice) => `${choice.name}: ${firstClause(choice[key])}`).join('; ');
}

function firstClause(command: string): string {
	const cut = [command.indexOf(' ('), command.indexOf('; ')].filter((i) => i > 0);
	return cut.length === 0 ? command : command.slice(0, Math.min(...cut));
}

/** `{distribution}`, `{restartApiserver}`, `{oneAtATime}`, `{checkCertificates}`, `{renewCertificates}` for a context. */
export function distributionVariables(context: ApiserverContext): DistributionVariables {
	const {id} = context.distribution;
	const choices = id === undefined ? fallbackChoices(context) : [distributionOf(id)];
	const unknownPrefix = id === undefined && choices.length > 1 ? 'whichever of these runs this node: ' : '';
	return {
		distribution: id === undefined ? (choices.length === 1 ? `${choices[0]!.runMode === 'static-pod' ? 'a static pod' : 'a systemd unit'}; distribution not known` : 'distribution not known') : distributionOf(id).name,
		restartApiserver: unknownPrefix + choose(choices, 'restartApiserver'),
		oneAtATime: choices.length === 1 ? choices[0]!.oneAtATime : 'Do one control-plane node at a time; wait for it to answer ok on /readyz before the next node, and run kubesleuth probe there to see the new certificate.',
		checkCertificates: unknownPrefix + choose(choices, 'checkCertificates'),
		renewCertificates: unknownPrefix + choose(choices, 'renewCertificates'),
	};
}
