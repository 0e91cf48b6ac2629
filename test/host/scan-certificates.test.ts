import {mkdir, mkdtemp, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {scanCertificates} from '../../src/host/scan-certificates.js';
import {makeCertificate, type MadeCertificate} from './helpers/openssl-certificates.js';

const dayMs = 86_400_000;
const now = Date.now();
const second = (ms: number): number => Math.floor(ms / 1000) * 1000;
const base64 = (text: string): string => Buffer.from(text).toString('base64');

let root: string;
let pki: string;
let ca: MadeCertificate;
let expired: MadeCertificate;
let expiring: MadeCertificate;
let admin: MadeCertificate;
let kubelet: MadeCertificate;
let bundleFirst: MadeCertificate;

beforeAll(async () => {
	root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-pki-'));
	pki = path.join(root, 'pki');
	await mkdir(path.join(pki, 'etcd'), {recursive: true});
	const leaf = async (commonName: string, notAfter: number): Promise<MadeCertificate> =>
		makeCertificate({commonName, issuerCommonName: 'kubernetes', notBefore: new Date(second(now - (400 * dayMs))), notAfter: new Date(second(notAfter))});
	ca = await makeCertificate({commonName: 'kubernetes', notBefore: new Date(second(now - (400 * dayMs))), notAfter: new Date(second(now + (3250 * dayMs))), isCa: true});
	expired = await leaf('kube-apiserver', now - (2 * dayMs));
	expiring = await leaf('kube-apiserver-kubelet-client', now + (10 * dayMs));
	admin = await leaf('kubernetes-admin', now + (300 * dayMs));
	kubelet = await leaf('system:node:master-1', now + (200 * dayMs));
	bundleFirst = await leaf('front-proxy-client', now + (100 * dayMs));
	const etcdCa = await makeCertificate({commonName: 'etcd-ca', notBefore: new Date(second(now - dayMs)), notAfter: new Date(second(now + (3000 * dayMs))), isCa: true});

	await writeFile(path.join(pki, 'ca.crt'), ca.cert);
	await writeFile(path.join(pki, 'ca.key'), ca.key);
	await writeFile(path.join(pki, 'apiserver.crt'), expired.cert);
	await writeFile(path.join(pki, 'apiserver-kubelet-client.crt'), expiring.cert);
	await writeFile(path.join(pki, 'etcd', 'ca.crt'), etcdCa.cert);
	await writeFile(path.join(pki, 'front-proxy-bundle.pem'), bundleFirst.cert + (bundleFirst.caCert ?? ''));
	await writeFile(path.join(pki, 'only-a-key.pem'), admin.key);
	await writeFile(path.join(pki, 'malformed.crt'), '-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n');
	await writeFile(path.join(pki, 'truncated.crt'), expired.cert.slice(0, 200));
	await symlink(path.join(pki, 'gone.crt'), path.join(pki, 'broken.crt'));

	await writeFile(path.join(root, 'kubelet-client.pem'), kubelet.cert + kubelet.key);
	await writeFile(path.join(root, 'admin.conf'), [
		'apiVersion: v1',
		'kind: Config',
		'clusters:',
		'- name: kubernetes',
		'  cluster:',
		`    certificate-authority-data: ${base64(ca.cert)}`,
		'    server: https://10.0.0.5:6443',
		'users:',
		'- name: kubernetes-admin',
		'  user:',
		`    client-certificate-data: ${base64(admin.cert)}`,
		`    client-key-data: ${base64(admin.key)}`,
		'- name: token-user',
		'  user:',
		'    token: abc',
		'- name: garbage-user',
		'  user:',
		`    client-certificate-data: ${base64('hello')}`,
		'',
	].join('\n'));
	await writeFile(path.join(root, 'kubelet.conf'), [
		'apiVersion: v1',
		'kind: Config',
		'users:',
		'- name: default-auth',
		'  user:',
		'    client-certificate: kubelet-client.pem',
		'    client-key: kubelet-client.pem',
		'- name: missing-file',
		'  user:',
		'    client-certificate: /nonexistent/client.crt',
		'',
	].join('\n'));
	await writeFile(path.join(root, 'broken.conf'), 'users: [\n  - name: x\n');
	await writeFile(path.join(root, 'empty.conf'), 'foo: bar\n');
});

describe('scanCertificates', () => {
	it('reads PEM files recursively, bundles and kubeconfigs, once per certificate', async () => {
		const {certificates} = await scanCertificates([pki, path.join(root, '*.conf')]);
		expect(certificates.map(certificate => [path.relative(root, certificate.path), certificate.subject, certificate.isCa])).toEqual([
			['pki/apiserver-kubelet-client.crt', 'CN=kube-apiserver-kubelet-client', false],
			['pki/apiserver.crt', 'CN=kube-apiserver', false],
			['pki/ca.crt', 'CN=kubernetes', true],
			['pki/etcd/ca.crt', 'CN=etcd-ca', true],
			['pki/front-proxy-bundle.pem#1', 'CN=front-proxy-client', false],
			['pki/front-proxy-bundle.pem#2', 'CN=kubernetes', true],
			// admin.conf's cluster CA is pki/ca.crt again, so it is not listed twice.
			['admin.conf#kubernetes-admin', 'CN=kubernetes-admin', false],
			['kubelet-client.pem', 'CN=system:node:master-1', false],
		]);
		const byPath = new Map(certificates.map(certificate => [path.relative(root, certificate.path), certificate]));
		expect(byPath.get('pki/apiserver.crt')).toMatchObject({issuer: 'CN=kubernetes', notAfter: second(now - (2 * dayMs)), notBefore: second(now - (400 * dayMs))});
		expect(byPath.get('pki/apiserver-kubelet-client.crt')?.notAfter).toBe(second(now + (10 * dayMs)));
	});

	it('names the file in a warning for everything it could not read', async () => {
		const {warnings} = await scanCertificates([pki, path.join(root, '*.conf'), path.join(root, 'nothing-here')]);
		expect(warnings).toEqual([
			`Could not read ${pki}/broken.crt: it is a broken symbolic link.`,
			`${pki}/malformed.crt: certificate 1 is not valid base64.`,
			`${pki}/truncated.crt: certificate 1 has no END line.`,
			`${root}/admin.conf#garbage-user: client-certificate-data does not hold a PEM certificate.`,
			expect.stringMatching(new RegExp(`^${root}/broken\\.conf is not valid YAML: .+\\.$`)),
			`${root}/empty.conf is not a kubeconfig (no users or clusters).`,
			`Could not read /nonexistent/client.crt (referenced by ${root}/kubelet.conf#missing-file): it does not exist.`,
			`Could not read ${root}/nothing-here: it does not exist.`,
		]);
	});

	it('reads a single file given directly and warns about an empty glob', async () => {
		const result = await scanCertificates([path.join(pki, 'ca.crt'), path.join(root, 'none-*.conf')]);
		expect(result.certificates.map(certificate => certificate.subject)).toEqual(['CN=kubernetes']);
		expect(result.warnings).toEqual([`No files match ${root}/none-*.conf.`]);
	});
});
