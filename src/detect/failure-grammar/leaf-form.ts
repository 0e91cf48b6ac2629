import type {FailureKind, FailureLayer, FailureSide} from '../failure-event.js';
import type {HostPort} from './host-port.js';

/**
 * Which certificate a leaf is about, relative to the side that reports it: `peer` when the reporter
 * rejected the other end's certificate (an `x509:` leaf), `own` when the other end rejected the
 * reporter's (a received `remote error: tls: bad certificate`), or a fixed owner.
 */
export type CertificateRule = 'peer' | 'own' | 'server' | 'client' | 'none';

/** How a connection-level leaf reads when it ends a TLS handshake: cut short (`EOF`, reset) or timed out. */
export type HandshakeReading = 'abort' | 'timeout';

/** What a leaf's match carries beyond its form's defaults. */
export type LeafDetail = {
	readonly kind?: FailureKind;
	readonly certificate?: CertificateRule;
	readonly side?: FailureSide;
	readonly layer?: FailureLayer;
	readonly alert?: string;
	readonly now?: number;
	readonly bound?: number;
	readonly validFor?: readonly string[];
	readonly wanted?: string;
	readonly serial?: string;
	/** The server a leaf names itself (kubectl's `The connection to the server <host:port> was refused`). */
	readonly server?: HostPort;
};

/** One wording of a leaf error: a sticky pattern tried at the literal's offset, and what a match means. */
export type LeafForm = {
	readonly pattern: RegExp;
	/** `wrapper`: the text only introduces the next leaf (`tls: failed to verify certificate: x509: …`) and is not a failure of its own. */
	readonly kind: FailureKind | 'wrapper';
	readonly certificate: CertificateRule;
	/** The side that can print this text, when only one can. */
	readonly side?: FailureSide;
	readonly inHandshake?: HandshakeReading;
	/** Reads the match; undefined means the form does not apply after all. */
	readonly read?: (match: RegExpExecArray) => LeafDetail | undefined;
};

/** The leaf forms found at one literal, tried in order. */
export type LeafRow = {
	readonly literal: string;
	/** Characters of the literal before the leaf text itself (the `: ` of `: i/o timeout`). */
	readonly lead: number;
	readonly forms: readonly LeafForm[];
};

const escape = (text: string): string => text.replaceAll(/[.*+?^${}()|[\]\\/]/g, String.raw`\$&`);

/**
 * A sticky pattern: the literal exactly, then `tail` (regex source). Words of `phrase` are joined by up to
 * three whitespace characters, none needed: pasted and re-wrapped logs turn a space into a line break, or
 * lose it (`signedby`).
 */
export function sticky(literal: string, tail = ''): RegExp {
	return new RegExp(escape(literal) + tail, 'y');
}

/** Regex source for a phrase whose words may be separated by up to three whitespace characters. */
export function phrase(text: string): string {
	return text.split(' ').map((word) => escape(word)).join(String.raw`\s{0,3}`);
}

/** A Go `time.RFC3339` time (`Z` or a numeric zone; fractions tolerated). */
export const timeSource = String.raw`(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))`;

/** A row with one form. */
export function row(literal: string, form: LeafForm, lead = 0): LeafRow {
	return {literal, lead, forms: [form]};
}
