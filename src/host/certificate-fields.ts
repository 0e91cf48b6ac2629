import {X509Certificate} from 'node:crypto';

import type {CertificateFields} from '../correlate/certificate-fields.js';

export {commonName, type CertificateFields} from '../correlate/certificate-fields.js';


/** Reads the fields of a DER or PEM certificate; throws when the bytes are not a certificate. */
export function readCertificateFields(certificate: Buffer | string | X509Certificate): CertificateFields {
	const x509 = certificate instanceof X509Certificate ? certificate : new X509Certificate(certificate);
	return {
		subject: oneLineName(x509.subject),
		issuer: oneLineName(x509.issuer),
		notBefore: parseOpenSslTime(x509.validFrom),
		notAfter: parseOpenSslTime(x509.validTo),
		isCa: x509.ca,
		fingerprint: x509.fingerprint256,
	};
}


function oneLineName(name: string): string {
	return name.split('\n').filter(part => part !== '').join(', ');
}

// Node 20 only offers validFrom/validTo as OpenSSL text (`Nov 14 21:13:20 2023 GMT`); V8's Date.parse reads that form.
function parseOpenSslTime(text: string): number {
	const ms = Date.parse(text);
	if (Number.isNaN(ms)) {
		throw new TypeError(`Unreadable certificate time: ${text}`);
	}

	return ms;
}
