import {X509Certificate} from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type {ProbedCertificate, ProbeOutcome} from '../correlate/live-facts.js';
import {type CertificateFields, commonName, readCertificateFields} from './certificate-fields.js';
import {formatHostPort} from './host-port.js';

export type {ProbeOutcome} from '../correlate/live-facts.js';

/** Options for probeLoopbackCertificate. */
export type ProbeOptions = {
	/** Give up after this long (connection and handshake together); default 5000. */
	readonly timeoutMs?: number;
	/** SNI name to send; default `apiserver-loopback-client`, the name kube-apiserver serves its loopback certificate under. */
	readonly serverName?: string;
};

/** The SNI name kube-apiserver's in-memory loopback certificate is served under. */
export const loopbackServerName = 'apiserver-loopback-client';

const loopbackCommonName = /^apiserver-loopback-client@(\d+)$/;

const errorReasons: Readonly<Record<string, string>> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset by the server',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'host name lookup failed',
	EADDRNOTAVAIL: 'address not available on this machine',
	ETIMEDOUT: 'connection timed out',
	EPIPE: 'connection closed by the server',
};

/**
 * Opens a TLS connection, reads the certificate the server presents for the SNI name and closes at once.
 * Sends no credentials and no request; never rejects.
 */
export async function probeLoopbackCertificate(host: string, port: number, options: ProbeOptions = {}): Promise<ProbeOutcome> {
	const target = formatHostPort(host, port);
	const timeoutMs = options.timeoutMs ?? 5000;
	const serverName = options.serverName ?? loopbackServerName;
	return new Promise(resolve => {
		let settled = false;
		const socket = tls.connect({
			host,
			port,
			// SNI must not be an IP address; Node warns and OpenSSL ignores it.
			...(serverName === '' || net.isIP(serverName) !== 0 ? {} : {servername: serverName}),
			// The point is to read whatever is served, expired or untrusted included.
			rejectUnauthorized: false,
		});
		const finish = (outcome: ProbeOutcome): void => {
			if (settled) {
				return;
			}

			settled = true;
			clearTimeout(timer);
			resolve(outcome);
		};

		const timer = setTimeout(() => {
			finish({type: 'timeout', target, message: `No TLS answer from ${target} within ${formatSeconds(timeoutMs)}.`});
			socket.destroy();
		}, timeoutMs);
		socket.on('secureConnect', () => {
			finish(readOutcome(socket, target));
			socket.end();
			// end() sends close_notify; do not wait on a server that never closes its side.
			setTimeout(() => socket.destroy(), 1000).unref();
		});
		socket.on('error', (error: NodeJS.ErrnoException) => {
			finish({type: 'connection-error', target, message: errorMessage(error, target)});
			socket.destroy();
		});
	});
}

function readOutcome(socket: tls.TLSSocket, target: string): ProbeOutcome {
	const chain = peerChain(socket);
	const leaf = chain[0];
	if (leaf === undefined) {
		return {type: 'connection-error', target, message: `${target} completed the TLS handshake without presenting a certificate.`};
	}

	const digits = loopbackCommonName.exec(commonName(leaf.subject))?.[1];
	return {
		type: 'certificate',
		certificate: {
			target,
			subject: leaf.subject,
			issuer: leaf.issuer,
			notBefore: leaf.notBefore,
			notAfter: leaf.notAfter,
			isLoopback: digits !== undefined,
			encodedStart: digits === undefined ? undefined : Number(digits) * 1000,
		},
		chain,
	};
}

function peerChain(socket: tls.TLSSocket): readonly CertificateFields[] {
	const chain: CertificateFields[] = [];
	const seen = new Set<string>();
	let current: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
	// A self-signed certificate is its own issuerCertificate, so the walk stops at the first repeat.
	while (current?.raw !== undefined && !seen.has(current.fingerprint256)) {
		seen.add(current.fingerprint256);
		try {
			chain.push(readCertificateFields(new X509Certificate(current.raw)));
		} catch {
			break;
		}

		current = current.issuerCertificate;
	}

	return chain;
}

function errorMessage(error: NodeJS.ErrnoException, target: string): string {
	if (error.message.includes('before secure TLS connection was established')) {
		return `${target} closed the connection before the TLS handshake finished.`;
	}

	const reason = error.code === undefined ? undefined : errorReasons[error.code];
	if (reason !== undefined) {
		return `Could not connect to ${target}: ${reason}.`;
	}

	// OpenSSL errors carry a short `reason` (`wrong version number`) next to a long message.
	const openSslReason = (error as {reason?: unknown}).reason;
	const detail = (typeof openSslReason === 'string' ? openSslReason : error.message).replace(/[.\s]+$/, '');
	return `TLS handshake with ${target} failed: ${detail}.`;
}

function formatSeconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(1))} s`;
}
