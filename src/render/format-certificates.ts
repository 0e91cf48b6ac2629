import type {DiskCertificate} from '../correlate/live-facts.js';
import {commonName} from '../host/certificate-fields.js';
import {formatKubeadmTime, formatResidualTime, formatRfc3339} from './certificate-time.js';

const headers = ['CERTIFICATE', 'EXPIRES', 'RESIDUAL TIME', 'ISSUER', 'CA'] as const;

/** On-disk certificates as a table in the style of `kubeadm certs check-expiration`, then the warnings. */
export function formatCertificatesTable(certificates: readonly DiskCertificate[], warnings: readonly string[], now: number): string {
	const lines: string[] = [];
	if (certificates.length === 0) {
		lines.push('No certificates found.');
	} else {
		const rows: Array<readonly string[]> = [headers, ...certificates.map(certificate => [
			certificate.path,
			formatKubeadmTime(certificate.notAfter),
			formatResidualTime(certificate.notAfter, now),
			commonName(certificate.issuer),
			certificate.isCa ? 'yes' : 'no',
		])];
		const widths = headers.map((_, column) => Math.max(...rows.map(row => (row[column] ?? '').length)));
		for (const row of rows) {
			lines.push(row.map((cell, column) => column === row.length - 1 ? cell : cell.padEnd((widths[column] ?? 0) + 3)).join(''));
		}
	}

	if (warnings.length > 0) {
		lines.push('', 'Warnings:', ...warnings.map(warning => `  - ${warning}`));
	}

	return lines.join('\n') + '\n';
}

/** On-disk certificates and warnings as one pretty-printed JSON document. */
export function formatCertificatesJson(certificates: readonly DiskCertificate[], warnings: readonly string[], now: number): string {
	return JSON.stringify({
		readAt: formatRfc3339(now),
		certificates: certificates.map(certificate => ({
			path: certificate.path,
			subject: certificate.subject,
			issuer: certificate.issuer,
			notBefore: formatRfc3339(certificate.notBefore),
			notAfter: formatRfc3339(certificate.notAfter),
			residualTime: formatResidualTime(certificate.notAfter, now),
			expired: certificate.notAfter <= now,
			isCa: certificate.isCa,
		})),
		warnings,
	}, undefined, 2) + '\n';
}
