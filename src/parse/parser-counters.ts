import type {ParserStats} from './line-parser.js';
import type {DetectedFormat, Envelope, LogRecord, Payload, TimeSource} from './record.js';

/** The mutable counters behind `ParserStats`. */
export type ParserCounters = {
	lines: number;
	skipped: number;
	unparsed: number;
	/** Times a decoder read that were out of range (see time/valid-time.ts): the records have no time instead. */
	badTimes: number;
	readonly count: (record: LogRecord) => void;
	/** Counts one-line records the caller read itself (see LineParser.skim). */
	readonly countSkimmed: (envelope: Envelope, payload: Payload, count?: number) => void;
	readonly stats: () => ParserStats;
	/** The format read so far (`stats().format`, without the rest of the stats). */
	readonly format: () => DetectedFormat;
};

const envelopeNames: readonly Envelope[] = [
	'journald-short', 'journald-short-precise', 'journald-short-iso', 'journald-short-iso-precise', 'journald-short-full',
	'journald-short-unix', 'journald-json', 'cri', 'docker-json', 'kubectl', 'syslog', 'none',
];
const payloadNames: readonly Payload[] = [
	'klog', 'k8s-json', 'zap-json', 'logrus-text', 'logrus-json', 'etcd-capnslog', 'golog', 'dmesg', 'kubectl-event', 'kubectl-error',
	'go-panic', 'cli-marker', 'plain',
];
// Lines that turn up in every stream (stray text, crashes, CLI output) name the payload only when alone.
const incidental: ReadonlySet<Payload> = new Set(['plain', 'go-panic', 'cli-marker']);

const present = <K extends string>(counts: Record<K, number>, names: readonly K[]): K[] => names.filter((name) => counts[name] > 0);

const nonZero = <K extends string>(counts: Record<K, number>, names: readonly K[]): Partial<Record<K, number>> =>
	Object.fromEntries(present(counts, names).map((name) => [name, counts[name]])) as Partial<Record<K, number>>;

/** Fresh counters with every key pre-set, so the per-record increments never change an object's shape. */
export function createParserCounters(): ParserCounters {
	const envelopes = Object.fromEntries(envelopeNames.map((name) => [name, 0])) as Record<Envelope, number>;
	const payloads = Object.fromEntries(payloadNames.map((name) => [name, 0])) as Record<Payload, number>;
	let records = 0;
	let recordLines = 0;
	const derivedTimes: Record<TimeSource, number> = {'event-age': 0, 'process-uptime': 0};
	// Consecutive records nearly always share envelope and payload: count runs, not records.
	let runEnvelope: Envelope = 'none';
	let runPayload: Payload = 'plain';
	let run = 0;
	const flushRun = (): void => {
		envelopes[runEnvelope] += run;
		payloads[runPayload] += run;
		run = 0;
	};

	const format = (): DetectedFormat => {
		flushRun();
		const seenEnvelopes = present(envelopes, envelopeNames);
		const seenPayloads = present(payloads, payloadNames);
		const structured = seenPayloads.filter((name) => !incidental.has(name));
		const others = seenPayloads.filter((name) => name !== 'plain');
		return {
			envelope: seenEnvelopes.length === 0 ? undefined : seenEnvelopes.length === 1 ? seenEnvelopes[0] : 'mixed',
			payload: structured.length === 1 ? structured[0] : structured.length > 1 ? 'mixed' : others.length === 1 ? others[0] : others.length > 1 ? 'mixed' : seenPayloads[0],
		};
	};

	const counters: ParserCounters = {
		lines: 0,
		skipped: 0,
		unparsed: 0,
		badTimes: 0,
		count(record) {
			records++;
			recordLines += record.lineCount;
			if (record.timeFrom !== undefined) {
				derivedTimes[record.timeFrom]++;
			}

			if (record.envelope !== runEnvelope || record.payload !== runPayload) {
				flushRun();
				runEnvelope = record.envelope;
				runPayload = record.payload;
			}

			run++;
		},
		countSkimmed(envelope, payload, count = 1) {
			records += count;
			recordLines += count;
			if (envelope !== runEnvelope || payload !== runPayload) {
				flushRun();
				runEnvelope = envelope;
				runPayload = payload;
			}

			run += count;
		},
		format,
		stats: () => ({
			format: format(),
			lines: counters.lines,
			records,
			recordLines,
			unparsed: counters.unparsed,
			skipped: counters.skipped,
			badTimes: counters.badTimes,
			derivedTimes: {...derivedTimes},
			envelopes: nonZero(envelopes, envelopeNames),
			payloads: nonZero(payloads, payloadNames),
		}),
	};
	return counters;
}
