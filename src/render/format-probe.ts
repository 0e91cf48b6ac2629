import type {ProbedCertificate, ProbeOutcome} from '../correlate/live-facts.js';
import {daysUntil, describeSpan, formatRfc3339} from './certificate-time.js';

/** How a probed certificate stands: the loopback one expired, soon to expire, healthy, or not the loopback one at all. */
export type ProbeVerdict = {
	readonly status: 'expired' | 'expiring' | 'healthy' | 'not-loopback';
	/** One line for a person. */
	readonly text: string;
};

/** A loopback certificate expiring within this many days is reported as `expiring`. */
export const expiringWithinDays = 30;

const dayMs = 86_400_000;

/** Judges a probed certificate at now. */
export function probeVerdict(certificate: ProbedCertificate, now: number): ProbeVerdict {
	if (!certificate.isLoopback) {
		return {
			status: 'not-loopback',
			text: `Not the loopback certificate: ${certificate.target} is probably not a kube-apiserver, or not the one on this node.`,
		};
	}

	const notAfter = formatRfc3339(certificate.notAfter);
	if (certificate.notAfter <= now) {
		return {
			status: 'expired',
			text: `Expired ${describeSpan(certificate.notAfter, now)} ago (${notAfter}): the apiserver's requests to itself fail; restart kube-apiserver.`,
		};
	}

	if (certificate.notAfter - now <= expiringWithinDays * dayMs) {
		return {
			status: 'expiring',
			text: `Expires in ${describeSpan(now, certificate.notAfter)} (${notAfter}): restart kube-apiserver before then.`,
		};
	}

	return {status: 'healthy', text: `Healthy: expires in ${describeSpan(now, certificate.notAfter)} (${notAfter}).`};
}

/** The probe result as aligned `Label: value` lines; a failed probe is its one sentence. */
export function formatProbeText(outcome: ProbeOutcome, now: number): string {
	switch (outcome.type) {
		case 'certificate': {
			const certificate = outcome.certificate;
			const rows: Array<[string, string]> = [
				['Target', certificate.target],
				['Subject', certificate.subject],
				['Issuer', certificate.issuer],
				['Not before', formatRfc3339(certificate.notBefore)],
				['Not after', formatRfc3339(certificate.notAfter)],
				['Days left', String(daysUntil(certificate.notAfter, now))],
				['Loopback', certificate.isLoopback ? 'yes' : 'no'],
			];
			if (certificate.encodedStart !== undefined) {
				rows.push(
					['Encoded start', formatRfc3339(certificate.encodedStart)],
					['Apiserver start', `${formatRfc3339(certificate.encodedStart)} (expected: the certificate is made when the apiserver starts)`],
				);
			}

			rows.push(['Verdict', probeVerdict(certificate, now).text]);
			const width = Math.max(...rows.map(([label]) => label.length)) + 2;
			return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n') + '\n';
		}

		case 'timeout':
		case 'connection-error': {
			return outcome.message + '\n';
		}

		default: {
			return outcome satisfies never;
		}
	}
}

/** The probe result as one pretty-printed JSON document (times as RFC 3339 strings). */
export function formatProbeJson(outcome: ProbeOutcome, now: number): string {
	return JSON.stringify(probeJson(outcome, now), undefined, 2) + '\n';
}

function probeJson(outcome: ProbeOutcome, now: number): Record<string, unknown> {
	switch (outcome.type) {
		case 'certificate': {
			const certificate = outcome.certificate;
			const encodedStart = certificate.encodedStart === undefined ? null : formatRfc3339(certificate.encodedStart);
			return {
				outcome: outcome.type,
				readAt: formatRfc3339(now),
				target: certificate.target,
				certificate: {
					subject: certificate.subject,
					issuer: certificate.issuer,
					notBefore: formatRfc3339(certificate.notBefore),
					notAfter: formatRfc3339(certificate.notAfter),
					daysLeft: daysUntil(certificate.notAfter, now),
					isLoopback: certificate.isLoopback,
					encodedStart,
					expectedApiserverStart: encodedStart,
				},
				verdict: probeVerdict(certificate, now),
				chain: outcome.chain.map(link => ({
					subject: link.subject,
					issuer: link.issuer,
					notBefore: formatRfc3339(link.notBefore),
					notAfter: formatRfc3339(link.notAfter),
					isCa: link.isCa,
				})),
			};
		}

		case 'timeout':
		case 'connection-error': {
			return {outcome: outcome.type, readAt: formatRfc3339(now), target: outcome.target, message: outcome.message};
		}

		default: {
			return outcome satisfies never;
		}
	}
}
