import type {ContextHit, SignalState} from '../detect/collect-signals.js';
import type {EvidenceLine} from '../detect/evidence-line.js';
import {parseLogTime} from '../parse/log-time.js';
import type {LiveFacts} from './live-facts.js';
import {dayMs} from './loopback-lifetime.js';

/** A time the apiserver process (re)started, and how that is known. */
export type StartTime = {
	readonly at: number;
	readonly from: string;
	readonly evidence: EvidenceLine | undefined;
	/** Set when a year-less line was moved back by whole lifetimes because an `is after` time showed it. */
	readonly redated: string | undefined;
	/** True when the time was derived from an `is after` time itself (then it cannot confirm that time). */
	readonly derivedFromIsAfter: boolean;
};

/** What the start-up lines say of the loopback certificate itself. */
export type LoopbackFromLogs = {
	readonly lifetimeDays: 365 | 1096 | undefined;
	readonly notAfter: {readonly at: number; readonly from: string} | undefined;
};

export const startTolerance = 15 * 60_000;
const isLogLine = (start: StartTime): boolean => start.from.startsWith('start-up line');

/** Start-up lines this close together are one start. */
const burstMs = 2 * 60_000;

export function iso(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type StartInput = {
	readonly state: SignalState;
	readonly startedAt: number | undefined;
	readonly live: LiveFacts | undefined;
	readonly versionLifetime: 365 | 1096 | undefined;
	/** `is after` times of the self-directed failures, with a line each. */
	readonly isAfterBounds: ReadonlyMap<number, EvidenceLine>;
};

/** The loopback certificate named in a start-up line (`loaded SNI cert … apiserver-loopback-client@…`). */
export function loopbackFromLogs(state: SignalState): LoopbackFromLogs & {readonly unix: number | undefined; readonly evidence: EvidenceLine | undefined} {
	const certHit = [...state.context].reverse().find((h) => h.provides === 'loopback-certificate');
	if (certHit === undefined) return {lifetimeDays: undefined, notAfter: undefined, unix: undefined, evidence: undefined};
	const unix = Number(certHit.groups['unix']);
	const notAfter = parseLogTime(certHit.groups['notAfter']);
	let lifetimeDays: 365 | 1096 | undefined;
	if (notAfter !== undefined && Number.isFinite(unix) && unix > 0) {
		const days = Math.round((notAfter - (unix * 1000 - 3_600_000)) / dayMs);
		if (days === 365 || days === 1096) lifetimeDays = days;
	}

	return {
		lifetimeDays,
		notAfter: notAfter === undefined ? undefined : {at: notAfter, from: `startup line ${certHit.evidence.source}:${certHit.evidence.line}`},
		unix: Number.isFinite(unix) && unix > 0 ? unix : undefined,
		evidence: certHit.evidence,
	};
}

/** What a transcript in the input (curl -v, openssl s_client with SNI apiserver-loopback-client) showed of the served loopback certificate: the latest of each. */
export function servedLoopbackCertificate(state: SignalState): {readonly subject: ContextHit | undefined; readonly notAfterHit: ContextHit | undefined; readonly notAfter: number | undefined} {
	const latest = (group: string): ContextHit | undefined => [...state.context].reverse().find((h) => h.provides === 'served-loopback-certificate' && h.groups[group] !== undefined);
	const notAfterHit = latest('notAfter');
	return {subject: latest('unix'), notAfterHit, notAfter: parseLogTime(notAfterHit?.groups['notAfter'])};
}

/**
 * Every start of the apiserver the input shows: the --started-at flag, the live process, the loopback
 * certificate's name, start-up lines and pid changes. A year-less start-up line can be a year (or more) older
 * than it reads: an `is after` time equal to its wall-clock time minus one hour shows it is one lifetime older,
 * and it is re-dated (with a note).
 */
export function collectStarts(input: StartInput): {starts: StartTime[]; notes: string[]; redatedLifetime: 365 | 1096 | undefined} {
	const {state, versionLifetime, isAfterBounds} = input;
	const starts: StartTime[] = [];
	const notes: string[] = [];
	let redatedLifetime: 365 | 1096 | undefined;
	if (input.startedAt !== undefined) {
		starts.push({at: input.startedAt, from: '--started-at flag', evidence: undefined, redated: undefined, derivedFromIsAfter: false});
	}

	if (input.live?.process !== undefined) {
		starts.push({at: input.live.process.startedAt, from: `running kube-apiserver process (pid ${input.live.process.pid})`, evidence: undefined, redated: undefined, derivedFromIsAfter: false});
	}

	const cert = loopbackFromLogs(state);
	const servedHit = servedLoopbackCertificate(state).subject;
	if (servedHit !== undefined && cert.unix === undefined) {
		const unix = Number(servedHit.groups['unix']);
		starts.push({at: unix * 1000, from: `served loopback certificate name apiserver-loopback-client@${unix}`, evidence: servedHit.evidence, redated: undefined, derivedFromIsAfter: false});
	}

	if (cert.unix !== undefined) {
		starts.push({at: cert.unix * 1000, from: `loopback certificate name apiserver-loopback-client@${cert.unix}`, evidence: cert.evidence, redated: undefined, derivedFromIsAfter: false});
	}

	for (const hit of state.context) {
		if (hit.provides !== 'start' || hit.evidence.time === undefined) continue;
		let at = hit.evidence.time;
		let redated: string | undefined;
		for (const [bound] of isAfterBounds) {
			for (const days of versionLifetime === undefined ? ([365, 1096] as const) : [versionLifetime]) {
				if (Math.abs(at - 3_600_000 - bound) <= startTolerance && at - bound < days * dayMs) {
					const redatedAt = bound + 3_600_000 - days * dayMs;
					redated = `dated ${iso(redatedAt)} instead of ${iso(at)}: the line has no year, and the \`is after ${iso(bound)}\` time in the failures equals its time minus one hour, which is what a loopback certificate made at start-up ${days} days earlier shows`;
					at = redatedAt;
					redatedLifetime = days;
					break;
				}
			}

			if (redated !== undefined) break;
		}

		if (redated !== undefined) notes.push(`${hit.evidence.source}:${hit.evidence.line} ${redated}`);
		starts.push({at, from: `start-up line ${hit.evidence.source}:${hit.evidence.line}`, evidence: redated === undefined ? hit.evidence : {...hit.evidence, time: at, redated}, redated, derivedFromIsAfter: false});
	}

	return {starts, notes, redatedLifetime};
}

/** The start that matters: the latest one before the first failure (or the latest overall); else one inferred from an `is after` time. */
export function chooseStart(starts: readonly StartTime[], firstFailure: number | undefined, isAfterBounds: ReadonlyMap<number, EvidenceLine>, lifetimeDays: number): StartTime | undefined {
	const explicit = starts.filter((s) => s.from === '--started-at flag');
	const candidates = explicit.length > 0 ? explicit : starts;
	const beforeFailure = firstFailure === undefined ? candidates : candidates.filter((s) => s.at <= firstFailure + startTolerance);
	const pool = beforeFailure.length > 0 ? beforeFailure : candidates;
	let start = pool.reduce<StartTime | undefined>((latest, s) => (latest === undefined || s.at > latest.at ? s : latest), undefined);
	// Start-up lines come in a burst (the flag dump, the version, controllers starting): its first line is the start.
	for (const earlier of [...pool].sort((a, b) => b.at - a.at)) {
		if (start !== undefined && isLogLine(start) && isLogLine(earlier) && earlier.at <= start.at && start.at - earlier.at <= burstMs) start = earlier;
	}

	if (start !== undefined || isAfterBounds.size === 0) return start;
	const bound = Math.min(...isAfterBounds.keys());
	return {
		at: bound + 3_600_000 - lifetimeDays * dayMs,
		from: `inferred from the \`is after ${iso(bound)}\` time (start = it + 1h - ${lifetimeDays} days)`,
		evidence: isAfterBounds.get(bound),
		redated: undefined,
		derivedFromIsAfter: true,
	};
}
