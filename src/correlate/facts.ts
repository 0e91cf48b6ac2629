import type {HitGroup, SignalState} from '../detect/collect-signals.js';
import {factNames} from '../detect/fact-names.js';
import type {EvidenceLine} from '../detect/evidence-line.js';
import {isLoopbackAddress} from '../detect/values/address.js';
import type {LiveFacts} from './live-facts.js';
import {dayMs, loopbackExpiry} from './loopback-lifetime.js';
import type {SelfAddress} from './self-addresses.js';
import {iso, servedLoopbackCertificate, startTolerance, type StartTime} from './start-times.js';

/** What the deciders read: the context as far as it is built, and the signals. */
export type FactInput = {
	readonly state: SignalState;
	readonly now: number;
	readonly logEnd: number | undefined;
	readonly live: LiveFacts | undefined;
	readonly selfAddresses: readonly SelfAddress[];
	readonly securePortKnown: boolean;
	readonly securePort: number;
	readonly starts: readonly StartTime[];
	readonly start: StartTime | undefined;
	readonly lifetimeDays: 365 | 1096;
	readonly loopbackNotAfter: {readonly at: number; readonly from: string} | undefined;
	/** Predicted or read expiry of the loopback certificate. */
	readonly expiry: number | undefined;
	/** First self-directed expiry failure (the apiserver calling itself). */
	readonly firstFailure: number | undefined;
	/** `is after` times of the self-directed failures. */
	readonly isAfterBounds: ReadonlyMap<number, EvidenceLine>;
	/** Groups of every signal that reports a certificate failure. */
	readonly certificateGroups: readonly HitGroup[];
	/** Groups of every signal that reports a connection that could not be made. */
	readonly connectionGroups: readonly HitGroup[];
};

/** One fact: its name (what rules test with `{fact: name}`, meaning what detect/fact-names.ts says), and how it is decided. */
export type FactDecider = {
	readonly name: string;
	/** A sentence saying why the fact holds, or undefined when it does not. */
	readonly decide: (input: FactInput) => string | undefined;
};

const independentStart = (input: FactInput): StartTime | undefined => (input.start !== undefined && !input.start.derivedFromIsAfter ? input.start : undefined);

const firstOf = (groups: readonly HitGroup[]): number => Math.min(...groups.map((g) => g.first ?? Number.POSITIVE_INFINITY));

const servedCertificate = (state: SignalState) => {
	const {subject, notAfterHit, notAfter} = servedLoopbackCertificate(state);
	return subject === undefined || notAfterHit === undefined || notAfter === undefined ? undefined : {unix: subject.groups['unix']!, notAfter, evidence: notAfterHit.evidence};
};

/** Every fact the correlate stage decides, in the order they are shown. */
export const factDeciders: readonly FactDecider[] = [
	{
		name: 'start-known',
		decide: (input) => {
			const start = independentStart(input);
			return start === undefined ? undefined : `the apiserver started at ${iso(start.at)} (${start.from})`;
		},
	},
	{
		name: 'loopback-expiry-passed',
		decide: (input) => {
			const reference = input.firstFailure ?? input.logEnd;
			if (independentStart(input) === undefined || input.expiry === undefined || reference === undefined || input.expiry > reference + 60_000) return undefined;
			return `its loopback certificate expired at ${iso(input.expiry)}, ${input.firstFailure === undefined ? 'before the logs end' : 'before the first failure at ' + iso(input.firstFailure)}`;
		},
	},
	{
		name: 'loopback-expiry-not-reached',
		decide: (input) => {
			const start = independentStart(input);
			if (start === undefined || input.expiry === undefined || input.firstFailure === undefined || input.firstFailure >= input.expiry - 3_600_000) return undefined;
			return `the first failure at ${iso(input.firstFailure)} came before its loopback certificate could expire (${iso(input.expiry)}); a certificate made at ${iso(start.at)} was still valid`;
		},
	},
	{
		name: 'loopback-expiring-soon',
		decide: (input) => {
			const {expiry, now} = input;
			if (independentStart(input) === undefined || expiry === undefined || input.firstFailure !== undefined) return undefined;
			if (expiry <= (input.logEnd ?? now) || expiry - now > 30 * dayMs) return undefined;
			return expiry > now
				? `its loopback certificate expires at ${iso(expiry)}, in ${Math.ceil((expiry - now) / dayMs)} days`
				: `its loopback certificate expired at ${iso(expiry)}, after these logs end; unless the apiserver was restarted since, it is failing now`;
		},
	},
	{
		name: 'started-shortly-before-failures',
		decide: (input) => {
			// Only certificate failures count: an etcd timeout or a health check's EOF right after a start says
			// nothing about a loopback certificate.
			const firstAnyFailure = firstOf(input.certificateGroups);
			const latestStartBefore = input.starts.filter((s) => s.at <= firstAnyFailure).reduce((max, s) => Math.max(max, s.at), Number.NEGATIVE_INFINITY);
			if (!Number.isFinite(firstAnyFailure) || !Number.isFinite(latestStartBefore) || firstAnyFailure - latestStartBefore > 2 * 3_600_000) return undefined;
			return `the apiserver started at ${iso(latestStartBefore)}, ${Math.round((firstAnyFailure - latestStartBefore) / 60_000)} minutes before the first certificate failure; a loopback certificate is new at start-up`;
		},
	},
	{
		name: 'connection-failures-at-start',
		decide: (input) => {
			const timed = input.connectionGroups.filter((g) => g.first !== undefined && g.last !== undefined);
			if (timed.length === 0 || timed.length < input.connectionGroups.length) return undefined;
			const first = Math.min(...timed.map((g) => g.first!));
			const last = Math.max(...timed.map((g) => g.last!));
			const start = input.starts.filter((s) => s.at <= first + 1000).reduce((max, s) => Math.max(max, s.at), Number.NEGATIVE_INFINITY);
			if (!Number.isFinite(start) || last - start > 2 * 60_000) return undefined;
			return `the refused or timed-out connections (${iso(first)} to ${iso(last)}) all come within ${Math.max(1, Math.round((last - start) / 1000))} seconds of the apiserver's start at ${iso(start)}: components coming up, not an outage`;
		},
	},
	{
		name: 'process-died-on-certificate-failure',
		decide: (input) => {
			const fatal = input.certificateGroups.filter((g) => g.fatal > 0);
			if (fatal.length > 0) {
				const line = fatal[0]!.head[0];
				return `the process exited on a certificate failure (a fatal line${line === undefined ? '' : ` at ${line.source}:${line.line}`}); a process that dies at start-up on it made a new loopback certificate each time, so the rejected certificate is one it reads from disk`;
			}

			const firstAnyFailure = firstOf(input.certificateGroups);
			if (!Number.isFinite(firstAnyFailure)) return undefined;
			const exit = input.state.context.find((h) => h.provides === 'exit' && h.evidence.time !== undefined && h.evidence.time >= firstAnyFailure - 1000 && h.evidence.time - firstAnyFailure <= 5 * 60_000);
			return exit === undefined ? undefined : `the process exited at ${iso(exit.evidence.time!)} (${exit.evidence.source}:${exit.evidence.line}), right after a certificate failure; each restart makes a new loopback certificate, so the rejected certificate is one read from disk`;
		},
	},
	{
		name: 'short-uptime-at-failure',
		decide: (input) => {
			const uptimes = input.state.context.filter((h) => h.provides === 'uptime').map((h) => Number(h.groups['seconds'])).filter((n) => Number.isFinite(n));
			if (uptimes.length === 0) return undefined;
			const longest = Math.max(...uptimes);
			return longest < 7200 ? `the process writing these lines had run ${longest} seconds at its last line (logrus prints seconds since start); a loopback certificate made at its start cannot have expired` : undefined;
		},
	},
	{
		name: 'several-expiry-times',
		decide: (input) => {
			const bounds = [...new Set(input.certificateGroups.filter((g) => g.direction === 'after').flatMap((g) => [...g.bounds.keys()]))].sort((a, b) => a - b);
			if (bounds.length < 2 || bounds.at(-1)! - bounds[0]! < dayMs) return undefined;
			return `the failures name ${bounds.length} different expiry times (${bounds.slice(0, 3).map(iso).join(', ')}${bounds.length > 3 ? ', …' : ''}): more than one certificate has expired, as when the certificates on disk reach their end together or the clock jumped forward`;
		},
	},
	{
		name: 'single-expiry-time',
		decide: (input) => {
			const times = [...input.isAfterBounds.keys()];
			if (times.length === 0 || Math.max(...times) - Math.min(...times) > 1000) return undefined;
			return `every self-directed failure says the certificate expired at ${iso(times[0]!)}: one certificate, the one the apiserver's own client checks`;
		},
	},
	{
		name: 'is-after-matches-loopback-expiry',
		decide: (input) => {
			const start = independentStart(input);
			if (start === undefined) return undefined;
			const matching = [...input.isAfterBounds.keys()].filter((bound) => matchesLoopback(bound, start, input));
			return matching.length === 0 ? undefined : `the failures say the certificate expired at ${iso(matching[0]!)}, exactly start - 1h + ${input.lifetimeDays} days for the start at ${iso(start.at)}`;
		},
	},
	{
		name: 'is-after-matches-no-start',
		decide: (input) => {
			const start = independentStart(input);
			if (start === undefined || input.isAfterBounds.size === 0) return undefined;
			if ([...input.isAfterBounds.keys()].some((bound) => matchesLoopback(bound, start, input))) return undefined;
			return `the failures name expiry times ${[...input.isAfterBounds.keys()].slice(0, 3).map(iso).join(', ')}, none of which is start - 1h + 365 or 1096 days for the start at ${iso(start.at)}: an on-disk certificate is a better fit`;
		},
	},
	{
		name: 'served-loopback-expired',
		decide: (input) => {
			const served = servedCertificate(input.state);
			const observed = input.logEnd ?? input.now;
			if (served === undefined || served.notAfter > observed) return undefined;
			return `the apiserver served apiserver-loopback-client@${served.unix}, which expired at ${iso(served.notAfter)}, before ${iso(observed)}${input.logEnd === undefined ? ' (now)' : ' (the end of the input)'}`;
		},
	},
	{
		name: 'self-addresses-known',
		decide: (input) => {
			const own = input.selfAddresses.filter((a) => !isLoopbackAddress(a.ip));
			return own.length === 0 ? undefined : `the node's own addresses: ${own.map((a) => a.ip).join(', ')}`;
		},
	},
	{
		name: 'secure-port-known',
		decide: (input) => (input.securePortKnown ? `the apiserver serves on port ${input.securePort}` : undefined),
	},
	{
		name: 'probe-loopback-expired',
		decide: ({live, now}) => (live?.probe?.isLoopback === true && live.probe.notAfter <= now ? `a live probe of ${live.probe.target} read the loopback certificate ${live.probe.subject}, expired at ${iso(live.probe.notAfter)}` : undefined),
	},
	{
		name: 'probe-loopback-expiring',
		decide: ({live, now}) => {
			const probe = live?.probe;
			if (probe?.isLoopback !== true || probe.notAfter <= now || probe.notAfter - now > 30 * dayMs) return undefined;
			return `a live probe of ${probe.target} read the loopback certificate ${probe.subject}, expiring at ${iso(probe.notAfter)} (${Math.ceil((probe.notAfter - now) / dayMs)} days left)`;
		},
	},
	{
		name: 'probe-loopback-valid',
		decide: ({live, now}) => (live?.probe?.isLoopback === true && live.probe.notAfter - now > 30 * dayMs ? `a live probe of ${live.probe.target} read the loopback certificate ${live.probe.subject}, valid until ${iso(live.probe.notAfter)}` : undefined),
	},
	{
		name: 'process-uptime-exceeds-lifetime',
		decide: ({live, now, lifetimeDays}) => {
			const process = live?.process;
			if (process === undefined) return undefined;
			const uptime = now - process.startedAt;
			return uptime >= lifetimeDays * dayMs - 3_600_000 ? `the running kube-apiserver (pid ${process.pid}) started ${iso(process.startedAt)}, ${Math.floor(uptime / dayMs)} days ago, longer than its ${lifetimeDays}-day loopback certificate` : undefined;
		},
	},
	{
		name: 'disk-certs-valid',
		decide: ({live, now}) => {
			const certificates = live?.diskCertificates ?? [];
			return certificates.length > 0 && certificates.every((c) => c.notAfter > now) ? `all ${certificates.length} certificates on disk are valid now` : undefined;
		},
	},
	{
		name: 'disk-cert-expired',
		decide: ({live, now}) => {
			const expired = (live?.diskCertificates ?? []).filter((c) => c.notAfter <= now);
			return expired.length === 0 ? undefined : `expired on disk: ${expired.slice(0, 5).map((c) => `${c.path} (${iso(c.notAfter)})`).join(', ')}`;
		},
	},
];

function matchesLoopback(bound: number, start: StartTime, input: FactInput): boolean {
	return ([365, 1096] as const).some((days) => Math.abs(loopbackExpiry(start.at, days) - bound) <= startTolerance)
		|| (input.loopbackNotAfter !== undefined && Math.abs(input.loopbackNotAfter.at - bound) <= startTolerance);
}

/** Fact names and what they mean (declared with the rules, in detect/fact-names.ts). */
export const knownFacts: ReadonlyMap<string, string> = factNames;

/** Decides every fact; the map holds the ones that hold, each with its sentence. */
export function decideFacts(input: FactInput): Map<string, string> {
	const facts = new Map<string, string>();
	for (const decider of factDeciders) {
		const why = decider.decide(input);
		if (why !== undefined) facts.set(decider.name, why);
	}

	return facts;
}
