import type {DiskCertificate} from '../correlate/live-facts.js';
import {commonName} from '../correlate/certificate-fields.js';
import {daysUntil, formatKubeadmTime, formatResidualTime, formatRfc3339} from './certificate-time.js';
import {escapeControl} from './sanitize-text.js';
import {groupDigits} from '../diagnose/group-digits.js';

const headers = ['CERTIFICATE', 'EXPIRES', 'DAYS LEFT', 'ISSUER', 'CA', ''] as const;
/** Certificates with fewer days left than this are flagged. */
export const soonDays = 30;

function plural(n: number, noun: string): string {
	return `${groupDigits(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** `3650`, `0 (5h)` on its last day, or `EXPIRED 3 days ago`. */
export function daysLeftText(notAfter: number, now: number): string {
	if (notAfter <= now) {
		const ago = Math.floor((now - notAfter) / 86_400_000);
		return ago <= 0 ? 'EXPIRED today' : `EXPIRED ${plural(ago, 'day')} ago`;
	}

	const days = daysUntil(notAfter, now);
	return days === 0 ? `0 (${formatResidualTime(notAfter, now)})` : groupDigits(days);
}

function flag(notAfter: number, now: number): string {
	return notAfter > now && notAfter - now < soonDays * 86_400_000 ? `< ${soonDays} days` : '';
}

/** One sentence counting the certificates by state. */
export function certificateSummary(certificates: readonly DiskCertificate[], now: number): string {
	const expired = certificates.filter((c) => c.notAfter <= now).length;
	const soon = certificates.filter((c) => flag(c.notAfter, now) !== '').length;
	const valid = certificates.length - expired - soon;
	const parts = [expired > 0 ? `${groupDigits(expired)} expired` : '', soon > 0 ? `${groupDigits(soon)} expire${soon === 1 ? 's' : ''} within ${soonDays} days` : '', valid > 0 ? `${groupDigits(valid)} valid for ${soonDays} days or more` : ''].filter(Boolean);
	return `${plural(certificates.length, 'certificate')}: ${parts.join(', ')}.`;
}

/** On-disk certificates as a table in the style of `kubeadm certs check-expiration`, a summary, then the warnings. */
export function formatCertificatesTable(certificates: readonly DiskCertificate[], warnings: readonly string[], now: number): string {
	const lines: string[] = [];
	if (certificates.length === 0) {
		lines.push('No certificates found.');
	} else {
		const rows: Array<readonly string[]> = [
			headers,
			...certificates.map((certificate) => [escapeControl(certificate.path), formatKubeadmTime(certificate.notAfter), daysLeftText(certificate.notAfter, now), escapeControl(commonName(certificate.issuer)), certificate.isCa ? 'yes' : 'no', flag(certificate.notAfter, now)]),
		];
		const widths = headers.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
		for (const row of rows) {
			lines.push(row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd((widths[column] ?? 0) + 3))).join('').trimEnd());
		}

		lines.push('', certificateSummary(certificates, now));
	}

	if (warnings.length > 0) {
		lines.push('', 'Warnings:', ...warnings.map((warning) => `  - ${escapeControl(warning)}`));
	}

	return lines.join('\n') + '\n';
}

/** On-disk certificates and warnings as one pretty-printed JSON document; `daysLeft` is negative once expired. */
export function formatCertificatesJson(certificates: readonly DiskCertificate[], warnings: readonly string[], now: number): string {
	return (
		JSON.stringify(
			{
				readAt: formatRfc3339(now),
				summary: certificates.length === 0 ? 'No certificates found.' : certificateSummary(certificates, now),
				certificates: certificates.map((certificate) => ({
					path: certificate.path,
					subject: certificate.subject,
					issuer: certificate.issuer,
					notBefore: formatRfc3339(certificate.notBefore),
					notAfter: formatRfc3339(certificate.notAfter),
					daysLeft: daysUntil(certificate.notAfter, now),
					residualTime: formatResidualTime(certificate.notAfter, now),
					expired: certificate.notAfter <= now,
					expiresWithin30Days: flag(certificate.notAfter, now) !== '',
					isCa: certificate.isCa,
				})),
				warnings,
			},
			undefined,
			2,
		) + '\n'
	);
}
