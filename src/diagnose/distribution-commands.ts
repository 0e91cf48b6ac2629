import type {ApiserverContext} from '../correlate/build-context.js';
import {distributionOf, distributions, type Distribution, type DistributionId} from '../detect/rules/distributions.js';

/**
 * The placeholders a rule's steps use for commands that depend on the distribution. With one distribution
 * (known, or the one the run mode points to) each command is a command and its note what else to know; with
 * several, no command can be pasted: the command is undefined (a step that uses it becomes prose) and the
 * note names every choice.
 */
export type DistributionVariables = {
	/** `k3s`, or `distribution not known`. */
	readonly distribution: string;
	readonly restartApiserver: string | undefined;
	readonly restartApiserverNote: string | undefined;
	readonly oneAtATime: string;
	readonly checkCertificates: string | undefined;
	readonly checkCertificatesNote: string | undefined;
	readonly renewCertificates: string | undefined;
	readonly renewCertificatesNote: string | undefined;
};

type CommandKey = 'restartApiserver' | 'checkCertificates' | 'renewCertificates';

// When nothing says which distribution it is, a static pod is restarted the kubeadm way (kind, minikube and
// kubespray use kubeadm's layout) and a systemd unit the plain way; with no hint at all every choice is named.
function fallbackChoices(context: ApiserverContext): readonly Distribution[] {
	const candidates = context.distribution.candidates;
	if (candidates.length > 0) return candidates.map(distributionOf);
	const byMode: Partial<Record<ApiserverContext['runMode'], DistributionId>> = {'static-pod': 'kubeadm', systemd: 'systemd-unit'};
	const likely = byMode[context.runMode];
	return likely === undefined ? distributions : [distributionOf(likely)];
}

function commandOf(choices: readonly Distribution[], key: CommandKey): {command: string | undefined; note: string | undefined} {
	if (choices.length === 1) return {command: choices[0]![key].command, note: choices[0]![key].note};
	return {command: undefined, note: `whichever of these runs this node: ${choices.map((choice) => `${choice.name}: ${choice[key].command}`).join('; ')}`};
}

/** The distribution placeholders for a context. */
export function distributionVariables(context: ApiserverContext): DistributionVariables {
	const {id} = context.distribution;
	const choices = id === undefined ? fallbackChoices(context) : [distributionOf(id)];
	const restart = commandOf(choices, 'restartApiserver');
	const check = commandOf(choices, 'checkCertificates');
	const renew = commandOf(choices, 'renewCertificates');
	return {
		distribution: id === undefined ? (choices.length === 1 ? `${choices[0]!.runMode === 'static-pod' ? 'a static pod' : 'a systemd unit'}; distribution not known` : 'distribution not known') : distributionOf(id).name,
		restartApiserver: restart.command,
		restartApiserverNote: restart.note,
		oneAtATime: choices.length === 1 ? choices[0]!.oneAtATime : 'Do one control-plane node at a time; wait for it to answer ok on /readyz before the next node, and run kubesleuth probe there to see the new certificate.',
		checkCertificates: check.command,
		checkCertificatesNote: check.note,
		renewCertificates: renew.command,
		renewCertificatesNote: renew.note,
	};
}
