import {access} from 'node:fs/promises';
import path from 'node:path';
import {distributions} from '../detect/rules/distributions.js';
import {defaultCertificatePaths} from './scan-certificates.js';

/**
 * The control plane's certificate places that exist under root: every distribution's folders (kubeadm's
 * /etc/kubernetes/pki with its kubeconfigs, /var/lib/rancher/k3s/server/tls, …). Empty when there are none.
 */
export async function presentCertificatePaths(root = '/'): Promise<string[]> {
	const folders = [...new Set(distributions.flatMap((d) => d.node.certificateFolders))];
	const present: string[] = [];
	for (const folder of folders) {
		if (await access(path.join(root, folder)).then(() => true, () => false)) present.push(path.join(root, folder));
	}

	// kubeadm's kubeconfigs hold client certificates too; they are read whenever its PKI folder is there.
	const kubeadm = present.includes(path.join(root, '/etc/kubernetes/pki')) ? defaultCertificatePaths.filter((p) => p.includes('*')).map((p) => path.join(root, p)) : [];
	return [...present, ...kubeadm];
}
