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

/** The CN of a one-line distinguished name, or the whole name when it has none. */
export function commonName(name: string): string {
	const match = /(?:^|, )CN=([^,]*)/.exec(name);
	return match?.[1] ?? name;
}
