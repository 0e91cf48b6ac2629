// Support bundles, recognised from the paths they hold: which kind, where each one starts, which of its files
// are logs worth reading, and which node each file belongs to. Paths are relative and `/`-separated (a folder
// walked on disk and a tar archive look the same here). The layouts are those the tools write:
// sosreport (sos_commands/ and copies of /var/log), OpenShift must-gather (namespaces/<ns>/pods/<pod>/<container>/
// <container>/logs/*.log, host_service_logs/), Rancher's log collector (systeminfo/, journald/<unit>,
// <distribution>/podlogs/) and SUSE supportconfig (scc_<host>_<date>_<time>/*.txt).

/** A tool that packs a node's (or a cluster's) logs. */
export type BundleKind = 'sosreport' | 'must-gather' | 'rancher-log-collector' | 'supportconfig';

/** Where one bundle starts inside what was given, and the node it describes when it is one node's. */
export type BundleRoot = {
	readonly kind: BundleKind;
	/** Relative folder of the bundle (`` for the given folder itself), without a trailing `/`. */
	readonly root: string;
	/** The node, from the bundle's folder name, when the name says (a `hostname` file may say better). */
	readonly node: string | undefined;
};

/** What to do with one file of a bundle. */
export type BundleFilePlan =
	| {readonly read: false}
	/** `exact`: the layout itself names the node and pod (a must-gather), so what the file's path looks like does not count. */
	| {readonly read: true; readonly host: string | undefined; readonly pod?: string | undefined; readonly exact?: boolean};

const mustGatherLog = /^namespaces\/(?<namespace>[^/]+)\/pods\/(?<pod>[^/]+)\/(?<container>[^/]+)\/\k<container>\/logs\/[^/]+\.log$/;
const mustGatherNamespaces = new Set(['openshift-kube-apiserver', 'openshift-etcd', 'kube-system']);
// The static pods: kube-apiserver-<node> and etcd-<node>, not their guard, installer or pruner pods.
const staticPod = /^(?:kube-apiserver|etcd)-(?!guard-|operator-)(?<node>.+)$/;
const sosJournal = /^sos_commands\/logs\/journalctl_[^/]*$/;
const sosNotJournal = /disk-usage|list-boots|--header|--fields/;
const sosVarLog = /^var\/log\/(?:pods\/.+|containers\/.+|kube-apiserver[^/]*|k3s\.log[^/]*|kubernetes\/(?!audit)[^/]+)$/;
const collectorSkip = /^(?:systeminfo|networking|kubectl|crictl|k8s-resources)(?:\/|$)|\/(?:kubectl|crictl)\//;

function parent(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash < 0 ? '' : path.slice(0, slash);
}

function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

function under(root: string, path: string): string | undefined {
	if (root === '') return path;
	return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined;
}

/** `rke2-cp-1` from `rke2-cp-1-2026-11-28_09_30_01` (the collector) or `scc_rke2-cp-1_261128_0930` (supportconfig). */
function nodeFromFolder(kind: BundleKind, folder: string): string | undefined {
	const name = baseName(folder);
	const match =
		kind === 'rancher-log-collector' ? /^(.+)-\d{4}-\d{2}-\d{2}_\d{2}_\d{2}_\d{2}$/.exec(name)
			: kind === 'supportconfig' ? /^scc_(.+)_\d{6}_\d{4}$/.exec(name)
				: kind === 'sosreport' ? /^sosreport-(.+?)-\d{4}-\d{2}-\d{2}-[a-z0-9]+$/.exec(name) : null;
	const node = match?.[1];
	return node !== undefined && /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(node) ? node : undefined;
}

/** Every bundle among the paths, outermost first; a path belongs to the deepest bundle that holds it. */
export function findBundleRoots(paths: readonly string[]): BundleRoot[] {
	const found = new Map<string, BundleKind>();
	const folders = new Set<string>();
	for (const path of paths) {
		for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) folders.add(path.slice(0, slash));
	}

	for (const path of paths) {
		const sos = /^(?:(.*)\/)?sos_commands\//.exec(path);
		if (sos !== null) found.set(sos[1] ?? '', 'sosreport');
		const gather = /^(?:(.*)\/)?namespaces\/[^/]+\/pods\//.exec(path);
		if (gather !== null && mustGatherLog.test(path.slice(gather[1] === undefined ? 0 : gather[1].length + 1))) found.set(gather[1] ?? '', 'must-gather');
		const name = baseName(path);
		if (name === 'basic-environment.txt' || name === 'supportconfig.txt') found.set(parent(path), 'supportconfig');
		const info = /^(?:(.*)\/)?systeminfo\/[^/]+$/.exec(path);
		if (info !== null) {
			const root = info[1] ?? '';
			const prefix = root === '' ? '' : `${root}/`;
			if (['journald', 'k3s', 'rke2', 'docker'].some((folder) => folders.has(`${prefix}${folder}`))) found.set(root, 'rancher-log-collector');
		}
	}

	return [...found].map(([root, kind]) => ({kind, root, node: nodeFromFolder(kind, root)})).sort((a, b) => a.root.length - b.root.length);
}

/** The deepest bundle holding the path, with the path inside it. */
export function bundleOf(bundles: readonly BundleRoot[], path: string): {bundle: BundleRoot; inner: string} | undefined {
	for (let i = bundles.length - 1; i >= 0; i--) {
		const bundle = bundles[i]!;
		const inner = under(bundle.root, path);
		if (inner !== undefined) return {bundle, inner};
	}

	return undefined;
}

/** Whether a file of a bundle is a log to read, and its node (`hostname` is the bundle's own node, when known). */
export function planBundleFile(bundle: BundleRoot, inner: string, hostname: string | undefined): BundleFilePlan {
	const node = hostname ?? bundle.node;
	switch (bundle.kind) {
		case 'sosreport':
			if (sosJournal.test(inner)) return sosNotJournal.test(inner) ? {read: false} : {read: true, host: node};
			return sosVarLog.test(inner) && !/audit/.test(baseName(inner)) ? {read: true, host: node} : {read: false};
		case 'must-gather': {
			if (/^host_service_logs\/[^/]+\/[^/]+\.log$/.test(inner)) return {read: true, host: undefined, pod: undefined, exact: true};
			const log = mustGatherLog.exec(inner)?.groups;
			if (log === undefined || !mustGatherNamespaces.has(log['namespace'] ?? '')) return {read: false};
			const pod = log['pod'] ?? '';
			const podNode = staticPod.exec(pod)?.groups?.['node'];
			return podNode === undefined ? {read: false} : {read: true, host: podNode, pod, exact: true};
		}

		case 'rancher-log-collector':
			return collectorSkip.test(inner) ? {read: false} : {read: true, host: node};
		case 'supportconfig':
			return inner.endsWith('.txt') && !inner.includes('/') ? {read: true, host: node} : {read: false};
		default:
			return bundle.kind satisfies never;
	}
}

/** The `hostname` file a bundle keeps its node's name in, relative to the bundle. */
export function hostnameFile(kind: BundleKind): string | undefined {
	switch (kind) {
		case 'sosreport':
			return 'hostname';
		case 'rancher-log-collector':
			return 'systeminfo/hostname';
		case 'must-gather':
		case 'supportconfig':
			return undefined;
		default:
			return kind satisfies never;
	}
}

/** A node name read from a bundle's `hostname` file, when it is one. */
export function readHostname(text: string): string | undefined {
	const name = text.trim().split('\n')[0]?.trim() ?? '';
	return /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(name) ? name : undefined;
}
