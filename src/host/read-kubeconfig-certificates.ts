import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {CertificateFields} from './certificate-fields.js';
import {describeReadError} from './describe-read-error.js';
import {readPemCertificates} from './read-pem-certificates.js';

/** A certificate found through a kubeconfig, labelled with where it came from. */
export type LabelledCertificate = {readonly path: string; readonly fields: CertificateFields};

/** What a kubeconfig yielded. */
export type KubeconfigCertificates = {
	readonly certificates: readonly LabelledCertificate[];
	readonly warnings: readonly string[];
};

type Reference = {
	/** `users` or `clusters` entry name. */
	readonly name: string;
	readonly data: unknown;
	readonly file: unknown;
	readonly dataKey: string;
};

/**
 * Reads the client certificates (`users[].user.client-certificate(-data)`) and cluster CAs
 * (`clusters[].cluster.certificate-authority(-data)`) of a kubeconfig text. Embedded ones are labelled
 * `file#name`, file references by the referenced path (relative to the kubeconfig's folder).
 */
export async function readKubeconfigCertificates(file: string, text: string): Promise<KubeconfigCertificates> {
	let document: unknown;
	// yaml is loaded when a kubeconfig is read, not with every module that may read one.
	const {parse} = await import('yaml');
	try {
		document = parse(text);
	} catch (error) {
		return {certificates: [], warnings: [`${file} is not valid YAML: ${firstLine(error)}.`]};
	}

	const users = entries(document, 'users', 'user');
	const clusters = entries(document, 'clusters', 'cluster');
	if (users === undefined && clusters === undefined) {
		return {certificates: [], warnings: [`${file} is not a kubeconfig (no users or clusters).`]};
	}

	const references: Reference[] = [
		...(users ?? []).map(([name, body]) => ({name, data: body['client-certificate-data'], file: body['client-certificate'], dataKey: 'client-certificate-data'})),
		...(clusters ?? []).map(([name, body]) => ({name, data: body['certificate-authority-data'], file: body['certificate-authority'], dataKey: 'certificate-authority-data'})),
	];
	const certificates: LabelledCertificate[] = [];
	const warnings: string[] = [];
	for (const reference of references) {
		if (typeof reference.data === 'string') {
			const label = `${file}#${reference.name}`;
			const pem = readPemCertificates(Buffer.from(reference.data, 'base64').toString('utf8'));
			if (pem.certificates.length === 0) {
				warnings.push(`${label}: ${reference.dataKey} does not hold a PEM certificate.`);
			}

			certificates.push(...labelCertificates(label, pem.certificates));
			warnings.push(...pem.problems.map(problem => `${label}: ${problem}.`));
		} else if (typeof reference.file === 'string' && reference.file !== '') {
			const referenced = path.resolve(path.dirname(file), reference.file);
			try {
				const pem = readPemCertificates(await readFile(referenced, 'utf8'));
				certificates.push(...labelCertificates(referenced, pem.certificates));
				warnings.push(...pem.problems.map(problem => `${referenced}: ${problem}.`));
			} catch (error) {
				warnings.push(`Could not read ${referenced} (referenced by ${file}#${reference.name}): ${await describeReadError(error, referenced)}.`);
			}
		}
	}

	return {certificates, warnings};
}

/** Labels several certificates from one source `label#1`, `label#2`…, a single one just `label`. */
export function labelCertificates(label: string, certificates: readonly CertificateFields[]): LabelledCertificate[] {
	return certificates.map((fields, index) => ({path: certificates.length === 1 ? label : `${label}#${index + 1}`, fields}));
}

function entries(document: unknown, listKey: string, bodyKey: string): Array<[string, Record<string, unknown>]> | undefined {
	const list = isRecord(document) ? document[listKey] : undefined;
	if (!Array.isArray(list)) {
		return undefined;
	}

	return list.flatMap((item: unknown, index): Array<[string, Record<string, unknown>]> => {
		if (!isRecord(item) || !isRecord(item[bodyKey])) {
			return [];
		}

		return [[typeof item['name'] === 'string' ? item['name'] : String(index + 1), item[bodyKey]]];
	});
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.replace(/[.\s]+$/, '') ?? '';
}
