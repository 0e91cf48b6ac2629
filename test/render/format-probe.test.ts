import {describe, expect, it} from 'vitest';
import type {ProbedCertificate} from '../../src/correlate/live-facts.js';
import type {ProbeOutcome} from '../../src/host/probe-loopback-certificate.js';
import {formatProbeJson, formatProbeText, probeVerdict} from '../../src/render/format-probe.js';

const start = Date.UTC(2023, 10, 14, 21, 13, 20);
const dayMs = 86_400_000;
const loopback: ProbedCertificate = {
	target: '10.0.0.5:6443',
	subject: `CN=apiserver-loopback-client@${start / 1000}`,
	issuer: `CN=apiserver-loopback-client-ca@${start / 1000}`,
	notBefore: start - 3_600_000,
	notAfter: start - 3_600_000 + (365 * dayMs),
	isLoopback: true,
	encodedStart: start,
};
const outcome = (certificate: ProbedCertificate): ProbeOutcome => ({type: 'certificate', certificate, chain: []});

describe('probeVerdict', () => {
	it.each([
		[loopback.notAfter + (5 * dayMs), 'expired', 'Expired 5 days ago (2024-11-13T20:13:20Z): the apiserver\'s requests to itself fail; restart kube-apiserver.'],
		[loopback.notAfter + 3_600_000, 'expired', 'Expired 1 hour ago (2024-11-13T20:13:20Z): the apiserver\'s requests to itself fail; restart kube-apiserver.'],
		[loopback.notAfter, 'expired', 'Expired 0 seconds ago (2024-11-13T20:13:20Z): the apiserver\'s requests to itself fail; restart kube-apiserver.'],
		[loopback.notAfter - (10 * dayMs), 'expiring', 'Expires in 10 days (2024-11-13T20:13:20Z): restart kube-apiserver before then.'],
		[loopback.notAfter - (30 * dayMs), 'expiring', 'Expires in 30 days (2024-11-13T20:13:20Z): restart kube-apiserver before then.'],
		[loopback.notAfter - (31 * dayMs), 'healthy', 'Healthy: expires in 31 days (2024-11-13T20:13:20Z).'],
	])('at %i: %s', (now, status, text) => {
		expect(probeVerdict(loopback, now)).toEqual({status, text});
	});

	it('says when the certificate is not the loopback one', () => {
		const serving = {...loopback, subject: 'CN=kube-apiserver', isLoopback: false, encodedStart: undefined};
		expect(probeVerdict(serving, start).status).toBe('not-loopback');
	});
});

describe('formatProbeText', () => {
	it('lists the certificate, the start encoded in its name and the verdict', () => {
		expect(formatProbeText(outcome(loopback), loopback.notAfter + (5 * dayMs))).toBe([
			'Target:          10.0.0.5:6443',
			'Subject:         CN=apiserver-loopback-client@1699996400',
			'Issuer:          CN=apiserver-loopback-client-ca@1699996400',
			'Not before:      2023-11-14T20:13:20Z',
			'Not after:       2024-11-13T20:13:20Z',
			'Days left:       -5',
			'Loopback:        yes',
			'Encoded start:   2023-11-14T21:13:20Z',
			'Apiserver start: 2023-11-14T21:13:20Z (expected: the certificate is made when the apiserver starts)',
			'Verdict:         Expired 5 days ago (2024-11-13T20:13:20Z): the apiserver\'s requests to itself fail; restart kube-apiserver.',
			'',
		].join('\n'));
	});

	it('has no start rows for another certificate', () => {
		const text = formatProbeText(outcome({...loopback, subject: 'CN=kube-apiserver', isLoopback: false, encodedStart: undefined}), start);
		expect(text).toContain('Loopback:   no\n');
		expect(text).not.toContain('start');
	});

	it('is the one sentence of a failed probe', () => {
		const message = 'No TLS answer from 10.0.0.5:6443 within 5 s.';
		expect(formatProbeText({type: 'timeout', target: '10.0.0.5:6443', message}, start)).toBe(`${message}\n`);
	});
});

describe('formatProbeJson', () => {
	it('gives times as RFC 3339 and the verdict', () => {
		const json: unknown = JSON.parse(formatProbeJson(outcome(loopback), loopback.notAfter - (10 * dayMs)));
		expect(json).toEqual({
			outcome: 'certificate',
			readAt: '2024-11-03T20:13:20Z',
			target: '10.0.0.5:6443',
			certificate: {
				subject: 'CN=apiserver-loopback-client@1699996400',
				issuer: 'CN=apiserver-loopback-client-ca@1699996400',
				notBefore: '2023-11-14T20:13:20Z',
				notAfter: '2024-11-13T20:13:20Z',
				daysLeft: 10,
				isLoopback: true,
				encodedStart: '2023-11-14T21:13:20Z',
				expectedApiserverStart: '2023-11-14T21:13:20Z',
			},
			verdict: {status: 'expiring', text: 'Expires in 10 days (2024-11-13T20:13:20Z): restart kube-apiserver before then.'},
			chain: [],
		});
	});

	it('carries the message of a failed probe', () => {
		const message = 'Could not connect to [::1]:6443: connection refused.';
		expect(JSON.parse(formatProbeJson({type: 'connection-error', target: '[::1]:6443', message}, start))).toEqual({
			outcome: 'connection-error',
			readAt: '2023-11-14T21:13:20Z',
			target: '[::1]:6443',
			message,
		});
	});
});
