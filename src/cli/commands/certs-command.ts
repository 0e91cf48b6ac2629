import {presentCertificatePaths} from '../../host/certificate-folders.js';
import {defaultCertificatePaths, scanCertificates} from '../../host/scan-certificates.js';
import {formatCertificatesJson, formatCertificatesTable} from '../../render/format-certificates.js';
import type {CommandIo} from './probe-command.js';

/** Options of `kubesleuth certs`. */
export type CertsCommandOptions = {
	/**
	 * Folders, files or glob patterns; empty means every distribution's certificate folders that exist on this
	 * node (kubeadm's `/etc/kubernetes/pki` and `/etc/kubernetes/*.conf`, k3s's and rke2's `server/tls`, …), or kubeadm's when none does.
	 */
	readonly paths: readonly string[];
	/** The node's file system for the default places; default `/`. */
	readonly root?: string;
	readonly format: 'text' | 'json';
};

/** Lists on-disk certificates with their expiry. Exit code: 1 when any has expired, 2 when none could be read, else 0. */
export async function runCertsCommand(options: CertsCommandOptions, io: CommandIo): Promise<number> {
	const present = options.paths.length === 0 ? await presentCertificatePaths(options.root) : [];
	const scan = await scanCertificates(options.paths.length > 0 ? options.paths : present.length > 0 ? present : defaultCertificatePaths);
	const now = (io.now ?? Date.now)();
	const format = options.format === 'json' ? formatCertificatesJson : formatCertificatesTable;
	io.stdout.write(format(scan.certificates, scan.warnings, now));
	if (scan.certificates.length === 0) return 2;
	return scan.certificates.some(certificate => certificate.notAfter <= now) ? 1 : 0;
}
