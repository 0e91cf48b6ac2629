import {createRfc3339Result, parseRfc3339} from '../../parse/time/parse-rfc3339.js';
import {isDnsName} from './host-port.js';
import {ipVersion} from '../values/validate-values.js';
import {phrase, row, sticky, timeSource, type LeafDetail, type LeafRow} from './leaf-form.js';

/** crypto/x509 verification errors (error-grammar.md §2), printed by the side that verifies: `peer` certificates. */

/** Ms since the epoch of a whole RFC 3339 time, or undefined. */
function timeOf(text: string): number | undefined {
	const out = createRfc3339Result();
	return parseRfc3339(text, 0, out) === text.length && Number.isFinite(out.time) ? out.time : undefined;
}

/** A SAN or wanted host as Go prints it: an IP address, or a DNS name with an optional leading wildcard label. */
function validName(name: string): boolean {
	return ipVersion(name) !== 0 || isDnsName(name.startsWith('*.') ? name.slice(2) : name);
}

/** `current time <now> is after|before <bound>`, when the verifier printed it (Go ≥ 1.14). */
function validityDetail(now: string | undefined, relation: string | undefined, bound: string | undefined): LeafDetail {
	if (now === undefined || relation === undefined || bound === undefined) return {kind: 'expired-or-not-yet-valid'};
	return {kind: relation === 'after' ? 'expired' : 'not-yet-valid', now: timeOf(now), bound: timeOf(bound)};
}

function mismatchDetail(match: RegExpExecArray): LeafDetail {
	const names = match[1]!.split(', ').map((name) => name.trim());
	const wanted = match[2]!;
	return {
		validFor: names.every((name) => validName(name)) ? names : undefined,
		wanted: validName(wanted) ? wanted : undefined,
	};
}

const wantedSource = String.raw`([^\s"'\\,;()[\]]{1,255})`;
const validity = String.raw`(?::\s{0,3}current\s{1,3}time\s{1,3}${timeSource}\s{1,3}is\s{1,3}(after|before)\s{1,3}${timeSource})?`;

export const x509Rows: readonly LeafRow[] = [
	{
		literal: 'x509: certificate',
		lead: 0,
		forms: [
			{pattern: sticky('x509: certificate', phrase(' has expired or is not yet valid') + validity), kind: 'expired-or-not-yet-valid', certificate: 'peer', read: (match) => validityDetail(match[1], match[2], match[3])},
			// `(possibly because of "<ERR>" while trying to verify candidate authority certificate "<CN>")` (Go ≥ 1.2).
			{pattern: sticky('x509: certificate', phrase(' signed by unknown authority') + String.raw`(?:\s{0,3}\(possibly because of [^()\n]{0,600}\))?`), kind: 'unknown-authority', certificate: 'peer'},
			{pattern: sticky('x509: certificate', String.raw` is valid for ([^\n]{1,4096}?), not ${wantedSource}`), kind: 'name-mismatch', certificate: 'peer', read: mismatchDetail},
			{
				pattern: sticky('x509: certificate', phrase(' is not valid for any names, but wanted to match') + String.raw`\s{1,3}${wantedSource}`),
				kind: 'name-mismatch',
				certificate: 'peer',
				read: (match) => ({validFor: [], wanted: validName(match[1]!) ? match[1] : undefined}),
			},
			// Go ≥ 1.17 `…, use SANs instead`; Go 1.15-1.16 `…, use SANs or temporarily enable Common Name matching with GODEBUG=x509ignoreCN=0`.
			{pattern: sticky('x509: certificate', phrase(' relies on legacy Common Name field') + String.raw`(?:, use SANs(?: instead| or temporarily enable Common Name matching with GODEBUG=x509ignoreCN=0)?)?`), kind: 'x509-other', certificate: 'peer'},
			{pattern: sticky('x509: certificate', phrase(' specifies an incompatible key usage')), kind: 'x509-other', certificate: 'peer'},
			{pattern: sticky('x509: certificate', phrase(' is not authorized to sign other certificates')), kind: 'x509-other', certificate: 'peer'},
			// Any other `x509: certificate <words>` is still a verification failure of the peer's certificate.
			{pattern: sticky('x509: certificate', ' (?=[a-z])'), kind: 'x509-other', certificate: 'peer'},
		],
	},
	// Go's `%#v` of the error values, which kube-apiserver's `status.go` prints (`&url.Error{Op:"Get", URL:"…",
	// Err:x509.CertificateInvalidError{Cert:(*x509.Certificate)(0x…), Reason:1, Detail:""}}`). The reason
	// numbers are crypto/x509's `InvalidReason` constants; `Detail` holds the `current time …` text from Go 1.14.
	row('x509.CertificateInvalidError{', {
		pattern: sticky('x509.CertificateInvalidError{', String.raw`[^{}]{0,200}?Reason:(\d{1,2})(?:, Detail:\\*"(?:current time ${timeSource} is (after|before) ${timeSource})?)?`),
		kind: 'x509-other',
		certificate: 'peer',
		read(match) {
			const reason = Number(match[1]);
			if (reason === 1) return validityDetail(match[2], match[3], match[4]);
			return reason === 5 ? {kind: 'name-mismatch'} : {};
		},
	}),
	row('x509.UnknownAuthorityError{', {pattern: sticky('x509.UnknownAuthorityError{'), kind: 'unknown-authority', certificate: 'peer'}),
	row('x509.HostnameError{', {
		pattern: sticky('x509.HostnameError{', String.raw`[^{}]{0,200}?Host:\\*"([^"\\]{1,255})\\*"`),
		kind: 'name-mismatch',
		certificate: 'peer',
		read: (match) => ({wanted: validName(match[1]!) ? match[1] : undefined}),
	}),
	row('x509: cannot validate certificate', {
		pattern: sticky('x509: cannot validate certificate', String.raw` for ${wantedSource} because it doesn't contain any IP SANs`),
		kind: 'name-mismatch',
		certificate: 'peer',
		// The certificate has no IP SANs; which DNS names it holds the message does not say.
		read: (match) => ({wanted: validName(match[1]!) ? match[1] : undefined}),
	}),
	row('x509: too many intermediates', {pattern: sticky('x509: too many intermediates', ' for path length constraint'), kind: 'x509-other', certificate: 'peer'}),
	row('x509: issuer name does not match', {pattern: sticky('x509: issuer name does not match', ' subject from issuing certificate'), kind: 'x509-other', certificate: 'peer'}),
	row('x509: a root or intermediate certificate', {pattern: sticky('x509: a root or intermediate certificate', ' is not authorized to sign'), kind: 'x509-other', certificate: 'peer'}),
	row('x509: failed to load system roots', {pattern: sticky('x509: failed to load system roots', '(?: and no roots provided)?'), kind: 'x509-other', certificate: 'peer'}),
	{
		literal: 'tls: failed to verify',
		lead: 0,
		forms: [
			// Go ≥ 1.20 `tls: failed to verify certificate: `, Go ≤ 1.19 servers `tls: failed to verify client certificate: `
			// (`client's` in older etcd builds): a wrapper in front of an x509 leaf, which is read on its own.
			{pattern: sticky('tls: failed to verify', String.raw` (?:client(?:'s)? )?certificate: (?=x509: (?:certificate|cannot validate|too many|issuer name|a root or|failed to load))`), kind: 'wrapper', certificate: 'peer'},
			{
				pattern: sticky('tls: failed to verify', String.raw` (client(?:'s)? )?certificate(?:: x509: [^\n"\\]{0,200})?`),
				kind: 'x509-other',
				certificate: 'peer',
				read: (match) => (match[1] === undefined ? {} : {side: 'server'}),
			},
		],
	},
];
