import {describe, expect, it} from 'vitest';
import type {DiskCertificate} from '../../src/correlate/live-facts.js';
import {formatResidualTime} from '../../src/render/certificate-time.js';
import {formatCertificatesJson, formatCertificatesTable} from '../../src/render/format-certificates.js';

const now = Date.UTC(2024, 11, 30, 12, 0, 0);
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const certificates: DiskCertificate[] = [
	{path: '/etc/kubernetes/pki/apiserver.crt', subject: 'CN=kube-apiserver', issuer: 'CN=kubernetes', notBefore: now - (365 * dayMs), notAfter: now - dayMs, isCa: false},
	{path: '/etc/kubernetes/admin.conf#kubernetes-admin', subject: 'CN=kubernetes-admin, O=system:masters', issuer: 'CN=kubernetes', notBefore: now, notAfter: now + (5 * hourMs), isCa: false},
	{path: '/etc/kubernetes/pki/ca.crt', subject: 'CN=kubernetes', issuer: 'CN=kubernetes', notBefore: now, notAfter: now + (3650 * dayMs), isCa: true},
];

describe('formatResidualTime', () => {
	it.each([
		[-1, '<invalid>'],
		[0, '<invalid>'],
		[42_000, '42s'],
		[5 * 60_000, '5m'],
		[47 * hourMs, '47h'],
		[48 * hourMs, '2d'],
		[364 * dayMs, '364d'],
		[3650 * dayMs, '10y'],
	])('%i ms left: %s', (left, expected) => {
		expect(formatResidualTime(now + left, now)).toBe(expected);
	});
});

describe('formatCertificatesTable', () => {
	it('lays out the kubeadm-style columns and lists warnings after', () => {
		expect(formatCertificatesTable(certificates, ['Could not read /etc/kubernetes/pki/x.crt: permission denied.'], now)).toBe([
			'CERTIFICATE                                   EXPIRES                  RESIDUAL TIME   ISSUER       CA',
			'/etc/kubernetes/pki/apiserver.crt             Dec 29, 2024 12:00 UTC   <invalid>       kubernetes   no',
			'/etc/kubernetes/admin.conf#kubernetes-admin   Dec 30, 2024 17:00 UTC   5h              kubernetes   no',
			'/etc/kubernetes/pki/ca.crt                    Dec 28, 2034 12:00 UTC   10y             kubernetes   yes',
			'',
			'Warnings:',
			'  - Could not read /etc/kubernetes/pki/x.crt: permission denied.',
			'',
		].join('\n'));
	});

	it('says when nothing was found', () => {
		expect(formatCertificatesTable([], [], now)).toBe('No certificates found.\n');
	});
});

describe('formatCertificatesJson', () => {
	it('marks expired certificates and keeps the warnings', () => {
		const json = JSON.parse(formatCertificatesJson(certificates.slice(0, 1), ['w'], now)) as unknown;
		expect(json).toEqual({
			readAt: '2024-12-30T12:00:00Z',
			certificates: [{
				path: '/etc/kubernetes/pki/apiserver.crt',
				subject: 'CN=kube-apiserver',
				issuer: 'CN=kubernetes',
				notBefore: '2023-12-31T12:00:00Z',
				notAfter: '2024-12-29T12:00:00Z',
				residualTime: '<invalid>',
				expired: true,
				isCa: false,
			}],
			warnings: ['w'],
		});
	});
});
