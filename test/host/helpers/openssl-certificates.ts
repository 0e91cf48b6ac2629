import {execFile} from 'node:child_process';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** A PEM certificate and its private key, made by the real openssl binary. */
export type MadeCertificate = {
	readonly cert: string;
	readonly key: string;
	/** The issuing CA's certificate, when not self-signed. */
	readonly caCert?: string;
};

/** What to put in a test certificate. */
export type CertificateSpec = {
	readonly commonName: string;
	/** CN of a freshly made issuing CA; the certificate is self-signed when absent. */
	readonly issuerCommonName?: string;
	readonly notBefore: Date;
	readonly notAfter: Date;
	readonly dnsNames?: readonly string[];
	readonly isCa?: boolean;
};

const caConfig = `[ ca ]
default_ca = test_ca
[ test_ca ]
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = any_name
unique_subject = no
copy_extensions = none
[ any_name ]
commonName = supplied
`;

/**
 * Makes a certificate with exact validity dates. OpenSSL 3.0's `req -x509` cannot set past dates, so the
 * certificate is issued with `openssl ca -startdate/-enddate` (with `-selfsign` when there is no issuer).
 */
export async function makeCertificate(spec: CertificateSpec): Promise<MadeCertificate> {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-cert-'));
	const options = {cwd: directory};
	await writeFile(path.join(directory, 'index.txt'), '');
	await writeFile(path.join(directory, 'serial'), `${Math.floor(Math.random() * 1e12).toString(16).padStart(12, '0')}\n`);
	const extensions = spec.isCa === true
		? 'basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign,digitalSignature\n'
		: 'basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth,clientAuth\n';
	const san = spec.dnsNames === undefined || spec.dnsNames.length === 0 ? '' : `subjectAltName = ${spec.dnsNames.map(name => `DNS:${name}`).join(',')}\n`;
	await writeFile(path.join(directory, 'ca.cnf'), `${caConfig}[ leaf ]\n${extensions}${san}[ ca_ext ]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n`);
	await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${spec.commonName}`], options);
	const dates = ['-startdate', opensslTime(spec.notBefore), '-enddate', opensslTime(spec.notAfter)];
	if (spec.issuerCommonName === undefined) {
		await run('openssl', ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'leaf.key', '-in', 'leaf.csr', '-out', 'leaf.crt', '-extensions', 'leaf', ...dates], options);
		return {cert: await readFile(path.join(directory, 'leaf.crt'), 'utf8'), key: await readFile(path.join(directory, 'leaf.key'), 'utf8')};
	}

	await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.csr', '-subj', `/CN=${spec.issuerCommonName}`], options);
	await run('openssl', ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'ca.key', '-in', 'ca.csr', '-out', 'ca.crt', '-extensions', 'ca_ext', ...dates], options);
	await run('openssl', ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', 'leaf.csr', '-out', 'leaf.crt', '-extensions', 'leaf', ...dates], options);
	return {
		cert: await readFile(path.join(directory, 'leaf.crt'), 'utf8'),
		key: await readFile(path.join(directory, 'leaf.key'), 'utf8'),
		caCert: await readFile(path.join(directory, 'ca.crt'), 'utf8'),
	};
}

/** The given time as OpenSSL's GeneralizedTime text, to the second. */
export function opensslTime(date: Date): string {
	return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
