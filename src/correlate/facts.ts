import type {HitGroup, SignalState} from '../detect/collect-signals.js';
import type {EvidenceLine} from '../detect/evidence-line.js';
import {parseLogTime} from '../parse/log-time.js';
import {isLoopbackAddress} from './address.js';
import type {LiveFacts} from './live-facts.js';
import {dayMs, loopbackExpiry} from './loopback-lifetime.js';
import type {SelfAddress} from './self-addresses.js';
import {iso, startTolerance, type StartTime} from './start-times.js';

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

/** One fact: its name (what rules test with `{fact: name}`), what it means, and how it is decided. */
export type FactDecider = {
	readonly name: string;
	readonly description: string;
	/** A sentence saying why the fact holds, or undefined when it does not. */
	readonly decide: (input: FactInput) => string | undefined;
};

const independentStart = (input: FactInput): StartTime | undefined => (input.start !== undefined && !input.start.derivedFromIsAfter ? input.start : undefined);

const firstOf = (groups: readonly HitGroup[]): number => Math.min(...groups.map((g) => g.first ?? Number.POSITIVE_INFINITY));

const servedCertificate = (state: SignalState) => {
	const subject = [...state.context].reverse().find((h) => h.provides === 'served-loopback-certificate' && h.groups['unix'] !== undefined);
	const notAfterHit = [...state.context].reverse().find((h) => h.provides === 'served-loopback-certificate' && h.groups['notAfter'] !== undefined);
	const notAfter = parseLogTime(notAfterHit?.groups['notAfter']);
	return subject === undefined || notAfterHit === undefined || notAfter === undefined ? undefined : {unix: subject.groups['unix']!, notAfter, evidence: notAfterHit.evidence};
};

/** Every fact the correlate stage decides, in the order they are shown. */
export const factDeciders: readonly FactDecider[] = [
	{
		name: 'start-known',
		description: 'the apiserver process start time is known (from logs, flags or the live process)',
		decide: (input) => {
			const start = independentStart(input);
			return start === undefined ? undefined : `the apiserver started at ${iso(start.at)} (${start.from})`;
		},
	},
	{
		name: 'loopback-expiry-passed',
		description: 'the loopback certificate predicted from the start time and version had expired by the first self-directed failure (or by the end of the logs)',
		decide: (input) => {
			const reference = input.firstFailure ?? input.logEnd;
			if (independentStart(input) === undefined || input.expiry === undefined || reference === undefined || input.expiry > reference + 60_000) return undefined;
			return `its loopback certificate expired at ${iso(input.expiry)}, ${input.firstFailure === undefined ? 'before the logs end' : 'before the first failure at ' + iso(input.firstFailure)}`;
		},
	},
	{
		name: 'loopback-expiry-not-reached',
		description: 'the start time is known and the first self-directed failure came before the loopback certificate could have expired',
		decide: (input) => {
			const start = independentStart(input);
			if (start === undefined || input.expiry === undefined || input.firstFailure === undefined || input.firstFailure >= input.expiry - 3_600_000) return undefined;
			return `the first failure at ${iso(input.firstFailure)} came before its loopback certificate could expire (${iso(input.expiry)}); a certificate made at ${iso(start.at)} was still valid`;
		},
	},
	{
		name: 'loopback-expiring-soon',
		description: 'the loopback certificate predicted from the start time expires after the logs end and within 30 days of now',
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
		description: 'the apiserver started less than two hours before the first certificate failure',
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
		description: 'every refused or timed-out connection lies within two minutes after a start of the apiserver: its own clients and etcd come up a moment after it, which is normal',
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
		description: 'the process that logged a certificate failure ended on it (a fatal line, or an exit right after): every restart made a new loopback certificate',
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
		description: 'a line reports how long its process had run (logrus `ERRO[0025]`), and that was under two hours',
		decide: (input) => {
			const uptimes = input.state.context.filter((h) => h.provides === 'uptime').map((h) => Number(h.groups['seconds'])).filter((n) => Number.isFinite(n));
			if (uptimes.length === 0) return undefined;
			const longest = Math.max(...uptimes);
			return longest < 7200 ? `the process writing these lines had run ${longest} seconds at its last line (logrus prints seconds since start); a loopback certificate made at its start cannot have expired` : undefined;
		},
	},
	{
		name: 'several-expiry-times',
		description: 'the expiry failures name several certificates: `is after` times more than a day apart',
		decide: (input) => {
			const bounds = [...new Set(input.certificateGroups.filter((g) => g.direction === 'after').flatMap((g) => [...g.bounds.keys()]))].sort((a, b) => a - b);
			if (bounds.length < 2 || bounds.at(-1)! - bounds[0]! < dayMs) return undefined;
			return `the failures name ${bounds.length} different expiry times (${bounds.slice(0, 3).map(iso).join(', ')}${bounds.length > 3 ? ', …' : ''}): more than one certificate has expired, as when the certificates on disk reach their end together or the clock jumped forward`;
		},
	},
	{
		name: 'single-expiry-time',
		description: 'every self-directed failure that names an expiry time names the same one: a single certificate, checked by the apiserver\'s own client',
		decide: (input) => {
			const times = [...input.isAfterBounds.keys()];
			if (times.length === 0 || Math.max(...times) - Math.min(...times) > 1000) return undefined;
			return `every self-directed failure says the certificate expired at ${iso(times[0]!)}: one certificate, the one the apiserver's own client checks`;
		},
	},
	{
		name: 'is-after-matches-loopback-expiry',
		description: 'an `is after N` time in a self-directed failure equals start - 1h + loopback lifetime',
		decide: (input) => {
			const start = independentStart(input);
			if (start === undefined) return undefined;
			const matching = [...input.isAfterBounds.keys()].filter((bound) => matchesLoopback(bound, start, input));
			return matching.length === 0 ? undefined : `the failures say the certificate expired at ${iso(matching[0]!)}, exactly start - 1h + ${input.lifetimeDays} days for the start at ${iso(start.at)}`;
		},
	},
	{
		name: 'is-after-matches-no-start',
		description: 'self-directed failures name `is after N` times, the start time is known, and no N equals start - 1h + loopback lifetime',
		decide: (input) => {
			const start = independentStart(input);
			if (start === undefined || input.isAfterBounds.size === 0) return undefined;
			if ([...input.isAfterBounds.keys()].some((bound) => matchesLoopback(bound, start, input))) return undefined;
			return `the failures name expiry times ${[...input.isAfterBounds.keys()].slice(0, 3).map(iso).join(', ')}, none of which is start - 1h + 365 or 1096 days for the start at ${iso(start.at)}: an on-disk certificate is a better fit`;
		},
	},
	{
		name: 'served-loopback-expired',
		description: 'a transcript in the input (curl -v or openssl s_client with SNI apiserver-loopback-client) shows the served loopback certificate expired when it was read',
		decide: (input) => {
			const served = servedCertificate(input.state);
			const observed = input.logEnd ?? input.now;
			if (served === undefined || served.notAfter > observed) return undefined;
			return `the apiserver served apiserver-loopback-client@${served.unix}, which expired at ${iso(served.notAfter)}, before ${iso(observed)}${input.logEnd === undefined ? ' (now)' : ' (the end of the input)'}`;
		},
	},
	{
		name: 'self-addresses-known',
		description: 'at least one of the node\'s own addresses other than loopback is known',
		decide: (input) => {
			const own = input.selfAddresses.filter((a) => !isLoopbackAddress(a.ip));
			return own.length === 0 ? undefined : `the node's own addresses: ${own.map((a) => a.ip).join(', ')}`;
		},
	},
	{
		name: 'secure-port-known',
		description: 'the apiserver\'s secure port is known from a flag, a `Serving securely on` line or the live process (else 6443 is assumed and any other port of the node\'s own address counts as the apiserver\'s)',
		decide: (input) => (input.securePortKnown ? `the apiserver serves on port ${input.securePort}` : undefined),
	},
	{
		name: 'probe-loopback-expired',
		description: 'a live probe with SNI apiserver-loopback-client read an expired loopback certificate',
		decide: ({live, now}) => (live?.probe?.isLoopback === true && live.probe.notAfter <= now ? `a live probe of ${live.probe.target} read the loopback certificate ${live.probe.subject}, expired at ${iso(live.probe.notAfter)}` : undefined),
	},
	{
		name: 'probe-loopback-expiring',
		description: 'a live probe read a loopback certificate that expires within 30 days',
		decide: ({live, now}) => {
			const probe = live?.probe;
			if (probe?.isLoopback !== true || probe.notAfter <= now || probe.notAfter - now > 30 * dayMs) return undefined;
			return `a live probe of ${probe.target} read the loopback certificate ${probe.subject}, expiring at ${iso(probe.notAfter)} (${Math.ceil((probe.notAfter - now) / dayMs)} days left)`;
		},
	},
	{
		name: 'probe-loopback-valid',
		description: 'a live probe read a loopback certificate with more than 30 days left',
		decide: ({live, now}) => (live?.probe?.isLoopback === true && live.probe.notAfter - now > 30 * dayMs ? `a live probe of ${live.probe.target} read the loopback certificate ${live.probe.subject}, valid until ${iso(live.probe.notAfter)}` : undefined),
	},
	{
		name: 'process-uptime-exceeds-lifetime',
		description: 'the running kube-apiserver process is older than its loopback certificate lifetime',
		decide: ({live, now, lifetimeDays}) => {
			const process = live?.process;
			if (process === undefined) return undefined;
			const uptime = now - process.startedAt;
			return uptime >= lifetimeDays * dayMs - 3_600_000 ? `the running kube-apiserver (pid ${process.pid}) started ${iso(process.startedAt)}, ${Math.floor(uptime / dayMs)} days ago, longer than its ${lifetimeDays}-day loopback certificate` : undefined;
		},
	},
	{
		name: 'disk-certs-valid',
		description: 'every certificate on disk that was scanned is valid now',
		decide: ({live, now}) => {
			const certificates = live?.diskCertificates ?? [];
			return certificates.length > 0 && certificates.every((c) => c.notAfter > now) ? `all ${certificates.length} certificates on disk are valid now` : undefined;
		},
	},
	{
		name: 'disk-cert-expired',
		description: 'at least one certificate on disk has expired',
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

/** Fact names and what they mean, for rule validation and documentation. */
export const knownFacts: ReadonlyMap<string, string> = new Map([
	...factDeciders.map((d): [string, string] => [d.name, d.description]),
	// Decided from the static pod's liveness probe (correlate/liveness-probe.ts), with the note it adds.
	['liveness-probe-misses-loopback-check', 'the apiserver is Kubernetes 1.36 or later and its static pod\'s liveness probe cannot act on the loopback-serving-certificate check of /livez (none, not HTTP, another path, or the check excluded)'],
	['liveness-probe-on-healthz', 'the apiserver is Kubernetes 1.36 or later and its static pod\'s liveness probe checks /healthz, which carries the loopback-serving-certificate check too'],
]);

/** Decides every fact; the map holds the ones that hold, each with its sentence. */
export function decideFacts(input: FactInput): Map<string, string> {
	const facts = new Map<string, string>();
	for (const decider of factDeciders) {
		const why = decider.decide(input);
		if (why !== undefined) facts.set(decider.name, why);
	}

	return facts;
}
