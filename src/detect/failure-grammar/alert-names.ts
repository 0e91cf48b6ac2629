import type {CertificateRule} from './leaf-form.js';

/**
 * TLS alert texts as crypto/tls prints them after `tls: ` (go1.19.8 `alert.go`, error-grammar.md §3.1),
 * with what a received alert says about whose certificate failed.
 */

/** Alerts about the receiver's certificate: `remote error: tls: bad certificate` seen by a client means the server refused the client's certificate. */
const certificateAlerts = [
	'bad certificate status response',
	'bad certificate hash value',
	'bad certificate',
	'unsupported certificate',
	'revoked certificate',
	'expired certificate',
	'unknown certificate authority',
	'unknown certificate',
	'certificate required',
	'certificate unobtainable',
	'access denied',
] as const;

/**
 * Alerts about the sender's own certificate: a Go server sends `internal error` when its certificate
 * callback fails (kubelet without a serving certificate) and `unrecognized name` when it has no certificate.
 */
const senderCertificateAlerts = ['internal error', 'unrecognized name'] as const;

const protocolAlerts = [
	'close notify', 'unexpected message', 'bad record MAC', 'decryption failed', 'record overflow', 'decompression failure',
	'handshake failure', 'illegal parameter', 'error decoding message', 'error decrypting message', 'export restriction',
	'protocol version not supported', 'insufficient security level', 'inappropriate fallback', 'user canceled',
	'no renegotiation', 'missing extension', 'unsupported extension', 'unknown PSK identity', 'no application protocol',
] as const;

/** Alert numbers a Go build without a name for them prints as `alert(<n>)` (the old table lacks 111 and 113-116). */
const numberedCertificateAlerts = new Set([111, 113, 114, 116]);

const byLength = (texts: readonly string[]): string[] => [...texts].sort((a, b) => b.length - a.length);

/** Regex source matching any known alert text (longest first, so `unknown certificate authority` wins over `unknown certificate`), `alert(<n>)`, or another lower-case text. */
export const alertSource = `(${byLength([...certificateAlerts, ...senderCertificateAlerts, ...protocolAlerts]).join('|')}|alert\\(\\d{1,3}\\)|[a-z][a-z0-9 ]{0,40}[a-z0-9])`;

/**
 * Whose certificate a received (`remote`) or sent (`local`) alert is about, relative to the reporter.
 * A received certificate alert means the peer refused the reporter's certificate (`own`); a sent one
 * means the reporter refused the peer's (`peer`).
 */
export function alertCertificate(alert: string, direction: 'remote' | 'local'): CertificateRule {
	const numbered = /^alert\((\d{1,3})\)$/.exec(alert);
	const aboutReceiver = (certificateAlerts as readonly string[]).includes(alert)
		|| (numbered !== null && numberedCertificateAlerts.has(Number(numbered[1])))
		|| (!(protocolAlerts as readonly string[]).includes(alert) && numbered === null && alert.includes('certificate'));
	if (aboutReceiver) return direction === 'remote' ? 'own' : 'peer';
	if ((senderCertificateAlerts as readonly string[]).includes(alert)) return direction === 'remote' ? 'peer' : 'own';
	return 'none';
}
