import {describe, expect, test} from 'vitest';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('kubectl errors', () => {
	test('fixture: every checkErr wording is an error of component kubectl, with the Status reason', () => {
		expectRows('formats/kubectl-errors.log', [
			{payload: 'kubectl-error', severity: 'error', component: 'kubectl', fields: {reason: 'Forbidden'}, message: 'Error from server (Forbidden): pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "kube-system"'},
			{fields: {reason: 'InternalError'}},
			{fields: {}, message: 'Error from server: etcdserver: request timed out'},
			{severity: 'error', message: 'error: You must be logged in to the server (Unauthorized)'},
			{payload: 'kubectl-error', message: 'Unable to connect to the server: x509: certificate has expired or is not yet valid: current time 2026-05-10T09:43:56Z is after 2026-05-01T00:00:00Z'},
			{payload: 'kubectl-error', message: 'The connection to the server 10.0.0.5:6443 was refused - did you specify the right host or port?'},
			{payload: 'kubectl-error', message: 'The Pod "web" is invalid: spec.containers[0].image: Required value'},
			{payload: 'kubectl-error'},
		]);
	});

	test('a shell prompt line before the error stays text; the error after it is kubectl\'s', () => {
		expectRows('realworld/10-cluster-cert-expired-snowdrop260-kubeadm-check-expiration.log', [
			{payload: 'plain', severity: undefined},
			{payload: 'kubectl-error', severity: 'error', component: 'kubectl'},
		]);
	});

	test('a wrapped message continues the error until the next record', () => {
		const {records} = parseLines(['Error from server (InternalError): Internal error occurred:', 'failed calling webhook "w": x509: certificate signed by unknown authority', 'E0510 17:43:56.000000       1 a.go:1] next']);
		expect(records.map((record) => [record.payload, record.lineCount])).toEqual([['kubectl-error', 2], ['klog', 1]]);
	});
});
