import {X509Certificate} from 'node:crypto';

/** The fields of one X.509 certificate that the diagnosis and the tables use. */
export type CertificateFields = {
	/** Distinguished name on one line, e.g. `CN=kube-apiserver, O=system:masters`. */
	readonly subject: string;
	readonly issuer: string;
	/** ms since epoch */
	readonly notBefore: number;
	readonly notAfter: number;
	readonly isCa: boolean;
	/** SHA-256 fingerprint, colon-separated hex, used to spot the same certificate under two names. */
	readonly fingerprint: string;
};

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

/** The CN of a one-line distinguished name, or the whole name when it has none. */
export function commonName(name: string): string {
	const match = /(?:^|, )CN=([^,]*)/.exec(name);
	return match?.[1] ?? name;
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
