import {describe, expect, it} from 'vitest';
import type {ContextHit} from '../../src/detect/collect-signals.js';
import {decideDistribution, type DistributionEvidence} from '../../src/correlate/distribution.js';
import {loopbackLifetime, loopbackLifetimeDays} from '../../src/correlate/loopback-lifetime.js';

const hit = (provides: ContextHit['provides'], groups: Record<string, string>, line = 1): ContextHit => ({
	signal: 'test',
	provides,
	groups,
	evidence: {source: 'apiserver.log', line, time: undefined, text: '', host: undefined, pod: undefined},
});

const none: DistributionEvidence = {hits: [], identifiers: [], sources: [], live: undefined};

describe('decideDistribution', () => {
	it.each([
		['a k3s journal identifier', {identifiers: ['k3s']}, 'k3s'],
		['an rke2 journal identifier', {identifiers: ['rke2', 'containerd']}, 'rke2'],
		['the kubelite identifier', {identifiers: ['microk8s.daemon-kubelite']}, 'microk8s'],
		['an OpenShift 3 master', {identifiers: ['origin-master']}, 'openshift3'],
		['a kube-apiserver unit', {identifiers: ['kube-apiserver']}, 'systemd-unit'],
		['an OpenShift pod log folder', {sources: ['/var/log/pods/openshift-kube-apiserver_kube-apiserver-master-0_0f1e/kube-apiserver/0.log']}, 'openshift'],
		['a must-gather pod log', {sources: ['mg/namespaces/openshift-kube-apiserver/pods/kube-apiserver-master-0/kube-apiserver/kube-apiserver/logs/current.log']}, 'openshift'],
		['a +k3s version', {hits: [hit('version', {version: 'v1.28.5+k3s1'})]}, 'k3s'],
		['a +rke2 version', {hits: [hit('version', {version: 'v1.30.4+rke2r1'})]}, 'rke2'],
		['a start line', {hits: [hit('distribution', {program: 'kubelite'})]}, 'microk8s'],
		['an rke2 certificate folder', {hits: [hit('distribution', {folder: '/var/lib/rancher/rke2/'})]}, 'rke2'],
		['an OpenShift 4 certificate folder', {hits: [hit('distribution', {folder: '/etc/kubernetes/static-pod-certs/'})]}, 'openshift'],
	] as const)('knows %s', (_name, partial, expected) => {
		const decision = decideDistribution({...none, ...partial});
		expect(decision.id).toBe(expected);
		expect(decision.reasons.length).toBeGreaterThan(0);
	});

	it('says unknown, with no reason, when nothing points anywhere', () => {
		expect(decideDistribution(none)).toEqual({id: undefined, name: 'unknown', reasons: [], candidates: []});
	});

	it('takes a single hint (kubeadm\'s folder, used by hand-built control planes too) as a hint, not a decision', () => {
		const decision = decideDistribution({...none, hits: [hit('distribution', {folder: '/etc/kubernetes/pki/'})]});
		expect(decision.id).toBeUndefined();
		expect(decision.reasons[0]).toMatch(/^only a hint: \/etc\/kubernetes\/pki\/ in apiserver\.log:1 points at kubeadm/);
	});

	it('decides kubeadm from two hints: a kube-system static pod folder and its certificate folder', () => {
		const decision = decideDistribution({...none, sources: ['/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c/kube-apiserver/0.log'], hits: [hit('distribution', {folder: '/etc/kubernetes/pki/'})]});
		expect(decision.id).toBe('kubeadm');
	});

	it('lets the stronger side win, and leaves out a mere hint that pointed elsewhere', () => {
		const decision = decideDistribution({...none, identifiers: ['kube-apiserver'], hits: [hit('distribution', {folder: '/etc/kubernetes/pki/'}, 22)]});
		expect(decision).toEqual({id: 'systemd-unit', name: 'kube-apiserver systemd unit', reasons: ['the journal identifier kube-apiserver in the logs'], candidates: []});
	});

	it('counts the same kind of line once, however often it repeats', () => {
		const many = Array.from({length: 10}, (_, i) => hit('distribution', {folder: '/etc/kubernetes/pki/'}, i + 1));
		expect(decideDistribution({...none, hits: many}).id).toBeUndefined();
	});

	it('names both candidates when the clues are even', () => {
		const decision = decideDistribution({...none, identifiers: ['k3s', 'rke2']});
		expect(decision.id).toBeUndefined();
		expect(decision.candidates).toEqual(['k3s', 'rke2']);
	});

	it('weighs what the node showed above a log line', () => {
		const decision = decideDistribution({
			...none,
			identifiers: ['k3s'],
			live: {readAt: 0, distributionClues: [{distribution: 'rke2', weight: 3, reason: 'the folder /var/lib/rancher/rke2/server'}]},
		});
		expect(decision.id).toBe('rke2');
		expect(decision.reasons).toEqual(['the folder /var/lib/rancher/rke2/server', 'though the journal identifier k3s in the logs points at k3s']);
	});

	it('takes a kube-apiserver process in a systemd unit as a systemd unit', () => {
		const process = {pid: 42, startedAt: 0, flags: {}, version: undefined, runMode: 'systemd' as const};
		expect(decideDistribution({...none, live: {readAt: 0, process}}).id).toBe('systemd-unit');
	});

	it('obeys --distribution over everything', () => {
		expect(decideDistribution({...none, identifiers: ['k3s'], flag: 'microk8s'})).toEqual({id: 'microk8s', name: 'MicroK8s', reasons: ['--distribution flag'], candidates: []});
	});
});

describe('loopbackLifetime by version and distribution', () => {
	it.each([
		['v1.32.13', undefined, 365],
		['v1.33.0', undefined, 1096],
		['v1.32.3+k3s1', 'k3s', 365],
		['v1.33.1+rke2r1', 'rke2', 1096],
		['v1.28.9', 'openshift', 365],
		['v1.29.5+29a5b9e', 'openshift', 1096],
		['v1.31.4', 'openshift', 1096],
	] as const)('%s on %s lasts %i days', (version, distribution, days) => {
		expect(loopbackLifetimeDays(version, distribution)).toBe(days);
	});

	it('says where an OpenShift lifetime comes from', () => {
		expect(loopbackLifetime('v1.29.5', 'openshift')?.source).toMatch(/OpenShift 4\.16.*openshift-apiserver#584/);
	});

	it('knows nothing without a readable version', () => {
		expect(loopbackLifetimeDays(undefined)).toBeUndefined();
		expect(loopbackLifetimeDays('unknown')).toBeUndefined();
	});
});
