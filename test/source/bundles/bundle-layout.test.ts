import {describe, expect, it} from 'vitest';
import {bundleOf, findBundleRoots, planBundleFile, readHostname} from '../../../src/source/bundles/bundle-layout.js';

const mustGather = 'mg/quay-io-img';
const paths = [
	'sosreport-cp-1-2026-11-28-abcdefg/hostname',
	'sosreport-cp-1-2026-11-28-abcdefg/sos_commands/logs/journalctl_--no-pager',
	'sosreport-cp-1-2026-11-28-abcdefg/sos_commands/logs/journalctl_--disk-usage',
	'sosreport-cp-1-2026-11-28-abcdefg/var/log/pods/kube-system_kube-apiserver-cp-1_0a1b/kube-apiserver/0.log',
	'sosreport-cp-1-2026-11-28-abcdefg/var/log/kube-apiserver-audit.log',
	'sosreport-cp-1-2026-11-28-abcdefg/etc/kubernetes/manifests/kube-apiserver.yaml',
	`${mustGather}/namespaces/openshift-kube-apiserver/pods/kube-apiserver-master-0/kube-apiserver/kube-apiserver/logs/current.log`,
	`${mustGather}/namespaces/openshift-kube-apiserver/pods/kube-apiserver-guard-master-0/guard/guard/logs/current.log`,
	`${mustGather}/namespaces/openshift-etcd/pods/etcd-master-1/etcd/etcd/logs/previous.log`,
	`${mustGather}/namespaces/openshift-monitoring/pods/prometheus-k8s-0/prometheus/prometheus/logs/current.log`,
	`${mustGather}/host_service_logs/masters/kubelet_service.log`,
	'rke2-cp-1-2026-11-28_09_30_01/systeminfo/hostname',
	'rke2-cp-1-2026-11-28_09_30_01/journald/rke2-server',
	'rke2-cp-1-2026-11-28_09_30_01/rke2/kubectl/nodes',
	'scc_k3s-node-1_261128_0930/basic-environment.txt',
	'scc_k3s-node-1_261128_0930/messages.txt',
	'notes/incident.log',
];

describe('findBundleRoots', () => {
	it('recognises each bundle by its layout, wherever it sits, with the node its folder name gives', () => {
		expect(findBundleRoots(paths)).toEqual([
			{kind: 'must-gather', root: mustGather, node: undefined},
			{kind: 'supportconfig', root: 'scc_k3s-node-1_261128_0930', node: 'k3s-node-1'},
			{kind: 'rancher-log-collector', root: 'rke2-cp-1-2026-11-28_09_30_01', node: 'rke2-cp-1'},
			{kind: 'sosreport', root: 'sosreport-cp-1-2026-11-28-abcdefg', node: 'cp-1'},
		]);
	});

	it('recognises a bundle given as the folder itself, and nothing in plain log folders', () => {
		expect(findBundleRoots(['sos_commands/logs/journalctl_--no-pager', 'hostname'])).toEqual([{kind: 'sosreport', root: '', node: undefined}]);
		expect(findBundleRoots(['var/log/pods/kube-system_kube-apiserver-cp-1_0a1b/kube-apiserver/0.log', 'systeminfo.log'])).toEqual([]);
	});
});

describe('planBundleFile', () => {
	const bundles = findBundleRoots(paths);
	const plan = (path: string, hostname?: string) => {
		const found = bundleOf(bundles, path);
		return found === undefined ? undefined : planBundleFile(found.bundle, found.inner, hostname);
	};

	it('reads an sosreport\'s journal export and /var/log copies, not its other command outputs, audit logs or manifests', () => {
		const sos = 'sosreport-cp-1-2026-11-28-abcdefg';
		expect(plan(`${sos}/sos_commands/logs/journalctl_--no-pager`, 'cp-1.example.com')).toEqual({read: true, host: 'cp-1.example.com'});
		expect(plan(`${sos}/var/log/pods/kube-system_kube-apiserver-cp-1_0a1b/kube-apiserver/0.log`)).toEqual({read: true, host: 'cp-1'});
		for (const skipped of ['sos_commands/logs/journalctl_--disk-usage', 'var/log/kube-apiserver-audit.log', 'etc/kubernetes/manifests/kube-apiserver.yaml', 'hostname']) {
			expect(plan(`${sos}/${skipped}`), skipped).toEqual({read: false});
		}
	});

	it('reads a must-gather\'s apiserver and etcd static pods with their node, and its host service logs', () => {
		expect(plan(`${mustGather}/namespaces/openshift-kube-apiserver/pods/kube-apiserver-master-0/kube-apiserver/kube-apiserver/logs/current.log`)).toEqual({read: true, host: 'master-0', pod: 'kube-apiserver-master-0', exact: true});
		expect(plan(`${mustGather}/namespaces/openshift-etcd/pods/etcd-master-1/etcd/etcd/logs/previous.log`)).toEqual({read: true, host: 'master-1', pod: 'etcd-master-1', exact: true});
		expect(plan(`${mustGather}/host_service_logs/masters/kubelet_service.log`)).toEqual({read: true, host: undefined, pod: undefined, exact: true});
		expect(plan(`${mustGather}/namespaces/openshift-kube-apiserver/pods/kube-apiserver-guard-master-0/guard/guard/logs/current.log`)).toEqual({read: false});
		expect(plan(`${mustGather}/namespaces/openshift-monitoring/pods/prometheus-k8s-0/prometheus/prometheus/logs/current.log`)).toEqual({read: false});
	});

	it('reads a log collector\'s journals, not its system information or kubectl output; a supportconfig\'s text files', () => {
		expect(plan('rke2-cp-1-2026-11-28_09_30_01/journald/rke2-server')).toEqual({read: true, host: 'rke2-cp-1'});
		expect(plan('rke2-cp-1-2026-11-28_09_30_01/systeminfo/hostname')).toEqual({read: false});
		expect(plan('rke2-cp-1-2026-11-28_09_30_01/rke2/kubectl/nodes')).toEqual({read: false});
		expect(plan('scc_k3s-node-1_261128_0930/messages.txt')).toEqual({read: true, host: 'k3s-node-1'});
		expect(plan('notes/incident.log')).toBeUndefined();
	});
});

describe('readHostname', () => {
	it('takes a host name and refuses anything else', () => {
		expect(readHostname('cp-1.example.com\n')).toBe('cp-1.example.com');
		expect(readHostname('cp 1; rm -rf /\n')).toBeUndefined();
		expect(readHostname('\u001B[31mred\n')).toBeUndefined();
		expect(readHostname('')).toBeUndefined();
	});
});
