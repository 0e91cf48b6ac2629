import {type CertificateFields, readCertificateFields} from './certificate-fields.js';

/** The certificates of a PEM text, with a sentence for each block that could not be read. */
export type PemCertificates = {
	readonly certificates: readonly CertificateFields[];
	readonly problems: readonly string[];
	/** True when the text had PEM blocks of other kinds (keys), so a missing certificate is not a problem. */
	readonly otherBlocks: boolean;
};

const blockPattern = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)(?:-----END \1-----|(?=-----BEGIN )|$)/g;

/** Reads every `CERTIFICATE` block of a PEM text; bad blocks become problems naming their position. */
export function readPemCertificates(text: string): PemCertificates {
	const certificates: CertificateFields[] = [];
	const problems: string[] = [];
	let otherBlocks = false;
	let position = 0;
	for (const match of text.matchAll(blockPattern)) {
		if (match[1] !== 'CERTIFICATE') {
			otherBlocks = true;
			continue;
		}

		position++;
		if (!match[0].includes('-----END CERTIFICATE-----')) {
			problems.push(`certificate ${position} has no END line`);
			continue;
		}

		const body = (match[2] ?? '').replace(/\s+/g, '');
		if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
			problems.push(`certificate ${position} is not valid base64`);
			continue;
		}

		try {
			certificates.push(readCertificateFields(Buffer.from(body, 'base64')));
		} catch {
			problems.push(`certificate ${position} is not a valid X.509 certificate`);
		}
	}

	return {certificates, problems, otherBlocks};
}
