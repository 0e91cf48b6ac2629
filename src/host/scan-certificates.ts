import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import type {DiskCertificate} from '../correlate/live-facts.js';
import {type CertificateFields, readCertificateFields} from './certificate-fields.js';
import {describeReadError} from './describe-read-error.js';
import {type LabelledCertificate, labelCertificates, readKubeconfigCertificates} from './read-kubeconfig-certificates.js';
import {readPemCertificates} from './read-pem-certificates.js';

/** Where kubeadm keeps the control plane's certificates and kubeconfigs. */
export const defaultCertificatePaths: readonly string[] = ['/etc/kubernetes/pki', '/etc/kubernetes/*.conf'];

/** Certificates found on disk, and a sentence naming the file for everything that could not be read. */
export type CertificateScan = {
	readonly certificates: readonly DiskCertificate[];
	readonly warnings: readonly string[];
};

type FileResult = {readonly certificates: readonly LabelledCertificate[]; readonly warnings: readonly string[]};

const certificateFilePattern = '**/*.{crt,pem,cert}';

/**
 * Reads the certificates under paths: folders are walked for *.crt, *.pem and *.cert files, glob patterns
 * are expanded, and each file is read as PEM or, when it holds no PEM, as a kubeconfig.
 * A certificate found under several names is listed once, under the first.
 */
export async function scanCertificates(paths: readonly string[] = defaultCertificatePaths): Promise<CertificateScan> {
	const certificates: DiskCertificate[] = [];
	const warnings: string[] = [];
	const seen = new Set<string>();
	for (const given of paths) {
		const listed = await listFiles(given);
		warnings.push(...listed.warnings);
		for (const file of listed.files) {
			const result = await readCertificateFile(file);
			warnings.push(...result.warnings);
			for (const {path: label, fields} of result.certificates) {
				if (!seen.has(fields.fingerprint)) {
					seen.add(fields.fingerprint);
					const {subject, issuer, notBefore, notAfter, isCa} = fields;
					certificates.push({path: label, subject, issuer, notBefore, notAfter, isCa});
				}
			}
		}
	}

	return {certificates, warnings};
}

async function listFiles(given: string): Promise<{files: readonly string[]; warnings: readonly string[]}> {
	if (fg.isDynamicPattern(given)) {
		const files = await fg(fg.convertPathToPattern(path.dirname(given)) + '/' + path.basename(given), {absolute: true, onlyFiles: false, markDirectories: true, dot: true});
		const matched = files.filter(file => !file.endsWith('/')).sort();
		return {files: matched, warnings: matched.length === 0 ? [`No files match ${given}.`] : []};
	}

	const absolute = path.resolve(given);
	let isDirectory: boolean;
	try {
		isDirectory = (await stat(absolute)).isDirectory();
	} catch (error) {
		return {files: [], warnings: [`Could not read ${absolute}: ${await describeReadError(error, absolute)}.`]};
	}

	if (!isDirectory) {
		return {files: [absolute], warnings: []};
	}

	// onlyFiles would silently drop broken symbolic links; list every entry and let the read report them.
	const entries = await fg(certificateFilePattern, {cwd: absolute, absolute: true, onlyFiles: false, markDirectories: true, dot: true, suppressErrors: true});
	const files = entries.filter(entry => !entry.endsWith('/')).sort();
	return {files, warnings: files.length === 0 ? [`No certificate files (*.crt, *.pem, *.cert) under ${absolute}.`] : []};
}

async function readCertificateFile(file: string): Promise<FileResult> {
	let bytes: Buffer;
	try {
		bytes = await readFile(file);
	} catch (error) {
		return {certificates: [], warnings: [`Could not read ${file}: ${await describeReadError(error, file)}.`]};
	}

	const text = bytes.toString('utf8');
	if (!text.includes('-----BEGIN ')) {
		if (!/\.(?:crt|pem|cert)$/.test(file)) {
			return readKubeconfigCertificates(file, text);
		}

		const der = readDer(bytes);
		return der === undefined
			? {certificates: [], warnings: [`${file} holds no PEM certificate.`]}
			: {certificates: [{path: file, fields: der}], warnings: []};
	}

	const pem = readPemCertificates(text);
	const warnings = pem.problems.map(problem => `${file}: ${problem}.`);
	if (pem.certificates.length === 0 && pem.problems.length === 0 && !pem.otherBlocks) {
		warnings.push(`${file} holds no PEM certificate.`);
	}

	return {certificates: labelCertificates(file, pem.certificates), warnings};
}

// Some tools write binary DER into .crt files.
function readDer(bytes: Buffer): CertificateFields | undefined {
	try {
		return readCertificateFields(bytes);
	} catch {
		return undefined;
	}
}
