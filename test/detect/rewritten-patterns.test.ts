import {readFileSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';

// Built-in patterns that scslre flagged were rewritten so that the repetition before a "rest of the line"
// cannot take the characters the rest starts with: `X+[^\n]*?` became `X+(?:[^X][^\n]*?)?`, which is the
// same language, matched the same way (the longest X run first). These properties check, on generated
// lines, that each rewritten pattern finds exactly what the pattern before the rewrite found.

const rulesDir = path.resolve(import.meta.dirname, '../../src/detect/rules');

function builtinPattern(file: string, id: string): RegExp {
	const document = parse(readFileSync(path.join(rulesDir, file), 'utf8')) as {signals: {id: string; pattern: string}[]};
	const signal = document.signals.find((s) => s.id === id);
	if (signal === undefined) throw new Error(`${file} has no signal ${id}`);
	return new RegExp(signal.pattern);
}

const matchOf = (regex: RegExp, line: string) => {
	const m = regex.exec(line);
	return m === null ? null : {index: m.index, text: m[0], groups: {...m.groups}};
};

/** Lines built from pieces that the patterns care about, in any order and number. */
const lineOf = (pieces: readonly string[]) => fc.array(fc.constantFrom(...pieces), {maxLength: 14}).map((parts) => parts.join(''));

const before = {
	webhook: String.raw`failed calling webhook "?(?<target>[^"\\\s:]+)[^\n]*?(?:context deadline exceeded|Client\.Timeout exceeded|i/o timeout|request canceled)`,
	etcd: String.raw`(?:Addr: "?(?<target>[0-9A-Za-z.:\-\[\]]+)"?[^\n]*?)?authentication handshake failed: (?:tls: failed to verify certificate: )?x509: certificate has expired or is not yet valid(?:: current time \S+ is (?<direction>after|before) (?<bound>\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:\d\d)))?`,
	kubelet: String.raw`(?:Unable to register node with API server|Error updating node status|failed to ensure lease exists|Failed to (?:list|watch) \S+)[^\n]*?\bUnauthorized`,
	expired: String.raw`https://(?<target>\[[0-9a-fA-F:.]+\](?::\d+)?|[A-Za-z0-9.\-]+(?::\d+)?)[^\s"]*"?:? .*?x509: certificate has expired or is not yet valid(?:: current time (?<now>\S+) is (?<direction>after|before) (?<bound>\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:\d\d)))?`,
	unknownAuthority: String.raw`https://(?<target>\[[0-9a-fA-F:.]+\](?::\d+)?|[A-Za-z0-9.\-]+(?::\d+)?)[^\s"]*"?:? [^\n]*?x509: certificate signed by unknown authority`,
};

describe('rewritten built-in patterns match what they matched before', () => {
	it('webhook-timeout', () => {
		const now = builtinPattern('admission-webhooks.yaml', 'webhook-timeout');
		const old = new RegExp(before.webhook);
		const line = lineOf(['failed calling webhook ', '"', 'a', 'validate.kyverno.svc', '-', ':', '\\', ' ', '\n', '\r', '\u00a0', 'context', 'context deadline exceeded', 'i/o timeout', 'x']);
		fc.assert(fc.property(line, (text) => {
			expect(matchOf(now, text)).toEqual(matchOf(old, text));
		}), {numRuns: 2000});
	});

	it('etcd-cert-expired', () => {
		const now = builtinPattern('certificate-expiry.yaml', 'etcd-cert-expired');
		const old = new RegExp(before.etcd);
		const line = lineOf(['Addr: ', '"', '10.0.0.1:2379', '[::1]', 'a', ':', ',', ' ', '\n', 'authentication', 'authentication handshake failed: x509: certificate has expired or is not yet valid', ': current time 2026-11-28T09:00:00Z is after 2026-11-21T14:05:37Z']);
		fc.assert(fc.property(line, (text) => {
			expect(matchOf(now, text)).toEqual(matchOf(old, text));
		}), {numRuns: 2000});
	});

	it('kubelet-unauthorized', () => {
		const now = builtinPattern('certificate-expiry.yaml', 'kubelet-unauthorized');
		const old = new RegExp(before.kubelet);
		const line = lineOf(['Failed to list ', 'Failed to watch ', '*v1.Node', 'x', ' ', '\n', '\t', ': ', 'Unauthorized', 'unauthorized']);
		fc.assert(fc.property(line, (text) => {
			expect(matchOf(now, text)).toEqual(matchOf(old, text));
		}), {numRuns: 2000});
	});

	// A URL's host is followed by its port, path, query or end, never by a letter right after the port:
	// on such URLs (every one Go prints) both forms read the same target.
	const url = fc
		.tuple(
			fc.constantFrom('10.13.96.11', '127.0.0.1', 'kubernetes.default.svc', 'webhook.ns.svc', '[::1]', '[fd00::6]', 'a-b.c'),
			fc.constantFrom('', ':6443', ':443', ':1'),
			fc.constantFrom('', '/api/v1/nodes', '/apis?limit=500&x=1', '?timeout=10s', '/x:y', '/%2F'),
			fc.constantFrom('"', ''),
			fc.constantFrom(': ', ' ', ':  '),
		)
		.map((parts) => `https://${parts.join('')}`);
	const tail = lineOf(['tls: failed to verify certificate: ', 'x', ' ', ':', '"', 'https://']);

	it('x509-expired-request', () => {
		const now = builtinPattern('loopback-certificate.yaml', 'x509-expired-request');
		const old = new RegExp(before.expired);
		const line = fc
			.tuple(lineOf(['Get ', '"', ' ', 'x']), url, tail, fc.constantFrom('x509: certificate has expired or is not yet valid', 'x509: certificate has expired or is not yet valid: current time 2026-11-28T09:00:00Z is after 2026-11-27T10:38:13Z', 'x509'))
			.map((parts) => parts.join(''));
		fc.assert(fc.property(line, (text) => {
			expect(matchOf(now, text)).toEqual(matchOf(old, text));
		}), {numRuns: 2000});
	});

	it('unknown-authority-request', () => {
		const now = builtinPattern('certificate-trust.yaml', 'unknown-authority-request');
		const old = new RegExp(before.unknownAuthority);
		const line = fc
			.tuple(lineOf(['Get ', '"', ' ', 'x']), url, tail, fc.constantFrom('x509: certificate signed by unknown authority', 'x509: certificate signed', ''))
			.map((parts) => parts.join(''));
		fc.assert(fc.property(line, (text) => {
			expect(matchOf(now, text)).toEqual(matchOf(old, text));
		}), {numRuns: 2000});
	});
});
