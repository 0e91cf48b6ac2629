import {addressSource, parseHostPort, validHost, type HostPort} from './host-port.js';
import {readLastUrl, type FoundUrl} from './read-url.js';
import type {RegexRunner} from './regex-runner.js';

/**
 * What the layers between a leaf and the previous failure say (error-grammar.md §4.1, §5): the request's
 * URL, the dialled address, the two ends of a read or write, a DNS lookup, and whether the chain is a
 * TLS handshake or a server verifying a client certificate.
 */
export type InnerContext = {
	readonly url: FoundUrl | undefined;
	/** `dial tcp <ADDR>: ` */
	readonly dial: HostPort | undefined;
	/** A `dial tcp`, with or without an address (`dial tcp: lookup …` has none). */
	readonly dialed: boolean;
	/** The remote end of `read tcp <LOCAL>-><REMOTE>: ` / `write …`. */
	readonly remote: HostPort | undefined;
	/** `lookup <host>[ on <server>]: ` when it is the innermost layer before the leaf. */
	readonly lookup: string | undefined;
	/** `tls: failed to verify client certificate: ` (Go ≤ 1.19 servers). */
	readonly verifiesClient: boolean;
	/** `transport: authentication handshake failed: ` or net/http's `TLS handshake …`. */
	readonly handshake: boolean;
};

const dialPattern = new RegExp(String.raw`dial (?:tcp|udp)[46]? (${addressSource}): `, 'y');
const lookupPattern = new RegExp(String.raw`lookup ([A-Za-z0-9.-]{1,253})(?: on ${addressSource})?: `, 'y');
// Searched (not anchored) in at most 160 characters around the `->`.
const readWritePattern = new RegExp(String.raw`(?:read|write) (?:tcp|udp)[46]? ${addressSource}->(${addressSource}): `);

/** Reads `segment`, the text from the end of the previous failure (bounded) to the leaf. */
export function readInnerContext(segment: string, run: RegexRunner): InnerContext {
	const url = readLastUrl(segment, run);
	const dialAt = segment.lastIndexOf('dial ');
	const dialMatch = dialAt < 0 ? null : run(dialPattern, segment, dialAt);
	const dial = dialMatch === null ? undefined : parseHostPort(dialMatch[1]!, true);
	const arrow = segment.lastIndexOf('->');
	const around = arrow < 0 ? undefined : segment.slice(Math.max(0, arrow - 80), arrow + 80);
	const readWrite = around === undefined ? null : run(readWritePattern, around, 0);
	const remote = readWrite === null ? undefined : parseHostPort(readWrite[1]!, true);
	const lookupAt = segment.lastIndexOf('lookup ');
	// A lookup wraps the leaf only when nothing was dialled after it (`dial tcp: lookup x on y: …`).
	const lookupMatch = lookupAt < 0 || (dial !== undefined && dialAt > lookupAt) ? null : run(lookupPattern, segment, lookupAt);
	const lookup = lookupMatch === null ? undefined : validHost(lookupMatch[1]!);
	return {
		url,
		dial,
		dialed: dialAt >= 0 && /^dial (?:tcp|udp)[46]?[ :]/.test(segment.slice(dialAt, dialAt + 10)),
		remote,
		lookup,
		verifiesClient: segment.includes('failed to verify client'),
		handshake: segment.includes('authentication handshake failed') || segment.includes('TLS handshake'),
	};
}
