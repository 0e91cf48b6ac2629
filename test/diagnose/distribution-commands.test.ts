import {describe, expect, it} from 'vitest';
import type {ApiserverContext} from '../../src/correlate/build-context.js';
import type {DistributionDecision} from '../../src/correlate/distribution.js';
import {distributionVariables} from '../../src/diagnose/distribution-commands.js';

const context = (distribution: Partial<DistributionDecision>, runMode: ApiserverContext['runMode'] = 'unknown'): ApiserverContext =>
	({runMode, distribution: {id: undefined, name: 'unknown', reasons: [], candidates: [], ...distribution}}) as unknown as ApiserverContext;

describe('distributionVariables', () => {
	it.each([
		['k3s', /^systemctl restart k3s/, /^k3s certificate check/],
		['rke2', /^systemctl restart rke2-server/, /^rke2 certificate check/],
		['microk8s', /^snap restart microk8s\.daemon-kubelite/, /^microk8s refresh-certs --check/],
		['openshift', /^oc patch kubeapiserver cluster --type=merge .*forceRedeploymentReason/, /^oc get clusteroperators/],
		['openshift3', /^master-restart api/, /^kubesleuth certs \/etc\/origin\/master/],
		['kubeadm', /^mv \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml \/tmp\//, /^kubeadm certs check-expiration$/],
		['systemd-unit', /^systemctl restart kube-apiserver$/, /^kubesleuth certs /],
	] as const)('%s has its own restart and certificate check', (id, restart, check) => {
		const variables = distributionVariables(context({id}));
		expect(variables.restartApiserver).toMatch(restart);
		expect(variables.checkCertificates).toMatch(check);
		expect(variables.distribution).not.toMatch(/unknown|not known/);
	});

	it('restarts a static pod of an unknown distribution the kubeadm way, and a systemd unit the plain way', () => {
		expect(distributionVariables(context({}, 'static-pod')).restartApiserver).toMatch(/^mv \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml/);
		expect(distributionVariables(context({}, 'static-pod')).distribution).toBe('a static pod; distribution not known');
		expect(distributionVariables(context({}, 'systemd')).restartApiserver).toBe('systemctl restart kube-apiserver');
	});

	it('keeps what else to know about a command in its note', () => {
		const variables = distributionVariables(context({id: 'openshift3'}));
		expect(variables.checkCertificatesNote).toMatch(/certificate_expiry\/easy-mode\.yaml/);
		expect(distributionVariables(context({id: 'kubeadm'})).checkCertificatesNote).toBeUndefined();
	});

	it('names every choice when nothing is known, and gives no command to paste', () => {
		const variables = distributionVariables(context({}));
		expect(variables.distribution).toBe('distribution not known');
		expect(variables.restartApiserver).toBeUndefined();
		for (const command of ['kubeadm: mv /etc/kubernetes/manifests', 'k3s: systemctl restart k3s', 'rke2: systemctl restart rke2-server', 'MicroK8s: snap restart microk8s.daemon-kubelite', 'OpenShift 4: oc patch kubeapiserver', 'kube-apiserver systemd unit: systemctl restart kube-apiserver']) {
			expect(variables.restartApiserverNote).toContain(command);
		}

		expect(variables.checkCertificatesNote).toContain('k3s: k3s certificate check');
	});

	it('names only the candidates when the clues were even', () => {
		const variables = distributionVariables(context({candidates: ['k3s', 'rke2']}));
		expect(variables.restartApiserverNote).toMatch(/^whichever of these runs this node: k3s: systemctl restart k3s.*; rke2: systemctl restart rke2-server/);
		expect(variables.restartApiserverNote).not.toContain('kubeadm');
	});
});
