import type {CertificateOwner, FailureEvent, FailureKind, FailureLayer, FailureSide} from '../failure-event.js';
import type {Leaf} from './find-leaves.js';
import type {HostPort} from './host-port.js';
import {readInnerContext} from './inner-context.js';
import type {CertificateRule} from './leaf-form.js';
import {eofLayers, readOuterLayer} from './outer-layers.js';
import type {RegexRunner} from './regex-runner.js';

/** How far before a leaf its wrappers are looked for, and after it for trailing fields (capnslog's `ServerName "…"`). */
export const contextWindow = 1024;
const afterWindow = 512;

/** The side each layer's wrapper is printed by; a bare leaf does not tell. */
const layerSide: Readonly<Record<FailureLayer, FailureSide | undefined>> = {
	'handshake-log': 'server',
	authenticator: 'server',
	'etcd-listener': 'server',
	grpc: 'client',
	webhook: 'client',
	apiservice: 'client',
	kubectl: 'client',
	'http-client': 'client',
	dial: 'client',
	bare: undefined,
};

/** Connection ends that a surrounding DNS lookup turns into a DNS failure (`lookup x on y: read udp …: i/o timeout`). */
const connectionKinds: ReadonlySet<FailureKind> = new Set(['connection-refused', 'connection-timeout', 'no-route', 'connection-reset']);

function ownerOf(rule: CertificateRule, side: FailureSide, sideKnown: boolean): CertificateOwner {
	switch (rule) {
		case 'none':
		case 'server':
		case 'client': {
			return rule;
		}

		case 'peer': {
			return sideKnown ? (side === 'client' ? 'server' : 'client') : 'unknown';
		}

		case 'own': {
			return sideKnown ? side : 'unknown';
		}

		default: {
			return rule satisfies never;
		}
	}
}

function kindOf(leaf: Leaf, handshake: boolean, lookup: boolean): FailureKind {
	const kind = leaf.detail.kind ?? leaf.form.kind;
	if (lookup && connectionKinds.has(kind)) return 'dns-failure';
	if (!handshake || leaf.form.inHandshake === undefined) return kind;
	return leaf.form.inHandshake === 'abort' ? 'handshake-aborted' : 'handshake-timeout';
}

/**
 * The event of one leaf, read with its wrappers: the outer ones in a window before the leaf, the inner ones
 * (URL, dial, lookup) only from `segmentStart`, the end of the previous failure of the message.
 * Undefined for an `EOF` outside a wrapper that names a connection.
 */
export function buildEvent(message: string, leaf: Leaf, segmentStart: number, run: RegexRunner): FailureEvent | undefined {
	const from = Math.max(0, leaf.start - contextWindow);
	const before = message.slice(from, leaf.start);
	const outer = readOuterLayer(before, message.slice(leaf.end, leaf.end + afterWindow), run);
	if (leaf.eof && (outer === undefined || !eofLayers.has(outer.layer))) return undefined;
	const inner = readInnerContext(message.slice(Math.max(from, segmentStart), leaf.start), run);
	const layer: FailureLayer = leaf.detail.layer ?? outer?.layer ?? (inner.url?.request ? 'http-client' : inner.dialed ? 'dial' : 'bare');
	const known = leaf.detail.side ?? leaf.form.side ?? (inner.verifiesClient ? 'server' : undefined) ?? layerSide[layer];
	const side = known ?? 'client';
	const handshake = inner.handshake || layer === 'handshake-log' || layer === 'etcd-listener';
	const lookupTarget: HostPort | undefined = inner.lookup === undefined ? undefined : {host: inner.lookup, port: undefined};
	const target = side === 'client' ? leaf.detail.server ?? inner.url ?? outer?.target ?? inner.dial ?? lookupTarget ?? inner.remote : undefined;
	const peer = side === 'server' ? outer?.peer ?? inner.remote : undefined;
	const serial = leaf.detail.serial;
	return {
		kind: kindOf(leaf, handshake, inner.lookup !== undefined),
		side,
		certificate: ownerOf(leaf.detail.certificate ?? leaf.form.certificate, side, known !== undefined),
		layer,
		alert: leaf.detail.alert,
		target: target?.host,
		targetPort: target?.port,
		path: side === 'client' && leaf.detail.server === undefined ? inner.url?.path : undefined,
		peer: peer?.host,
		peerPort: peer?.port,
		now: leaf.detail.now,
		bound: leaf.detail.bound,
		name: outer?.name,
		validFor: leaf.detail.validFor,
		wanted: leaf.detail.wanted,
		client: outer?.client ?? (serial === undefined ? undefined : {serial, skid: undefined, akid: undefined, subject: undefined}),
		offset: leaf.start,
	};
}
