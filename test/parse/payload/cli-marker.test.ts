import {describe, expect, test} from 'vitest';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('CLI markers', () => {
	test('fixture: minikube markers and emoji, `==> name <==` sections naming the component of the lines after them', () => {
		expectRows('formats/minikube.log', [
			{payload: 'cli-marker', severity: 'info', message: 'minikube v1.32.0 on Ubuntu 22.04'},
			{payload: 'cli-marker', severity: 'info', message: 'Starting control plane node minikube in cluster minikube'},
			{severity: 'warning', message: 'The image \'registry.k8s.io/kube-apiserver:v1.28.3\' was not found; unable to add it to cache.'},
			{severity: 'error', message: 'Exiting due to GUEST_START: failed to start node: wait 6m0s for node: wait for healthy API server: controlPlane never updated to v1.28.3'},
			{severity: 'error', message: 'Exiting due to K8S_APISERVER_MISSING: wait 6m0s for node: wait for apiserver proc: apiserver process never appeared'},
			{payload: 'cli-marker', severity: undefined, component: 'kube-apiserver'},
			{payload: 'klog', severity: 'error', component: 'kube-apiserver'},
			{payload: 'cli-marker', component: 'etcd'},
			{payload: 'zap-json', component: 'etcd', iso: '2026-10-06T21:29:04.000Z'},
		]);
	});

	test('realworld r2-15: minikube logs section header', () => {
		const {records} = parseLines(['==> kube-apiserver [8bce9679a1f3] <==', 'E1006 21:29:03.924414       1 authentication.go:89] x']);
		expect(records.map((record) => record.component)).toEqual(['kube-apiserver', 'kube-apiserver']);
	});

	test('a sentence starting with X, or a star without a space, is text', () => {
		const {records} = parseLines(['Xen guests are fine', '*bold*', 'X marks the spot']);
		expect(records.map((record) => record.payload)).toEqual(['plain', 'plain', 'plain']);
	});
});
