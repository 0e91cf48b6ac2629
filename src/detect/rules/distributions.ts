// What kubesleuth knows about each way of running a control plane: how to tell it from the node and from
// its logs, where its apiserver logs live, how long its loopback certificate lasts, and the commands that
// restart the apiserver and check certificates. Data only: the host layer, the correlate stage and the
// report read it; nothing here runs anything. Sources: /work/shared/reference/more-formats.md §12 (k3s,
// rke2, microk8s), apiserver-loopback.md (lifetimes), the vendors' documentation and the real excerpts.

/** A way of running a control plane that kubesleuth tells apart. */
export type DistributionId = 'kubeadm' | 'k3s' | 'rke2' | 'microk8s' | 'openshift' | 'openshift3' | 'systemd-unit';

/** From this Kubernetes minor version on (until the next step), the loopback certificate lasts `days`. */
export type LifetimeStep = {readonly since: readonly [major: number, minor: number]; readonly days: 365 | 1096; readonly source: string};

/** Everything kubesleuth knows about one distribution. */
export type Distribution = {
	readonly id: DistributionId;
	/** Shown in the report, e.g. `k3s`. */
	readonly name: string;
	/** How the apiserver runs there, one sentence for the report. */
	readonly apiserverRuns: string;
	/** How the apiserver process is run, which decides the fallback commands. */
	readonly runMode: 'static-pod' | 'systemd';
	/** The port the apiserver itself serves TLS on (the loopback probe target) when nothing says otherwise. */
	readonly apiserverPort: number;
	/** The address the loopback probe dials when the process does not say (k3s binds the apiserver to loopback). */
	readonly probeHost?: string;
	/** Where its apiserver logs are on a node, looked at with no argument. Paths are absolute on the node. */
	readonly logs: {
		readonly journalUnits: readonly string[];
		/** Pod log folders (`/var/log/pods/<namespace>_<pod>_<uid>`), as globs; a trailing `*` part names the container folder. */
		readonly podDirectories: readonly string[];
		readonly containerLinks: readonly string[];
		readonly files: readonly string[];
	};
	/** What on a node shows this distribution. */
	readonly node: {
		/** Files or folders only this distribution creates. */
		readonly paths: readonly string[];
		/** systemd unit files (or OpenRC scripts) its installer writes. */
		readonly unitFiles: readonly string[];
		/** Running programs: argv[0]'s base name, with the sub-command when it has one (`k3s server`). */
		readonly programs: readonly string[];
		/** A kube-apiserver flag only this distribution sets. */
		readonly apiserverFlags: readonly string[];
		/** The program (as in `programs`) that runs the apiserver inside itself, when there is no kube-apiserver process. */
		readonly apiserverInside?: string;
		/** Folders of the control plane's certificates, scanned on the node. */
		readonly certificateFolders: readonly string[];
	};
	/** What in the logs shows this distribution. */
	readonly logClues: {
		/** journald identifiers of its processes (`k3s[1884]:`). */
		readonly identifiers: readonly string[];
		/** A suffix of its version strings (`v1.28.5+k3s1`). */
		readonly versionSuffix?: string;
		/** Values captured by the `distribution` context signals (a program name, a folder named in a start-up line). */
		readonly markers: readonly string[];
		/** Source names (paths in a bundle, `journalctl -u` units) that hold its logs. */
		readonly sourceNames: readonly RegExp[];
		/** Its clues are shared with control planes built by hand (kubeadm's folders): each is only a hint. */
		readonly hintsOnly?: boolean;
	};
	/** Loopback certificate lifetime by Kubernetes version; the first step is where it starts. */
	readonly loopbackLifetime: readonly LifetimeStep[];
	/** The static pod manifest of the apiserver, whose liveness probe decides whether 1.36's /livez check restarts it. */
	readonly staticPodManifest?: string;
	/** Restart the apiserver on one node, safely. */
	readonly restartApiserver: DistributionCommand;
	/** How to go one control-plane node at a time (prose). */
	readonly oneAtATime: string;
	readonly checkCertificates: DistributionCommand;
	readonly renewCertificates: DistributionCommand;
};

/** A command to paste, and what else the engineer should know about it (alternatives, caveats). */
export type DistributionCommand = {readonly command: string; readonly note?: string};

const upstreamLifetime: readonly LifetimeStep[] = [
	{since: [1, 0], days: 365, source: 'Kubernetes up to 1.32 makes it for 365 days'},
	{since: [1, 33], days: 1096, source: 'Kubernetes 1.33 and later make it for 1096 days (PR #130047)'},
];

const readyz = (kubectl: string): string => `wait for ${kubectl} get --raw=/readyz to answer ok before the next node, and run kubesleuth probe there to see the new certificate`;

/** Every distribution kubesleuth knows, the most common first: this is the order choices are named in when none is known. */
export const distributions: readonly Distribution[] = [
	{
		id: 'kubeadm',
		name: 'kubeadm',
		apiserverRuns: 'as a static pod (kube-system/kube-apiserver-<node>) from /etc/kubernetes/manifests/kube-apiserver.yaml, run by the kubelet',
		runMode: 'static-pod',
		apiserverPort: 6443,
		logs: {journalUnits: [], podDirectories: ['/var/log/pods/kube-system_kube-apiserver-*/'], containerLinks: ['/var/log/containers/kube-apiserver-*'], files: []},
		node: {paths: ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/kubeadm-flags.env'], unitFiles: [], programs: [], apiserverFlags: [], certificateFolders: ['/etc/kubernetes/pki']},
		logClues: {identifiers: [], markers: ['/etc/kubernetes/pki/'], sourceNames: [/(?:^|\/)kube-system_kube-apiserver-[^/_]+_[0-9a-f-]+\//], hintsOnly: true},
		loopbackLifetime: upstreamLifetime,
		staticPodManifest: '/etc/kubernetes/manifests/kube-apiserver.yaml',
		restartApiserver: {command: 'mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/ && sleep 20 && mv /tmp/kube-apiserver.yaml /etc/kubernetes/manifests/', note: 'or crictl stop $(crictl ps --name kube-apiserver -q); the kubelet starts a new container'},
		oneAtATime: `Do one control-plane node at a time; ${readyz('kubectl')}.`,
		checkCertificates: {command: 'kubeadm certs check-expiration'},
		renewCertificates: {command: 'kubeadm certs renew all', note: 'then restart the control-plane static pods so they load the new files (mv /etc/kubernetes/manifests/*.yaml out, wait 20 s, move them back)'},
	},
	{
		id: 'k3s',
		name: 'k3s',
		apiserverRuns: 'inside the k3s server process (unit k3s) with every other control-plane component; it serves on 127.0.0.1:6444 behind the k3s supervisor on 6443',
		runMode: 'systemd',
		apiserverPort: 6444,
		probeHost: '127.0.0.1',
		logs: {journalUnits: ['k3s'], podDirectories: [], containerLinks: [], files: ['/var/log/k3s.log', '/var/log/k3s.log.*']},
		node: {paths: ['/var/lib/rancher/k3s/server', '/etc/rancher/k3s/k3s.yaml'], unitFiles: ['/etc/systemd/system/k3s.service', '/etc/init.d/k3s'], programs: ['k3s server'], apiserverFlags: [], apiserverInside: 'k3s server', certificateFolders: ['/var/lib/rancher/k3s/server/tls']},
		logClues: {identifiers: ['k3s'], versionSuffix: '+k3s', markers: ['k3s', '/var/lib/rancher/k3s/'], sourceNames: [/(?:^|\/)k3s\.log(?:\.\d+)?(?:\.gz)?$/, /^journalctl -u k3s$/, /(?:^|\/)k3s(?:\.service)?(?:\.log|\.txt)?$/]},
		loopbackLifetime: upstreamLifetime,
		restartApiserver: {command: 'systemctl restart k3s', note: 'OpenRC: rc-service k3s restart; the apiserver restarts with the k3s process, running pods keep running'},
		oneAtATime: `Do one server node at a time; ${readyz('k3s kubectl')}.`,
		checkCertificates: {command: 'k3s certificate check', note: 'recent k3s releases; otherwise kubesleuth certs /var/lib/rancher/k3s/server/tls'},
		renewCertificates: {command: 'systemctl stop k3s && k3s certificate rotate && systemctl start k3s', note: 'a plain systemctl restart k3s renews only the certificates that expire within 90 days'},
	},
	{
		id: 'rke2',
		name: 'rke2',
		apiserverRuns: 'as a static pod (kube-system/kube-apiserver-<node>) that the rke2-server unit writes to /var/lib/rancher/rke2/agent/pod-manifests and runs through its own kubelet',
		runMode: 'static-pod',
		apiserverPort: 6443,
		logs: {journalUnits: ['rke2-server'], podDirectories: ['/var/log/pods/kube-system_kube-apiserver-*/'], containerLinks: ['/var/log/containers/kube-apiserver-*'], files: []},
		node: {
			paths: ['/var/lib/rancher/rke2/server', '/etc/rancher/rke2/rke2.yaml'],
			unitFiles: ['/etc/systemd/system/rke2-server.service', '/usr/lib/systemd/system/rke2-server.service', '/usr/local/lib/systemd/system/rke2-server.service'],
			programs: ['rke2 server'],
			apiserverFlags: [],
			certificateFolders: ['/var/lib/rancher/rke2/server/tls'],
		},
		logClues: {identifiers: ['rke2'], versionSuffix: '+rke2', markers: ['rke2', '/var/lib/rancher/rke2/'], sourceNames: [/^journalctl -u rke2-server$/, /\/var\/lib\/rancher\/rke2\//, /(?:^|\/)rke2-server(?:\.service)?(?:\.log|\.txt)?$/]},
		loopbackLifetime: upstreamLifetime,
		staticPodManifest: '/var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml',
		restartApiserver: {command: 'systemctl restart rke2-server', note: 'if kubesleuth probe still shows the old certificate, stop the container and let the kubelet start a new one: export CRI_CONFIG_FILE=/var/lib/rancher/rke2/agent/etc/crictl.yaml; /var/lib/rancher/rke2/bin/crictl stop $(/var/lib/rancher/rke2/bin/crictl ps --name kube-apiserver -q)'},
		oneAtATime: `Do one server node at a time; ${readyz('/var/lib/rancher/rke2/bin/kubectl --kubeconfig /etc/rancher/rke2/rke2.yaml')}.`,
		checkCertificates: {command: 'rke2 certificate check', note: 'recent rke2 releases; otherwise kubesleuth certs /var/lib/rancher/rke2/server/tls'},
		renewCertificates: {command: 'systemctl stop rke2-server && rke2 certificate rotate && systemctl start rke2-server', note: 'a plain systemctl restart rke2-server renews only the certificates that expire within 90 days'},
	},
	{
		id: 'microk8s',
		name: 'MicroK8s',
		apiserverRuns: 'inside kubelite (unit snap.microk8s.daemon-kubelite, MicroK8s 1.21 and later) with the scheduler, controller manager, proxy and kubelet; before 1.21 in snap.microk8s.daemon-apiserver; it serves on 16443',
		runMode: 'systemd',
		apiserverPort: 16_443,
		logs: {journalUnits: ['snap.microk8s.daemon-kubelite', 'snap.microk8s.daemon-apiserver'], podDirectories: [], containerLinks: [], files: []},
		node: {paths: ['/var/snap/microk8s/current', '/snap/microk8s/current'], unitFiles: ['/etc/systemd/system/snap.microk8s.daemon-kubelite.service', '/etc/systemd/system/snap.microk8s.daemon-apiserver.service'], programs: ['kubelite'], apiserverFlags: [], apiserverInside: 'kubelite', certificateFolders: ['/var/snap/microk8s/current/certs']},
		logClues: {identifiers: ['microk8s.daemon-kubelite', 'microk8s.daemon-apiserver'], markers: ['kubelite', '/snap/microk8s/', '/var/snap/microk8s/'], sourceNames: [/^journalctl -u snap\.microk8s\.daemon-(?:kubelite|apiserver)$/, /snap\.microk8s\.daemon-(?:kubelite|apiserver)/]},
		loopbackLifetime: upstreamLifetime,
		restartApiserver: {command: 'snap restart microk8s.daemon-kubelite', note: 'before MicroK8s 1.21: snap restart microk8s.daemon-apiserver; this restarts the kubelet on the node too'},
		oneAtATime: `Do one control-plane node at a time; ${readyz('microk8s kubectl')}.`,
		checkCertificates: {command: 'microk8s refresh-certs --check', note: 'recent MicroK8s; otherwise kubesleuth certs /var/snap/microk8s/current/certs'},
		renewCertificates: {command: 'microk8s refresh-certs --cert server.crt', note: 'and --cert front-proxy-client.crt; --cert ca.crt renews the CA and everything it signed'},
	},
	{
		id: 'openshift',
		name: 'OpenShift 4',
		apiserverRuns: 'as static pods (openshift-kube-apiserver/kube-apiserver-<node>) that the kube-apiserver operator installs revision by revision under /etc/kubernetes/static-pod-resources',
		runMode: 'static-pod',
		apiserverPort: 6443,
		logs: {journalUnits: [], podDirectories: ['/var/log/pods/openshift-kube-apiserver_kube-apiserver-*/kube-apiserver'], containerLinks: ['/var/log/containers/kube-apiserver-*_openshift-kube-apiserver_kube-apiserver-*'], files: []},
		node: {paths: ['/etc/kubernetes/static-pod-resources', '/etc/kubernetes/manifests/kube-apiserver-pod.yaml'], unitFiles: [], programs: [], apiserverFlags: ['openshift-config'], certificateFolders: ['/etc/kubernetes/static-pod-resources/kube-apiserver-certs']},
		logClues: {identifiers: [], markers: ['/etc/kubernetes/static-pod-resources/', '/etc/kubernetes/static-pod-certs/'], sourceNames: [/(?:^|\/)openshift-kube-apiserver_kube-apiserver-/, /(?:^|\/)namespaces\/openshift-kube-apiserver\//]},
		loopbackLifetime: [
			{since: [1, 0], days: 365, source: 'OpenShift before 4.16 makes it for 365 days, as Kubernetes does'},
			{since: [1, 29], days: 1096, source: 'OpenShift 4.16 (Kubernetes 1.29) and later carry the 3-year loopback certificate (openshift/openshift-apiserver#584, #595)'},
		],
		staticPodManifest: '/etc/kubernetes/manifests/kube-apiserver-pod.yaml',
		restartApiserver: {command: `oc patch kubeapiserver cluster --type=merge -p '{"spec":{"forceRedeploymentReason":"loopback-certificate-'"$(date +%s)"'"}}'`, note: 'the operator rolls out a new revision; never move its static pod files by hand'},
		oneAtATime: 'The operator replaces one control-plane node at a time: wait until oc get clusteroperator kube-apiserver shows Progressing False and every node at the new revision (oc get kubeapiserver cluster -o jsonpath=\'{.status.nodeStatuses}\').',
		checkCertificates: {command: 'oc get clusteroperators', note: 'Degraded conditions name certificate problems; on a control-plane node (oc debug node/NODE, chroot /host): kubesleuth certs /etc/kubernetes/static-pod-resources/kube-apiserver-certs'},
		renewCertificates: {command: 'oc get csr', note: 'the operators renew them; when they have already expired, approve the pending CSRs (oc adm certificate approve NAME) and follow the documented recovery from expired control-plane certificates'},
	},
	{
		id: 'openshift3',
		name: 'OpenShift 3',
		apiserverRuns: 'inside the master API process (origin-master-api or atomic-openshift-master-api; a static pod from 3.10), configured from /etc/origin/master',
		runMode: 'systemd',
		apiserverPort: 8443,
		logs: {journalUnits: ['origin-master-api', 'atomic-openshift-master-api', 'origin-master', 'atomic-openshift-master'], podDirectories: [], containerLinks: [], files: []},
		node: {paths: ['/etc/origin/master/master-config.yaml'], unitFiles: ['/etc/systemd/system/origin-master-api.service', '/etc/systemd/system/atomic-openshift-master-api.service'], programs: ['openshift start'], apiserverFlags: [], apiserverInside: 'openshift start', certificateFolders: ['/etc/origin/master']},
		logClues: {identifiers: ['origin-master', 'origin-master-api', 'atomic-openshift-master', 'atomic-openshift-master-api', 'origin-node', 'atomic-openshift-node'], markers: ['/etc/origin/master/', '/etc/origin/node/'], sourceNames: [/^journalctl -u (?:origin|atomic-openshift)-master(?:-api)?$/]},
		loopbackLifetime: upstreamLifetime,
		restartApiserver: {command: 'master-restart api', note: 'OpenShift 3.10 and 3.11; before 3.10: systemctl restart atomic-openshift-master-api, or origin-master-api on OKD'},
		oneAtATime: `Do one master at a time; ${readyz('oc')}.`,
		checkCertificates: {command: 'kubesleuth certs /etc/origin/master /etc/origin/node', note: 'or with openshift-ansible: ansible-playbook -i INVENTORY playbooks/openshift-checks/certificate_expiry/easy-mode.yaml'},
		renewCertificates: {command: 'ansible-playbook -i INVENTORY playbooks/redeploy-certificates.yml', note: 'openshift-ansible; INVENTORY is your inventory file'},
	},
	{
		id: 'systemd-unit',
		name: 'kube-apiserver systemd unit',
		apiserverRuns: 'as its own systemd unit, kube-apiserver.service (a control plane built by hand or by a tool that installs binaries)',
		runMode: 'systemd',
		apiserverPort: 6443,
		logs: {journalUnits: ['kube-apiserver'], podDirectories: [], containerLinks: [], files: ['/var/log/kube-apiserver*.log']},
		node: {paths: [], unitFiles: ['/etc/systemd/system/kube-apiserver.service', '/usr/lib/systemd/system/kube-apiserver.service', '/lib/systemd/system/kube-apiserver.service'], programs: [], apiserverFlags: [], certificateFolders: ['/var/lib/kubernetes']},
		logClues: {identifiers: ['kube-apiserver'], markers: [], sourceNames: [/^journalctl -u kube-apiserver$/]},
		loopbackLifetime: upstreamLifetime,
		restartApiserver: {command: 'systemctl restart kube-apiserver'},
		oneAtATime: `Do one control-plane node at a time; ${readyz('kubectl')}.`,
		checkCertificates: {command: 'kubesleuth certs /etc/kubernetes/pki /var/lib/kubernetes', note: 'the folders of --tls-cert-file, --client-ca-file and the etcd client certificate'},
		renewCertificates: {command: 'systemctl restart etcd kube-apiserver kube-controller-manager kube-scheduler', note: 'after reissuing them with the tool that made them (cfssl, openssl), signed by the same CA'},
	},
];

/** The knowledge about one distribution. */
export function distributionOf(id: DistributionId): Distribution {
	const found = distributions.find((d) => d.id === id);
	if (found === undefined) throw new Error(`unknown distribution ${id}`);
	return found;
}

/** The ids, for `--distribution` and validation. */
export const distributionIds: readonly DistributionId[] = distributions.map((d) => d.id);
