import type {LogRecord} from '../parse/record.js';
import type {Reporter} from './rule-schema.js';

// Names a component goes by in journald identifiers and units, pod and container names, and log file names.
// Programs that embed the apiserver with other components (k3s, microk8s' kubelite, OpenShift 3's master)
// could be any of them, so they say nothing: `unknown`.
const byName: ReadonlyArray<readonly [RegExp, Reporter]> = [
	[/^(?:kube-apiserver|apiserver|openshift-kube-apiserver|hyperkube-apiserver|atomic-openshift-master-api|origin-master-api)\b/, 'apiserver'],
	[/^(?:kubelet|hyperkube-kubelet|atomic-openshift-node|origin-node)\b/, 'kubelet'],
	[/^(?:etcd|etcd-manager|etcd-member|etcd-server)\b/, 'etcd'],
	[/^(?:kube-controller-manager|controller-manager|openshift-controller-manager)\b/, 'controller-manager'],
	[/^(?:kube-scheduler|scheduler|openshift-kube-scheduler)\b/, 'scheduler'],
	[/^(?:kubectl|oc)$/, 'kubectl'],
	[/^(?:k3s|k3s-server|kubelite|microk8s\.daemon-kubelite|snap\.microk8s\.daemon-kubelite|origin-master|atomic-openshift-master|openshift|journal|docker|dockerd)$/, 'unknown'],
	[/^(?:systemd|containerd|crio|kernel|chronyd|ntpd|sshd|rke2|rke2-server|rke2-agent|k3s-agent|kube-proxy|coredns|calico|cilium|flannel|cert-manager|metrics-server)\b/, 'other'],
];

function reporterOfName(name: string | undefined): Reporter | undefined {
	if (name === undefined || name === '') return undefined;
	const lower = name.toLowerCase().replace(/\.service$/, '');
	for (const [pattern, reporter] of byName) if (pattern.test(lower)) return reporter;
	return undefined;
}

/** The file name of a source path, without rotation and format suffixes. */
function sourceStem(source: string): string {
	const slash = source.lastIndexOf('/');
	return source.slice(slash + 1);
}

/**
 * The component that wrote a record, from what the envelope and the source say: the journald identifier or
 * unit, the pod, the container, the file name. `unknown` when nothing tells, or when the writer embeds
 * several components. `other` for a known program that is none of the control-plane components.
 */
export function reporterOf(record: LogRecord): Reporter {
	// A pod name ends in the node name (`kube-apiserver-cp-1`): its prefix names the component.
	return reporterOfName(record.container) ?? reporterOfName(record.pod) ?? reporterOfName(record.unit) ?? reporterOfName(sourceStem(record.source)) ?? 'unknown';
}
