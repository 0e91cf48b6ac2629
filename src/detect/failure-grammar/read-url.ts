import {parseHostPort, type HostPort} from './host-port.js';
import type {RegexRunner} from './regex-runner.js';

/** A URL found before a leaf: where the request went, and whether an HTTP method names it (`Get "…"`). */
export type FoundUrl = HostPort & {
	readonly path: string | undefined;
	/** True for the `url.Error` shape `<Method> "<URL>": ` or `<Method> <URL>: ` (net/http client). */
	readonly request: boolean;
	/** Offset of the scheme in the text searched. */
	readonly offset: number;
};

// Scheme, authority (bracketed IPv6 or a run without separators; `user@host` is kept whole and then fails
// validation) and path. Every part is bounded, and the quote, backslash and whitespace that end a quoted
// or unquoted URL are outside every class.
const urlPattern = /([A-Za-z][A-Za-z0-9+.-]{0,31}):\/\/(\[[0-9A-Fa-f:.%\w-]{2,64}\](?::\d{0,5})?|[^\s"'\\/?#[\]]{0,261})(\/[^\s"'\\?#[\]]{0,2048})?/y;
// `Get "<URL>"`, `Get <URL>`, or Go's `%#v` of the same error: `&url.Error{Op:"Get", URL:"<URL>"`.
const methodBefore = /(?:(?:Get|Post|Put|Patch|Delete|Head|Options) \\*"?|Op:\\*"[A-Z][a-z]{2,6}\\*", URL:\\*")$/;
const schemeChar = /[A-Za-z0-9+.-]/;
const defaultPorts: Readonly<Record<string, number>> = {https: 443, http: 80, wss: 443, ws: 80};

/** Go ≤ 1.13 prints the URL unquoted and follows it with `: `, so a trailing colon belongs to the separator. */
const trimColon = (text: string): string => (text.endsWith(':') ? text.slice(0, -1) : text);

/**
 * The last URL in `text` (a bounded window before a leaf). gRPC-style targets such as
 * `etcd-endpoints://0xc000/127.0.0.1:2379` or `passthrough:///10.0.0.5:2379` carry the address in the path.
 */
export function readLastUrl(text: string, run: RegexRunner): FoundUrl | undefined {
	const marker = text.lastIndexOf('://');
	if (marker <= 0) return undefined;
	let start = marker;
	while (start > 0 && marker - start < 32 && schemeChar.test(text[start - 1]!)) start--;
	const match = run(urlPattern, text, start);
	if (match === null) return undefined;
	const scheme = match[1]!.toLowerCase();
	const authority = match[3] === undefined ? trimColon(match[2]!) : match[2]!;
	const rawPath = match[3] === undefined ? undefined : trimColon(match[3]);
	const request = methodBefore.test(text.slice(Math.max(0, start - 32), start));
	const web = scheme in defaultPorts;
	let address = authority === '' ? undefined : parseHostPort(authority, false);
	if (!web && rawPath !== undefined) {
		// The address of a resolver target (`etcd-endpoints://0xc000/<addr>`) is its last path segment; the
		// authority is an opaque id. Without a path (`tcp://<addr>`) the authority is the address.
		const last = rawPath.slice(rawPath.lastIndexOf('/') + 1);
		address = last === '' ? undefined : parseHostPort(last, false);
	}

	if (address === undefined) return undefined;
	const path = web && rawPath !== '' ? rawPath : undefined;
	return {host: address.host, port: address.port ?? defaultPorts[scheme], path, request, offset: start};
}
