import type {FailureEvent, FailureKind} from './failure-event.js';
import {buildEvent, contextWindow} from './failure-grammar/build-event.js';
import {connectionRows} from './failure-grammar/connection-forms.js';
import {findLeaves, type Leaf} from './failure-grammar/find-leaves.js';
import type {LeafRow} from './failure-grammar/leaf-form.js';
import {eofLayerLiterals} from './failure-grammar/outer-layers.js';
import {createRegexRunner, type ClassifyWork} from './failure-grammar/regex-runner.js';
import {tlsRows} from './failure-grammar/tls-forms.js';
import {x509Rows} from './failure-grammar/x509-forms.js';
import {createLiteralPrefilter} from './literal-prefilter.js';

export type {ClassifyWork} from './failure-grammar/regex-runner.js';

/**
 * Turns a decoded log message into the TLS, x509 and connection failures it reports, read from the
 * grammar of Go's error texts and their wrappers (error-grammar.md): find each leaf text by its literal,
 * then read its wrappers in a bounded window before it.
 *
 * Work is bounded by construction: one linear literal scan and one linear `EOF` search, then at most
 * `maxHits` leaf reads and `maxEvents` context reads, each running a fixed set of sticky patterns over a
 * slice of at most a few KiB (no pattern sees the rest of the line). A hostile line costs a constant
 * times its length.
 */

const leafRows: readonly LeafRow[] = [...x509Rows, ...tlsRows, ...connectionRows];

/**
 * Every message `classifyFailure` turns into an event contains one of these (it returns undefined
 * before reading anything otherwise). The shortest, `: i/o timeout` and `: broken pipe` (13), keep the
 * `: ` Go always prints before them. The wrapper literals at the end let a bare `EOF` be read in the
 * wrappers that name a connection.
 */
export const failureLiterals: readonly string[] = [...new Set([...leafRows.map((row) => row.literal), ...eofLayerLiterals])];

const prefilter = createLiteralPrefilter(failureLiterals);
const rowOfLiteral = prefilter.literals.map((literal) => leafRows.find((row) => row.literal === literal));

/** Most failures read from one message; an aggregate rarely holds more than three. */
export const maxEvents = 32;

const tlsKinds: ReadonlySet<FailureKind> = new Set(['not-tls', 'tls-protocol', 'remote-alert', 'local-alert', 'handshake-timeout', 'handshake-aborted']);

/** Certificate failures first, then TLS, then connection ends, timeouts last (a timeout usually wraps the cause). */
function rankOf(kind: FailureKind, aboutCertificate: boolean): number {
	if (aboutCertificate) return 4;
	if (tlsKinds.has(kind)) return 3;
	return kind === 'connection-timeout' ? 1 : 2;
}

const leafRank = (leaf: Leaf): number => rankOf(leaf.detail.kind ?? leaf.form.kind, (leaf.detail.certificate ?? leaf.form.certificate) !== 'none');
const eventRank = (event: FailureEvent): number => rankOf(event.kind, event.certificate !== 'none');

/**
 * Leaves of one failure chain: the text between two consecutive leaves holds no aggregate separator `, `
 * (`rpc error: code = DeadlineExceeded desc = … handshake failed: x509: …` is one failure;
 * `[Get "a": EOF, Get "b": x509: …]` is two).
 */
function groupChains(message: string, leaves: readonly Leaf[]): Leaf[][] {
	const chains: Leaf[][] = [];
	for (const leaf of leaves) {
		const chain = chains.at(-1);
		const previous = chain?.at(-1);
		if (chain !== undefined && previous !== undefined && leaf.start - previous.end <= contextWindow && !message.slice(previous.end, leaf.start).includes(', ')) {
			chain.push(leaf);
		} else {
			chains.push([leaf]);
		}
	}

	return chains;
}

/** Every failure `message` reports, in message order: one event per failure chain, its most specific leaf. */
export function classifyFailures(message: string, work: ClassifyWork = {literalHits: 0, regexRuns: 0}): FailureEvent[] {
	const run = createRegexRunner(work);
	const leaves = findLeaves(message, prefilter, rowOfLiteral, run, work);
	const events: FailureEvent[] = [];
	let previousEnd = 0;
	for (const chain of groupChains(message, leaves).slice(0, maxEvents)) {
		const segmentStart = Math.max(previousEnd, chain[0]!.start - contextWindow);
		// Stable sort: among leaves of one rank the first (outermost) wins. Only an `EOF` outside a
		// connection wrapper yields no event; the chain's other `EOF`s share that window, so one try is enough.
		let triedEof = false;
		for (const leaf of [...chain].sort((a, b) => leafRank(b) - leafRank(a))) {
			if (leaf.eof && triedEof) continue;
			const event = buildEvent(message, leaf, segmentStart, run);
			if (event !== undefined) {
				events.push(event);
				break;
			}

			triedEof ||= leaf.eof;
		}

		previousEnd = chain.at(-1)!.end;
	}

	return events;
}

/**
 * The most specific failure `message` reports (certificate failures before TLS ones before connection
 * ones; the first among equals), or undefined when it reports none.
 */
export function classifyFailure(message: string, work?: ClassifyWork): FailureEvent | undefined {
	let best: FailureEvent | undefined;
	for (const event of classifyFailures(message, work)) {
		if (best === undefined || eventRank(event) > eventRank(best)) best = event;
	}

	return best;
}
