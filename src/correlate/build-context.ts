import {parseLogTime} from '../parse/log-time.js';
import type {CompiledRules} from '../detect/compile-rules.js';
import type {ContextHit, HitGroup, SignalState} from '../detect/collect-signals.js';
import type {EvidenceLine} from '../detect/evidence-line.js';
import {isLoopbackAddress, isUnspecifiedAddress, normalizeAddress, type AddressOrigin} from './address.js';
import {distributionOf, type DistributionId} from '../detect/rules/distributions.js';
import {decideDistribution, type DistributionDecision} from './distribution.js';
import type {LiveFacts, RunMode} from './live-facts.js';
import {livenessProbeNote} from './liveness-probe.js';
import {dayMs, loopbackExpiry, loopbackLifetime} from './loopback-lifetime.js';

/** One of the node's own addresses and every reason it is believed to be one. */
export type SelfAddress = {readonly ip: string; readonly from: readonly AddressOrigin[]};

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

/** What the diagnosis knows about the apiserver and the node, and how it knows it. */
export type ApiserverContext = {
	readonly selfAddresses: readonly SelfAddress[];
	readonly start: StartTime | undefined;
	readonly version: {readonly value: string; readonly from: string} | undefined;
	readonly lifetimeDays: 365 | 1096;
	readonly lifetimeFrom: 'version' | 'certificate' | 'default';
	readonly loopbackNotAfter: {readonly at: number; readonly from: string} | undefined;
	readonly securePort: number;
	readonly runMode: RunMode;
	/** Which distribution runs the control plane, and why (see correlate/distribution.ts). */
	readonly distribution: DistributionDecision;
	/** Facts that hold, each with a sentence saying why. */
	readonly facts: ReadonlyMap<string, string>;
	/** First and last time seen across all sources. */
	readonly logRange: {readonly first: number | undefined; readonly last: number | undefined};
	readonly firstFailure: number | undefined;
	readonly now: number;
	readonly live: LiveFacts | undefined;
	/** Lines whose time the diagnosis changed, with why. */
	readonly notes: readonly string[];
};

export type CorrelateOptions = {
	readonly selfIps: readonly string[];
	readonly startedAt: number | undefined;
	readonly version: string | undefined;
	readonly now: number;
	readonly live: LiveFacts | undefined;
	readonly runModeHint: RunMode;
	readonly logRange: {readonly first: number | undefined; readonly last: number | undefined};
	/** `--distribution`, when given. */
	readonly distribution?: DistributionId | undefined;
	/** journald identifiers and source names of the node's records, for the distribution. */
	readonly observed?: {readonly identifiers: readonly string[]; readonly sources: readonly string[]} | undefined;
};

const tolerance = 15 * 60_000;

function iso(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Classifies an address against the node's own ones. */
export function addressRole(address: string | undefined, port: number | undefined, self: ReadonlySet<string>, securePort: number): 'apiserver' | 'self' | 'loopback' | 'foreign' | undefined {
	if (address === undefined) return undefined;
	if (self.has(address) || isLoopbackAddress(address)) {
		if (port === undefined || port === securePort) return 'apiserver';
		return isLoopbackAddress(address) ? 'loopback' : 'self';
	}

	return 'foreign';
}

function collectSelfAddresses(rules: CompiledRules, state: SignalState, options: CorrelateOptions): SelfAddress[] {
	const found = new Map<string, Set<AddressOrigin>>();
	const add = (raw: string | undefined, origin: AddressOrigin): void => {
		const ip = normalizeAddress(raw);
		if (ip === undefined || isUnspecifiedAddress(ip)) return;
		const set = found.get(ip) ?? new Set();
		set.add(origin);
		found.set(ip, set);
	};

	for (const ip of options.selfIps) add(ip, 'flag');
	for (const hit of state.context) {
		const address = hit.groups['address'] ?? hit.groups['address2'];
		if (hit.provides === 'bind-address') add(address, 'bind-address');
		if (hit.provides === 'advertise-address') add(address, 'advertise-address');
		if (hit.provides === 'serving-address') add(address, 'serving-line');
	}

	for (const pair of rules.selfAddressEvidence) {
		const targets = new Set([...(state.signals.get(pair.target)?.groups.values() ?? [])].map((g) => g.target).filter((t) => t !== undefined));
		for (const group of state.signals.get(pair.peer)?.groups.values() ?? []) {
			if (group.peer !== undefined && targets.has(group.peer)) add(group.peer, 'self-request-and-handshake');
		}
	}

	if (options.live !== undefined) {
		const flags = options.live.process?.flags ?? {};
		add(flags['bind-address'], 'process-flags');
		add(flags['advertise-address'], 'process-flags');
		for (const ip of options.live.interfaceAddresses ?? []) add(ip, 'interface');
	}

	for (const ip of ['127.0.0.1', '::1']) add(ip, 'loopback');
	return [...found].map(([ip, from]) => ({ip, from: [...from]}));
}

function groupsOf(state: SignalState, signalIds: readonly string[]): HitGroup[] {
	return signalIds.flatMap((id) => [...(state.signals.get(id)?.groups.values() ?? [])]);
}

/** The correlate stage: turns what the detect stage saw, plus flags and live facts, into the apiserver's context. */
export function buildContext(rules: CompiledRules, state: SignalState, options: CorrelateOptions): ApiserverContext {
	const notes: string[] = [];
	const selfAddresses = collectSelfAddresses(rules, state, options);
	const selfSet = new Set(selfAddresses.map((a) => a.ip));

	const distribution = decideDistribution({flag: options.distribution, hits: state.context, identifiers: options.observed?.identifiers ?? [], sources: options.observed?.sources ?? [], live: options.live});
	const known = distribution.id === undefined ? undefined : distributionOf(distribution.id);
	const portHit = state.context.find((h) => (h.provides === 'serving-address' || h.provides === 'bind-address') && h.groups['port'] !== undefined);
	const livePort = Number(options.live?.process?.flags['secure-port']);
	const securePort = Number.isInteger(livePort) && livePort > 0 ? livePort : portHit ? Number(portHit.groups['port']) : known?.apiserverPort ?? 6443;

	// Version: flag, then the live process, then the logs (latest wins: an upgrade restarts the process).
	const versionHit = [...state.context].reverse().find((h) => h.provides === 'version' && h.groups['version'] !== undefined);
	const version =
		options.version !== undefined
			? {value: options.version, from: '--version flag'}
			: options.live?.process?.version !== undefined
				? {value: options.live.process.version, from: 'running kube-apiserver process'}
				: versionHit !== undefined
					? {value: versionHit.groups['version']!, from: `log line ${versionHit.evidence.source}:${versionHit.evidence.line}`}
					: undefined;
	const lifetimeByVersion = loopbackLifetime(version?.value, distribution.id);
	const versionLifetime = lifetimeByVersion?.days;

	// Self-directed expiry failures: the apiserver's own client calling its own secure port.
	const x509Signals = rules.signals.filter((s) => s.target !== undefined).map((s) => s.id);
	const selfFailures = groupsOf(state, x509Signals).filter(
		(g) => addressRole(g.target, g.targetPort, selfSet, securePort) === 'apiserver' && g.direction !== 'before',
	);
	const failureTimes = selfFailures.map((g) => g.first).filter((t): t is number => t !== undefined);
	const firstFailure = failureTimes.length > 0 ? Math.min(...failureTimes) : undefined;
	const isAfterBounds = new Map<number, EvidenceLine>();
	for (const group of selfFailures) {
		if (group.direction === 'after') for (const [bound, line] of group.bounds) isAfterBounds.set(bound, line);
	}

	// Loopback certificate named in a startup line gives the start and the expiry outright.
	const certHit = [...state.context].reverse().find((h) => h.provides === 'loopback-certificate');
	let loopbackNotAfter: {at: number; from: string} | undefined;
	let lifetimeFrom: ApiserverContext['lifetimeFrom'] = versionLifetime === undefined ? 'default' : 'version';
	let lifetimeDays: 365 | 1096 = versionLifetime ?? 365;

	const starts: StartTime[] = [];
	if (options.startedAt !== undefined) {
		starts.push({at: options.startedAt, from: '--started-at flag', evidence: undefined, redated: undefined, derivedFromIsAfter: false});
	}

	if (options.live?.process !== undefined) {
		starts.push({at: options.live.process.startedAt, from: `running kube-apiserver process (pid ${options.live.process.pid})`, evidence: undefined, redated: undefined, derivedFromIsAfter: false});
	}

	const servedHit = [...state.context].reverse().find((h) => h.provides === 'served-loopback-certificate' && h.groups['unix'] !== undefined);
	if (servedHit !== undefined && certHit === undefined) {
		const unix = Number(servedHit.groups['unix']);
		starts.push({at: unix * 1000, from: `served loopback certificate name apiserver-loopback-client@${unix}`, evidence: servedHit.evidence, redated: undefined, derivedFromIsAfter: false});
	}

	if (certHit !== undefined) {
		const unix = Number(certHit.groups['unix']);
		const notAfter = parseLogTime(certHit.groups['notAfter']);
		if (Number.isFinite(unix) && unix > 0) {
			starts.push({at: unix * 1000, from: `loopback certificate name apiserver-loopback-client@${unix}`, evidence: certHit.evidence, redated: undefined, derivedFromIsAfter: false});
		}

		if (notAfter !== undefined) {
			loopbackNotAfter = {at: notAfter, from: `startup line ${certHit.evidence.source}:${certHit.evidence.line}`};
			if (Number.isFinite(unix) && unix > 0) {
				const days = Math.round((notAfter - (unix * 1000 - 3_600_000)) / dayMs);
				if (days === 365 || days === 1096) {
					lifetimeDays = days;
					lifetimeFrom = 'certificate';
				}
			}
		}
	}

	for (const hit of state.context) {
		if (hit.provides !== 'start' || hit.evidence.time === undefined) continue;
		let at = hit.evidence.time;
		let redated: string | undefined;
		// A year-less startup line can be a year (or more) older than it reads; an `is after` time
		// equal to its wall-clock time minus one hour shows it is exactly one lifetime older.
		for (const [bound] of isAfterBounds) {
			for (const days of versionLifetime === undefined ? [365, 1096] : [versionLifetime]) {
				if (Math.abs(at - 3_600_000 - bound) <= tolerance && at - bound < days * dayMs) {
					const redatedAt = bound + 3_600_000 - days * dayMs;
					redated = `dated ${iso(redatedAt)} instead of ${iso(at)}: the line has no year, and the \`is after ${iso(bound)}\` time in the failures equals its time minus one hour, which is what a loopback certificate made at start-up ${days} days earlier shows`;
					at = redatedAt;
					lifetimeDays = days as 365 | 1096;
					if (lifetimeFrom === 'default') lifetimeFrom = 'certificate';
					break;
				}
			}

			if (redated !== undefined) break;
		}

		if (redated !== undefined) notes.push(`${hit.evidence.source}:${hit.evidence.line} ${redated}`);
		starts.push({at, from: `start-up line ${hit.evidence.source}:${hit.evidence.line}`, evidence: redated === undefined ? hit.evidence : {...hit.evidence, time: at, redated}, redated, derivedFromIsAfter: false});
	}

	// The start that matters is the latest one before the first failure (or the latest overall).
	const explicit = starts.filter((s) => s.from === '--started-at flag');
	const candidates = explicit.length > 0 ? explicit : starts;
	const beforeFailure = firstFailure === undefined ? candidates : candidates.filter((s) => s.at <= firstFailure + tolerance);
	let start = (beforeFailure.length > 0 ? beforeFailure : candidates).reduce<StartTime | undefined>((latest, s) => (latest === undefined || s.at > latest.at ? s : latest), undefined);

	if (start === undefined && isAfterBounds.size > 0) {
		const bound = Math.min(...isAfterBounds.keys());
		start = {
			at: bound + 3_600_000 - lifetimeDays * dayMs,
			from: `inferred from the \`is after ${iso(bound)}\` time (start = it + 1h - ${lifetimeDays} days)`,
			evidence: isAfterBounds.get(bound),
			redated: undefined,
			derivedFromIsAfter: true,
		};
	}

	const expiry = loopbackNotAfter?.at ?? (start === undefined ? undefined : loopbackExpiry(start.at, lifetimeDays));
	if (loopbackNotAfter === undefined && expiry !== undefined && start !== undefined) {
		loopbackNotAfter = {at: expiry, from: `predicted: start ${iso(start.at)} - 1h + ${lifetimeDays} days (${lifetimeFrom === 'version' ? `Kubernetes ${version?.value}: ${lifetimeByVersion?.source ?? ''}` : lifetimeFrom === 'certificate' ? 'lifetime shown by the certificate' : 'version unknown, assuming 365 days'})`};
	}

	const facts = new Map<string, string>();
	const independentStart = start !== undefined && !start.derivedFromIsAfter;
	if (independentStart) facts.set('start-known', `the apiserver started at ${iso(start!.at)} (${start!.from})`);
	const logEnd = options.logRange.last;
	if (independentStart && expiry !== undefined) {
		const reference = firstFailure ?? logEnd;
		if (reference !== undefined && expiry <= reference + 60_000) {
			facts.set('loopback-expiry-passed', `its loopback certificate expired at ${iso(expiry)}, ${firstFailure === undefined ? 'before the logs end' : 'before the first failure at ' + iso(firstFailure)}`);
		}

		if (firstFailure !== undefined && firstFailure < expiry - 3_600_000) {
			facts.set('loopback-expiry-not-reached', `the first failure at ${iso(firstFailure)} came before its loopback certificate could expire (${iso(expiry)}); a certificate made at ${iso(start!.at)} was still valid`);
		}

		if (firstFailure === undefined && expiry > (logEnd ?? options.now) && expiry - options.now <= 30 * dayMs) {
			facts.set('loopback-expiring-soon', expiry > options.now ? `its loopback certificate expires at ${iso(expiry)}, in ${Math.ceil((expiry - options.now) / dayMs)} days` : `its loopback certificate expired at ${iso(expiry)}, after these logs end; unless the apiserver was restarted since, it is failing now`);
		}
	}

	// Only certificate failures count: an etcd timeout or a health check's EOF right after a start says
	// nothing about a loopback certificate.
	const certificateSignals = rules.signals.filter((s) => s.certificate === true);
	const anyFailureGroups = groupsOf(state, certificateSignals.map((s) => s.id));
	const firstAnyFailure = Math.min(...anyFailureGroups.map((g) => g.first ?? Number.POSITIVE_INFINITY));
	const latestStartBefore = starts.filter((s) => s.at <= firstAnyFailure).reduce((max, s) => Math.max(max, s.at), Number.NEGATIVE_INFINITY);
	if (Number.isFinite(firstAnyFailure) && Number.isFinite(latestStartBefore) && firstAnyFailure - latestStartBefore <= 2 * 3_600_000) {
		facts.set('started-shortly-before-failures', `the apiserver started at ${iso(latestStartBefore)}, ${Math.round((firstAnyFailure - latestStartBefore) / 60_000)} minutes before the first certificate failure; a loopback certificate is new at start-up`);
	}

	const boundTimes = [...isAfterBounds.keys()];
	if (boundTimes.length > 0 && Math.max(...boundTimes) - Math.min(...boundTimes) <= 1000) {
		facts.set('single-expiry-time', `every self-directed failure says the certificate expired at ${iso(boundTimes[0]!)}: one certificate, the one the apiserver's own client checks`);
	}

	if (isAfterBounds.size > 0 && independentStart) {
		const matching = [...isAfterBounds.keys()].filter((bound) => [365, 1096].some((days) => Math.abs(loopbackExpiry(start!.at, days) - bound) <= tolerance) || (loopbackNotAfter !== undefined && Math.abs(loopbackNotAfter.at - bound) <= tolerance));
		if (matching.length > 0) {
			facts.set('is-after-matches-loopback-expiry', `the failures say the certificate expired at ${iso(matching[0]!)}, exactly start - 1h + ${lifetimeDays} days for the start at ${iso(start!.at)}`);
		} else {
			facts.set('is-after-matches-no-start', `the failures name expiry times ${[...isAfterBounds.keys()].slice(0, 3).map(iso).join(', ')}, none of which is start - 1h + 365 or 1096 days for the start at ${iso(start!.at)}: an on-disk certificate is a better fit`);
		}
	}

	const servedSubject = [...state.context].reverse().find((h) => h.provides === 'served-loopback-certificate' && h.groups['unix'] !== undefined);
	const servedNotAfter = [...state.context].reverse().find((h) => h.provides === 'served-loopback-certificate' && h.groups['notAfter'] !== undefined);
	if (servedSubject !== undefined && servedNotAfter !== undefined) {
		const notAfter = parseLogTime(servedNotAfter.groups['notAfter']);
		const observed = logEnd ?? options.now;
		if (notAfter !== undefined) {
			loopbackNotAfter ??= {at: notAfter, from: `served certificate shown at ${servedNotAfter.evidence.source}:${servedNotAfter.evidence.line}`};
			if (notAfter <= observed) {
				facts.set('served-loopback-expired', `the apiserver served apiserver-loopback-client@${servedSubject.groups['unix']}, which expired at ${iso(notAfter)}, before ${iso(observed)}${logEnd === undefined ? ' (now)' : ' (the end of the input)'}`);
			}
		}
	}

	if (selfAddresses.some((a) => !isLoopbackAddress(a.ip))) {
		facts.set('self-addresses-known', `the node's own addresses: ${selfAddresses.filter((a) => !isLoopbackAddress(a.ip)).map((a) => a.ip).join(', ')}`);
	}

	const live = options.live;
	if (live?.probe !== undefined && live.probe.isLoopback) {
		const left = live.probe.notAfter - options.now;
		if (left <= 0) facts.set('probe-loopback-expired', `a live probe of ${live.probe.target} read the loopback certificate ${live.probe.subject}, expired at ${iso(live.probe.notAfter)}`);
		else if (left <= 30 * dayMs) facts.set('probe-loopback-expiring', `a live probe of ${live.probe.target} read the loopback certificate ${live.probe.subject}, expiring at ${iso(live.probe.notAfter)} (${Math.ceil(left / dayMs)} days left)`);
		else facts.set('probe-loopback-valid', `a live probe of ${live.probe.target} read the loopback certificate ${live.probe.subject}, valid until ${iso(live.probe.notAfter)}`);
	}

	if (live?.process !== undefined) {
		const uptime = options.now - live.process.startedAt;
		if (uptime >= lifetimeDays * dayMs - 3_600_000) {
			facts.set('process-uptime-exceeds-lifetime', `the running kube-apiserver (pid ${live.process.pid}) started ${iso(live.process.startedAt)}, ${Math.floor(uptime / dayMs)} days ago, longer than its ${lifetimeDays}-day loopback certificate`);
		}
	}

	if (live?.diskCertificates !== undefined && live.diskCertificates.length > 0) {
		const expired = live.diskCertificates.filter((c) => c.notAfter <= options.now);
		if (expired.length === 0) facts.set('disk-certs-valid', `all ${live.diskCertificates.length} certificates on disk are valid now`);
		else facts.set('disk-cert-expired', `expired on disk: ${expired.slice(0, 5).map((c) => `${c.path} (${iso(c.notAfter)})`).join(', ')}`);
	}

	const runMode: RunMode = live?.process !== undefined && live.process.runMode !== 'unknown' ? live.process.runMode : known?.runMode ?? options.runModeHint;
	const probeNote = livenessProbeNote(version?.value, live?.livenessProbe);
	if (probeNote !== undefined) {
		facts.set(probeNote.fact, probeNote.text);
		notes.push(probeNote.text);
	}

	return {
		selfAddresses,
		start,
		version,
		lifetimeDays,
		lifetimeFrom,
		loopbackNotAfter,
		securePort,
		runMode,
		distribution,
		facts,
		logRange: options.logRange,
		firstFailure,
		now: options.now,
		live,
		notes,
	};
}

export type {ContextHit};
