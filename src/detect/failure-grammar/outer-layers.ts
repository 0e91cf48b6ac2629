import type {ClientCertificateId, FailureLayer} from '../failure-event.js';
import {addressSource, isDnsName, parseHostPort, type HostPort} from './host-port.js';
import type {RegexRunner} from './regex-runner.js';

/** What the outermost wrapper of a leaf says (error-grammar.md §4.2, §6, §7, §8, more-formats.md §9). */
export type OuterContext = {
	readonly layer: FailureLayer;
	/** The connecting end, for server-side wrappers. */
	readonly peer?: HostPort;
	/** The address a gRPC client dialled (`createTransport failed to connect to {…}`). */
	readonly target?: HostPort;
	readonly name?: string;
	readonly client?: ClientCertificateId;
};

/** A wrapper that tells who the two ends are; `detect` reads it from the window before the leaf and the text after it. */
type OuterLayer = {
	readonly layer: FailureLayer;
	/** Texts that mark the wrapper; when the leaf is `EOF`, one of them is what made the message a candidate. */
	readonly literals: readonly string[];
	readonly detect: (before: string, after: string, run: RegexRunner) => OuterContext | undefined;
};

const quote = String.raw`\\*"`;
/** Runs `pattern` at the last `literal` of `text` (the one nearest the leaf), or at the first with `first`. */
const at = (pattern: RegExp, text: string, literal: string, run: RegexRunner, first = false): RegExpExecArray | null => {
	const index = first ? text.indexOf(literal) : text.lastIndexOf(literal);
	return index < 0 ? null : run(pattern, text, index);
};

const hostPortOf = (text: string | undefined): HostPort | undefined => (text === undefined ? undefined : parseHostPort(text, true));
/** A server name as reported (SNI, gRPC authority): a host, possibly with a port, which is dropped. */
const nameOf = (text: string | undefined): string | undefined => (text === undefined || text === '' ? undefined : parseHostPort(text, false)?.host);
const has = (text: string, literals: readonly string[]): boolean => literals.some((literal) => text.includes(literal));

const handshakePeer = new RegExp(String.raw`TLS handshake error from (${addressSource}): `, 'y');
const capnslogPeer = new RegExp(String.raw`rejected connection from ${quote}(${addressSource})${quote}`, 'y');
const zapPeer = new RegExp(String.raw`remote-addr(?:${quote}:${quote}|=)(${addressSource})`, 'y');
const zapServerName = new RegExp(String.raw`server-name(?:${quote}:${quote}|=)([^\s"\\,]{0,253})`, 'y');
const capnslogServerName = new RegExp(String.raw`ServerName ${quote}([^"\\]{0,253})${quote}`, 'y');
const certificateId = /verifying certificate SN=(\d{1,64}), SKID=([0-9A-Fa-f:]{0,191}), AKID=([0-9A-Fa-f:]{0,191}) failed/y;
const webhookName = new RegExp(String.raw`failed calling webhook ${quote}([^"\\]{1,253})${quote}`, 'y');
const openApiName = new RegExp(String.raw`loading OpenAPI spec for ${quote}([^"\\]{1,253})${quote}`, 'y');
const grpcAddress = new RegExp(String.raw`createTransport failed to connect to \{(?:Addr: ${quote}(${addressSource})${quote}(?:, ServerName: ${quote}([^"\\]{0,253})${quote})?|(?:[A-Za-z][A-Za-z0-9+.-]{0,31}://)?(${addressSource})[ }])`, 'y');

/** `SKID=` / `AKID=` values: upper-case hex byte pairs joined by `:`, empty when the extension is absent. */
const keyId = (text: string | undefined): string | undefined => (text !== undefined && /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*$/.test(text) ? text.toUpperCase() : undefined);

/** An APIService name is `<version>.<group>` (`v1beta1.metrics.k8s.io`). */
const apiServiceName = (text: string | undefined): string | undefined => {
	const match = text === undefined ? null : /^v\d{1,4}(?:alpha\d{1,4}|beta\d{1,4})?\.(.{1,240})$/.exec(text);
	return match !== null && isDnsName(match[1]!) ? text : undefined;
};

/** The APIService name just before `<name> failed with: ` (the availability controller through HandleError). */
function nameBeforeFailedWith(text: string): string | undefined {
	const end = text.lastIndexOf(' failed with: ');
	if (end < 0) return undefined;
	let start = end;
	while (start > 0 && end - start < 253 && /[a-z0-9.-]/.test(text[start - 1]!)) start--;
	return apiServiceName(text.slice(start, end));
}

const grpcLiterals = ['createTransport failed to connect to', 'transport: authentication handshake failed', 'transport: Error while dialing', 'error reading server preface', 'rpc error: code = ', 'connection error: desc = '];

/** In the order they are tried: the first that the window holds is the leaf's layer. */
const outerLayers: readonly OuterLayer[] = [
	{
		layer: 'handshake-log',
		literals: ['TLS handshake error from'],
		detect: (before, _after, run) => (before.includes('TLS handshake error from')
			? {layer: 'handshake-log', peer: hostPortOf(at(handshakePeer, before, 'TLS handshake error from', run)?.[1])}
			: undefined),
	},
	{
		layer: 'etcd-listener',
		literals: ['rejected connection'],
		detect(before, after, run) {
			if (!before.includes('rejected connection')) return undefined;
			const peer = at(capnslogPeer, before, 'rejected connection from', run)?.[1] ?? at(zapPeer, before, 'remote-addr', run)?.[1];
			const serverName = at(zapServerName, before, 'server-name', run)?.[1] ?? at(capnslogServerName, after, 'ServerName ', run, true)?.[1];
			return {layer: 'etcd-listener', peer: hostPortOf(peer), name: nameOf(serverName)};
		},
	},
	{
		layer: 'authenticator',
		literals: ['Unable to authenticate the request', 'verifying certificate SN='],
		detect(before, _after, run) {
			if (!has(before, ['Unable to authenticate the request', 'verifying certificate SN='])) return undefined;
			const id = at(certificateId, before, 'verifying certificate SN=', run);
			const client = id === null ? undefined : {serial: id[1], skid: keyId(id[2]), akid: keyId(id[3]), subject: undefined};
			return {layer: 'authenticator', client};
		},
	},
	{
		layer: 'webhook',
		literals: ['failed calling webhook'],
		detect: (before, _after, run) => (before.includes('failed calling webhook')
			? {layer: 'webhook', name: nameOf(at(webhookName, before, 'failed calling webhook', run)?.[1])}
			: undefined),
	},
	{
		// `rror trying to reach service` matches the proxy's `error trying to reach service` and the 503
		// body's `Error trying to reach service`.
		layer: 'apiservice',
		literals: ['loading OpenAPI spec for', 'failing or missing response from', 'rror trying to reach service'],
		detect(before, _after, run) {
			const name = apiServiceName(at(openApiName, before, 'loading OpenAPI spec for', run)?.[1]) ?? nameBeforeFailedWith(before);
			const marked = has(before, ['loading OpenAPI spec for', 'failing or missing response from', 'rror trying to reach service']);
			return marked || name !== undefined ? {layer: 'apiservice', name} : undefined;
		},
	},
	{
		layer: 'kubectl',
		literals: ['Unable to connect to the server'],
		detect: (before) => (before.includes('Unable to connect to the server') ? {layer: 'kubectl'} : undefined),
	},
	{
		layer: 'grpc',
		literals: grpcLiterals,
		detect(before, _after, run) {
			// `rpc error: ` ends the window when the leaf is the status code itself (`code = DeadlineExceeded`).
			if (!has(before, grpcLiterals) && !before.endsWith('rpc error: ')) return undefined;
			const address = at(grpcAddress, before, 'createTransport failed to connect to', run);
			return {layer: 'grpc', target: hostPortOf(address?.[1] ?? address?.[3]), name: nameOf(address?.[2])};
		},
	},
];

/** Layers whose wrapper names a connection, so a bare `EOF` after them is a failure of it. */
export const eofLayers: ReadonlySet<FailureLayer> = new Set(['handshake-log', 'etcd-listener', 'grpc', 'webhook', 'apiservice', 'kubectl']);

/** The literals of the wrappers in `eofLayers`. */
export const eofLayerLiterals: readonly string[] = outerLayers.filter((layer) => eofLayers.has(layer.layer)).flatMap((layer) => layer.literals);

/** The outermost wrapper named in `before` (a bounded window ending at the leaf), or undefined. */
export function readOuterLayer(before: string, after: string, run: RegexRunner): OuterContext | undefined {
	for (const layer of outerLayers) {
		const context = layer.detect(before, after, run);
		if (context !== undefined) return context;
	}

	return undefined;
}
