import {describe, expect, it} from 'vitest';
import type {DiskCertificate} from '../../src/correlate/live-facts.js';
import {formatResidualTime} from '../../src/render/certificate-time.js';
import {daysLeftText, formatCertificatesJson, formatCertificatesTable} from '../../src/render/format-certificates.js';

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
	it('lays out the kubeadm-style columns with days left as numbers, flags the ones under 30 days, counts them, then the warnings', () => {
		expect(formatCertificatesTable(certificates, ['Could not read /etc/kubernetes/pki/x.crt: permission denied.'], now)).toBe([
			'CERTIFICATE                                   EXPIRES                  DAYS LEFT           ISSUER       CA',
			'/etc/kubernetes/pki/apiserver.crt             Dec 29, 2024 12:00 UTC   EXPIRED 1 day ago   kubernetes   no',
			'/etc/kubernetes/admin.conf#kubernetes-admin   Dec 30, 2024 17:00 UTC   0 (5h)              kubernetes   no    < 30 days',
			'/etc/kubernetes/pki/ca.crt                    Dec 28, 2034 12:00 UTC   3,650               kubernetes   yes',
			'',
			'3 certificates: 1 expired, 1 expires within 30 days, 1 valid for 30 days or more.',
			'',
			'Warnings:',
			'  - Could not read /etc/kubernetes/pki/x.crt: permission denied.',
			'',
		].join('\n'));
	});

	it('says when nothing was found', () => {
		expect(formatCertificatesTable([], [], now)).toBe('No certificates found.\n');
	});

	it('says how many days ago a certificate expired', () => {
		expect(daysLeftText(now - 10 * dayMs, now)).toBe('EXPIRED 10 days ago');
		expect(daysLeftText(now - hourMs, now)).toBe('EXPIRED today');
		expect(daysLeftText(now + 29 * dayMs + hourMs, now)).toBe('29');
	});
});

describe('formatCertificatesJson', () => {
	it('gives the days left as a number, marks expired and expiring certificates, and keeps the warnings', () => {
		const json = JSON.parse(formatCertificatesJson(certificates.slice(0, 2), ['w'], now)) as unknown;
		expect(json).toEqual({
			readAt: '2024-12-30T12:00:00Z',
			summary: '2 certificates: 1 expired, 1 expires within 30 days.',
			certificates: [
				{
					path: '/etc/kubernetes/pki/apiserver.crt',
					subject: 'CN=kube-apiserver',
					issuer: 'CN=kubernetes',
					notBefore: '2023-12-31T12:00:00Z',
					notAfter: '2024-12-29T12:00:00Z',
					daysLeft: -1,
					residualTime: '<invalid>',
					expired: true,
					expiresWithin30Days: false,
					isCa: false,
				},
				{
					path: '/etc/kubernetes/admin.conf#kubernetes-admin',
					subject: 'CN=kubernetes-admin, O=system:masters',
					issuer: 'CN=kubernetes',
					notBefore: '2024-12-30T12:00:00Z',
					notAfter: '2024-12-30T17:00:00Z',
					daysLeft: 0,
					residualTime: '5h',
					expired: false,
					expiresWithin30Days: true,
					isCa: false,
				},
			],
			warnings: ['w'],
		});
	});
});
