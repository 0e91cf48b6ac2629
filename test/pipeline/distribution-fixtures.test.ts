import path from 'node:path';
import {Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {feedSources} from '../../src/cli/feed-sources.js';
import {loadRules} from '../../src/cli/load-rules.js';
import type {LiveFacts} from '../../src/correlate/live-facts.js';
import {createDiagnosisSession} from '../../src/pipeline/diagnosis-session.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

/** A step as one line: why, then the command (when it has one) after a colon. */
const stepLine = (step: {readonly command: string | undefined; readonly why: string} | undefined): string => (step === undefined ? '' : step.command === undefined ? step.why : `${step.why}: ${step.command}`);

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const at = (p: string) => path.join(fixtures, p);
const realworld = (prefix: string) => at(`realworld/${prefix}`);
const r2 = {
	k3sClock: 'r2-01-cluster-cert-expired-k3s4438-clock-forward-127001-cacerts-etcd.log',
	origin3: 'r2-02-cluster-cert-expired-origin20538-master-selfcall-8443-startup.log',
	rke2Clock: 'r2-05-clock-skew-rke2-4372-supervisor-9345-not-yet-valid.log',
	k3sEtcd: 'r2-09-etcd-db-space-k3s4787-embedded-etcd-journal-json.log',
	rke2Healthy: 'r2-18-healthy-rke2-6599-cri-clean-apiserver-shutdown.log',
	originNode: '22-kubelet-client-cert-expired-origin24242-csr-unauthorized-journal.log',
	rancherEvents: '04-loopback-cert-expired-rancher45685-limitranges-events.log',
};

describe('the distribution, from real excerpts', () => {
	it.each([
		[r2.rke2Clock, 'rke2', 'the journal identifier rke2 in the logs'],
		[r2.rke2Healthy, 'rke2', '/var/lib/rancher/rke2/ in'],
		[r2.k3sEtcd, 'k3s', 'the journal identifier k3s in the logs'],
		[r2.origin3, 'openshift3', 'the journal identifier origin-master in the logs'],
		[r2.originNode, 'openshift3', 'the journal identifier origin-node in the logs'],
	])('%s runs on %s', async (file, id, reason) => {
		const report = await diagnosePaths([realworld(file)]);
		expect(report.context.distribution.id).toBe(id);
		expect(report.context.distribution.reasons.join('\n')).toContain(reason);
	});

	it('rke2\'s supervisor journal does not make the apiserver a systemd unit: it is a static pod', async () => {
		expect((await diagnosePaths([realworld(r2.rke2Clock)])).context.runMode).toBe('static-pod');
	});

	it('says unknown when nothing tells, and names every distribution\'s command', async () => {
		const report = await diagnosePaths([realworld(r2.rancherEvents)]);
		expect(report.context.distribution).toEqual({id: undefined, name: 'unknown', reasons: [], candidates: []});
		// No command can be pasted when any distribution could run the node: the step is prose naming each.
		const step = report.findings[0]?.actions[0];
		expect(step?.command).toBeUndefined();
		const restart = stepLine(step);
		expect(restart).toMatch(/^Restart the apiserver on this node \(distribution not known\); whichever of these runs this node: kubeadm: mv \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml/);
		for (const command of ['k3s: systemctl restart k3s', 'rke2: systemctl restart rke2-server', 'MicroK8s: snap restart microk8s.daemon-kubelite', 'OpenShift 4: oc patch kubeapiserver cluster']) expect(restart).toContain(command);
	});

	it('takes --distribution when the user knows', async () => {
		const report = await diagnosePaths([realworld(r2.rancherEvents)], {distribution: 'rke2'});
		expect(report.context.distribution.reasons).toEqual(['--distribution flag']);
		expect(report.findings[0]?.actions[0]?.command).toBe('systemctl restart rke2-server');
		expect(report.findings[0]?.actions[0]?.why).toMatch(/^Restart the apiserver on this node \(rke2\)/);
	});

	it('the k3s clock-forward excerpt (no distribution named) lists the certificate checks of each', async () => {
		const report = await diagnosePaths([realworld(r2.k3sClock)]);
		const steps = report.findings[0]?.actions.map(stepLine).join('\n') ?? '';
		expect(steps).toContain('k3s: k3s certificate check; rke2: rke2 certificate check');
	});
});

describe('the distribution, its lifetime and its commands, from the node trees\' logs', () => {
	it.each([
		['nodes/kubeadm', 'kubeadm', 'v1.36.0', 1096, 6443],
		['nodes/rke2', 'rke2', 'v1.36.0+rke2r1', 1096, 6443],
		// Kubernetes 1.31 makes a 365-day certificate upstream; OpenShift 4.16 and later carry the 3-year one.
		['nodes/openshift', 'openshift', 'v1.31.4+8f3a2b1', 1096, 6443],
		['nodes/k3s-openrc', 'k3s', 'v1.31.4+k3s1', 365, 6444],
	] as const)('%s: %s, %s, %i days, port %i', async (tree, id, version, days, port) => {
		const report = await diagnosePaths([at(tree)]);
		expect(report.context.distribution.id).toBe(id);
		expect(report.context.version?.value).toBe(version);
		expect(report.context.lifetimeDays).toBe(days);
		expect(report.context.lifetimeFrom).toBe('version');
		expect(report.context.securePort).toBe(port);
	});

	it('says where the OpenShift lifetime comes from when it predicts the expiry', async () => {
		const report = await diagnosePaths([at('nodes/openshift')]);
		expect(report.context.loopbackNotAfter?.from).toMatch(/Kubernetes v1\.31\.4\+8f3a2b1: OpenShift 4\.16 \(Kubernetes 1\.29\) and later carry the 3-year loopback certificate/);
	});

	it('restarts a kubeadm static pod by moving its manifest (the demo), and a kube-apiserver unit with systemctl', async () => {
		const demo = await diagnosePaths([at('demo')]);
		expect(demo.context.distribution.id).toBe('kubeadm');
		expect(demo.findings[0]?.actions[0]?.command).toMatch(/^mv \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml \/tmp\//);
		expect(demo.findings[0]?.actions[0]?.why).toMatch(/^Restart the apiserver on this node \(kubeadm\)/);
		const unit = await diagnosePaths([at('incidents/loopback-expired-journald')]);
		expect(unit.context.distribution.id).toBe('systemd-unit');
		expect(unit.findings[0]?.actions[0]).toEqual({command: 'systemctl restart kube-apiserver', why: 'Restart the apiserver on this node (kube-apiserver systemd unit)'});
	});
});

describe('the 1.36 loopback-serving-certificate check on /livez', () => {
	const withLive = async (tree: string, live: LiveFacts) => {
		const {rules} = await loadRules([]);
		const session = createDiagnosisSession({rules, now: Date.parse('2026-11-28T12:00:00Z'), timeZone: 'utc'});
		await feedSources(session, [{type: 'paths', paths: [at(tree)], local: true}], {maxLineBytes: 65_536, stdin: Readable.from([])});
		session.setLive(live);
		return session.report();
	};

	it('says so when the static pod\'s liveness probe does not target /livez', async () => {
		const report = await withLive('nodes/kubeadm', {readAt: 0, livenessProbe: {type: 'other', manifest: '/etc/kubernetes/manifests/kube-apiserver.yaml', handler: 'tcpSocket'}});
		expect(report.context.facts.has('liveness-probe-misses-loopback-check')).toBe(true);
		expect(report.context.notes).toContain('the kube-apiserver static pod (/etc/kubernetes/manifests/kube-apiserver.yaml) has a tcpSocket liveness probe, not an HTTP GET of /livez, so Kubernetes v1.36.0\'s loopback-serving-certificate check on /livez will not restart it when its loopback certificate expires; add a liveness probe with httpGet path /livez');
	});

	it('says nothing when it does (rke2 probes with kubectl --raw=/livez)', async () => {
		const report = await withLive('nodes/rke2', {readAt: 0, livenessProbe: {type: 'endpoint', manifest: '/var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml', path: '/livez', handler: 'exec'}});
		expect(report.context.notes).toEqual([]);
	});
});
