import {alertCertificate, alertSource} from './alert-names.js';
import {row, sticky, type LeafRow} from './leaf-form.js';

/** crypto/tls, net/http and TLS-layer texts of gRPC, etcd and the kubelet (error-grammar.md §3, §4, §7, §8). */

const alertRow = (direction: 'remote' | 'local'): LeafRow => row(`${direction} error: tls: `, {
	pattern: sticky(`${direction} error: tls: `, alertSource),
	kind: direction === 'remote' ? 'remote-alert' : 'local-alert',
	certificate: 'none',
	read: (match) => ({alert: match[1], certificate: alertCertificate(match[1]!, direction)}),
});

export const tlsRows: readonly LeafRow[] = [
	alertRow('remote'),
	alertRow('local'),
	row('first record does not look like a TLS handshake', {pattern: sticky('first record does not look like a TLS handshake'), kind: 'not-tls', certificate: 'none'}),
	// The client's transport replaces the record error with this when the answer starts with `HTTP/`.
	row('server gave HTTP response to HTTPS client', {pattern: sticky('server gave HTTP response to HTTPS client'), kind: 'not-tls', certificate: 'none', side: 'client'}),
	// The 400 body a Go TLS server writes to a plaintext HTTP client, which that client then reports.
	row('sent an HTTP request to an HTTPS server', {pattern: sticky('sent an HTTP request to an HTTPS server'), kind: 'not-tls', certificate: 'none', side: 'client'}),
	row('unsupported SSLv2 handshake received', {pattern: sticky('unsupported SSLv2 handshake received'), kind: 'not-tls', certificate: 'none', side: 'server'}),
	row('tls: oversized record received', {pattern: sticky('tls: oversized record received', String.raw`(?: with length \d{1,10})?`), kind: 'not-tls', certificate: 'none'}),
	row('tls: received record with version', {pattern: sticky('tls: received record with version', String.raw`(?: [0-9a-fA-Fx]{1,6} when expecting version [0-9a-fA-Fx]{1,6})?`), kind: 'tls-protocol', certificate: 'none'}),
	row('offered only unsupported versions', {pattern: sticky('offered only unsupported versions', String.raw`(?:: \[[0-9a-fA-Fx ]{0,64}\])?`), kind: 'tls-protocol', certificate: 'none', side: 'server'}),
	row('no cipher suite supported by both', {pattern: sticky('no cipher suite supported by both', ' client and server'), kind: 'tls-protocol', certificate: 'none', side: 'server'}),
	// grpc-go ≥ 1.67 enforces ALPN `h2` on the client.
	row('missing selected ALPN property', {pattern: sticky('missing selected ALPN property'), kind: 'tls-protocol', certificate: 'none', side: 'client'}),
	row("tls: client didn't provide a certificate", {pattern: sticky("tls: client didn't provide a certificate"), kind: 'no-certificate', certificate: 'client', side: 'server'}),
	row('tls: no certificates configured', {pattern: sticky('tls: no certificates configured'), kind: 'no-certificate', certificate: 'server', side: 'server'}),
	// The kubelet's GetCertificate callback, logged as `http: TLS handshake error from <peer>: …`.
	row('no serving certificate available', {pattern: sticky('no serving certificate available', '(?: for the kubelet)?'), kind: 'no-certificate', certificate: 'server', side: 'server'}),
	// Older certificate managers' callback text: the reporter has no certificate of its own to present.
	row('no certificate available', {pattern: sticky('no certificate available'), kind: 'no-certificate', certificate: 'own'}),
	{
		literal: 'tls: failed to parse',
		lead: 0,
		forms: [
			{pattern: sticky('tls: failed to parse', ' certificate from server'), kind: 'x509-other', certificate: 'server', side: 'client'},
			{pattern: sticky('tls: failed to parse', ' client certificate'), kind: 'x509-other', certificate: 'client', side: 'server'},
		],
	},
	// etcd's checks after a valid handshake: allowed CN / host name (v3.4+, v3.3 wording) and its CRL.
	row('client certificate authentication failed', {pattern: sticky('client certificate authentication failed'), kind: 'client-certificate-refused', certificate: 'client', side: 'server'}),
	row('CommonName authentication failed', {pattern: sticky('CommonName authentication failed'), kind: 'client-certificate-refused', certificate: 'client', side: 'server'}),
	row('transport: certificate serial', {
		pattern: sticky('transport: certificate serial', ' ([0-9a-fA-F]{1,128}) revoked'),
		kind: 'client-certificate-refused',
		certificate: 'client',
		side: 'server',
		read: (match) => ({serial: match[1]}),
	}),
	row('TLS handshake timeout', {pattern: sticky('TLS handshake timeout'), kind: 'handshake-timeout', certificate: 'none', side: 'client'}),
];
