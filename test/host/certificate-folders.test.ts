import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCertsCommand} from '../../src/cli/commands/certs-command.js';
import {presentCertificatePaths} from '../../src/host/certificate-folders.js';
import {captureIo} from '../cli/commands/command-io.js';
import {makeCertificate} from './helpers/openssl-certificates.js';

const dayMs = 86_400_000;

describe('the certificate folders of the distributions on a node', () => {
	it('are those that exist, with kubeadm\'s kubeconfigs next to its PKI folder', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-cert-folders-'));
		expect(await presentCertificatePaths(root)).toEqual([]);
		await mkdir(path.join(root, 'etc/kubernetes/pki'), {recursive: true});
		await mkdir(path.join(root, 'var/lib/rancher/rke2/server/tls'), {recursive: true});
		expect(await presentCertificatePaths(root)).toEqual([
			path.join(root, 'etc/kubernetes/pki'),
			path.join(root, 'var/lib/rancher/rke2/server/tls'),
			path.join(root, 'etc/kubernetes/*.conf'),
		]);
	});

	it('are what kubesleuth certs reads with no argument: a k3s node\'s server/tls', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-k3s-tls-'));
		const now = Math.floor(Date.now() / 1000) * 1000;
		const made = await makeCertificate({commonName: 'kube-apiserver', issuerCommonName: 'k3s-server-ca@1764000000', notBefore: new Date(now - dayMs), notAfter: new Date(now + 300 * dayMs)});
		await mkdir(path.join(root, 'var/lib/rancher/k3s/server/tls'), {recursive: true});
		await writeFile(path.join(root, 'var/lib/rancher/k3s/server/tls/serving-kube-apiserver.crt'), made.cert);
		const io = captureIo(now);
		expect(await runCertsCommand({paths: [], format: 'text', root}, io)).toBe(0);
		expect(io.written().stdout).toContain('var/lib/rancher/k3s/server/tls/serving-kube-apiserver.crt');
	});
});
