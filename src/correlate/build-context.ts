import type {CompiledRules} from '../detect/compile-rules.js';
import type {ContextHit, HitGroup, SignalState} from '../detect/collect-signals.js';
import type {EvidenceLine} from '../detect/evidence-line.js';
import {targetRole, type SelfView} from './address-role.js';
import {decideFacts} from './facts.js';
import type {LiveFacts, RunMode} from './live-facts.js';
import {distributionOf, type DistributionId} from '../detect/rules/distributions.js';
import {decideDistribution, type DistributionDecision} from './distribution.js';
import {livenessProbeNote} from './liveness-probe.js';
import {loopbackExpiry, loopbackLifetime} from './loopback-lifetime.js';
import {collectSelfAddresses, whereHit, type IgnoredValue, type SelfAddress} from './self-addresses.js';
import {canonicalKubernetesVersion, parsePort} from '../detect/values/validate-values.js';
import {chooseStart, collectStarts, iso, loopbackFromLogs, servedLoopbackCertificate, type StartTime} from './start-times.js';

export type {IgnoredValue, SelfAddress} from './self-addresses.js';
export type {StartTime} from './start-times.js';

/** What the diagnosis knows about the apiserver and the node, and how it knows it. */
export type ApiserverContext = {
	readonly selfAddresses: readonly SelfAddress[];
	/** The node's own addresses, names and secure port, for classifying the addresses lines name. */
	readonly selfView: SelfView;
	/** Which distribution runs the control plane, and why (see correlate/distribution.ts). */
	readonly distribution: DistributionDecision;
	readonly start: StartTime | undefined;
	readonly version: {readonly value: string; readonly from: string} | undefined;
	readonly lifetimeDays: 365 | 1096;
	readonly lifetimeFrom: 'version' | 'certificate' | 'default';
	readonly loopbackNotAfter: {readonly at: number; readonly from: string} | undefined;
	readonly securePort: number;
	/** Where the secure port came from; `default` is 6443. */
	readonly securePortFrom: 'process' | 'logs' | 'distribution' | 'default';
	/** Values read from the logs or the process that were not what they claimed to be, and so were not used. */
	readonly ignored: readonly IgnoredValue[];
	readonly runMode: RunMode;
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
	/** The node's host name, when the logs say it (journald host, klog header, pod name): its own name. */
	readonly node?: string | undefined;
	/** `--distribution`, when given. */
	readonly distribution?: DistributionId | undefined;
	/** journald identifiers and source names of the node's records, for the distribution. */
	readonly observed?: {readonly identifiers: readonly string[]; readonly sources: readonly string[]} | undefined;
};

function groupsOf(state: SignalState, signalIds: readonly string[]): HitGroup[] {
	return signalIds.flatMap((id) => [...(state.signals.get(id)?.groups.values() ?? [])]);
}

/** The secure port: the live process's flag, else a `Serving securely on` or `--secure-port` line, else 6443 (a guess). Ports are 1-65535 in decimal, or not used at all. */
function securePortOf(state: SignalState, live: LiveFacts | undefined, ignored: IgnoredValue[], distributionPort: number | undefined): {port: number; from: ApiserverContext['securePortFrom']} {
	const portHits = state.context.filter((h) => (h.provides === 'serving-address' || h.provides === 'bind-address') && h.groups['port'] !== undefined);
	for (const hit of portHits) if (parsePort(hit.groups['port']) === undefined) ignored.push({kind: 'port', what: 'secure port', where: whereHit(hit)});
	const liveText = live?.process?.flags['secure-port'];
	const livePort = parsePort(liveText);
	if (liveText !== undefined && livePort === undefined) ignored.push({kind: 'port', what: 'secure port', where: `kube-apiserver process (pid ${live?.process?.pid}) --secure-port`});
	if (livePort !== undefined) return {port: livePort, from: 'process'};
	const hit = portHits.find((h) => parsePort(h.groups['port']) !== undefined);
	if (hit !== undefined) return {port: parsePort(hit.groups['port'])!, from: 'logs'};
	return distributionPort === undefined ? {port: 6443, from: 'default'} : {port: distributionPort, from: 'distribution'};
}

/** Version: the flag, then the live process, then the logs (latest wins: an upgrade restarts the process); only a Kubernetes version. */
function versionOf(state: SignalState, options: CorrelateOptions, ignored: IgnoredValue[]): ApiserverContext['version'] {
	const hits = [...state.context].reverse().filter((h) => h.provides === 'version' && h.groups['version'] !== undefined);
	for (const hit of hits) if (canonicalKubernetesVersion(hit.groups['version']!) === undefined) ignored.push({kind: 'version', what: 'version', where: whereHit(hit)});
	const fromOption = options.version === undefined ? undefined : canonicalKubernetesVersion(options.version);
	if (fromOption !== undefined) return {value: fromOption, from: '--apiserver-version flag'};
	const process = options.live?.process;
	const fromProcess = process?.version === undefined ? undefined : canonicalKubernetesVersion(process.version);
	if (fromProcess !== undefined) return {value: fromProcess, from: `running kube-apiserver (pid ${process!.pid}): ${process!.versionFrom ?? 'its binary'}`};
	const hit = hits.find((h) => canonicalKubernetesVersion(h.groups['version']!) !== undefined);
	return hit === undefined ? undefined : {value: canonicalKubernetesVersion(hit.groups['version']!)!, from: `log line ${whereHit(hit)}`};
}

/** The correlate stage: turns what the detect stage saw, plus flags and live facts, into the apiserver's context. */
export function buildContext(rules: CompiledRules, state: SignalState, options: CorrelateOptions): ApiserverContext {
	const ignored: IgnoredValue[] = [];
	const selfAddresses = collectSelfAddresses(rules, state, options.selfIps, options.live, ignored);
	const distribution = decideDistribution({flag: options.distribution, hits: state.context, identifiers: options.observed?.identifiers ?? [], sources: options.observed?.sources ?? [], live: options.live});
	const known = distribution.id === undefined ? undefined : distributionOf(distribution.id);
	const {port: securePort, from: securePortFrom} = securePortOf(state, options.live, ignored, known?.apiserverPort);
	const securePortKnown = securePortFrom !== 'default';
	const names = new Set<string>();
	for (const name of [options.node, options.live?.hostName]) {
		if (name === undefined || name === '' || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(name)) continue;
		names.add(name.toLowerCase());
		names.add(name.toLowerCase().split('.')[0]!);
	}

	const selfView: SelfView = {ips: new Set(selfAddresses.map((a) => a.ip)), names, securePort, securePortKnown};
	const version = versionOf(state, options, ignored);
	const lifetimeByVersion = loopbackLifetime(version?.value, distribution.id);
	const versionLifetime = lifetimeByVersion?.days;

	// Self-directed expiry failures: the apiserver's own client calling its own secure port. Lines another
	// component wrote (a kubelet, kubectl) are that component's calls, not the loopback client's.
	const certificateSignals = rules.signals.filter((s) => s.isCertificate).map((s) => s.id);
	const certificateGroups = groupsOf(state, certificateSignals);
	const connectionGroups = groupsOf(state, rules.signals.filter((s) => s.isConnection && s.fallback !== true).map((s) => s.id));
	const selfFailures = certificateGroups.filter(
		(g) => targetRole(g.target, g.targetPort, g.reporter, selfView) === 'apiserver' && g.direction !== 'before' && (g.reporter === 'apiserver' || g.reporter === 'unknown'),
	);
	const failureTimes = selfFailures.map((g) => g.first).filter((t): t is number => t !== undefined);
	const firstFailure = failureTimes.length > 0 ? Math.min(...failureTimes) : undefined;
	const isAfterBounds = new Map<number, EvidenceLine>();
	for (const group of selfFailures) {
		if (group.direction === 'after') for (const [bound, line] of group.bounds) isAfterBounds.set(bound, line);
	}

	const fromLogs = loopbackFromLogs(state);
	let lifetimeDays: 365 | 1096 = fromLogs.lifetimeDays ?? versionLifetime ?? 365;
	let lifetimeFrom: ApiserverContext['lifetimeFrom'] = fromLogs.lifetimeDays !== undefined ? 'certificate' : versionLifetime === undefined ? 'default' : 'version';
	const {starts, notes, redatedLifetime} = collectStarts({state, startedAt: options.startedAt, live: options.live, versionLifetime, isAfterBounds});
	if (redatedLifetime !== undefined) {
		lifetimeDays = redatedLifetime;
		if (lifetimeFrom === 'default') lifetimeFrom = 'certificate';
	}

	const start = chooseStart(starts, firstFailure, isAfterBounds, lifetimeDays);
	let loopbackNotAfter = fromLogs.notAfter;
	const expiry = loopbackNotAfter?.at ?? (start === undefined ? undefined : loopbackExpiry(start.at, lifetimeDays));
	if (loopbackNotAfter === undefined && expiry !== undefined && start !== undefined) {
		const basis = lifetimeFrom === 'version' ? `Kubernetes ${version?.value}: ${lifetimeByVersion?.source ?? ''}` : lifetimeFrom === 'certificate' ? 'lifetime shown by the certificate' : 'version unknown, assuming 365 days';
		loopbackNotAfter = {at: expiry, from: `predicted: start ${iso(start.at)} - 1h + ${lifetimeDays} days (${basis})`};
	}

	const facts = decideFacts({
		state,
		now: options.now,
		logEnd: options.logRange.last,
		live: options.live,
		selfAddresses,
		securePortKnown,
		securePort,
		starts,
		start,
		lifetimeDays,
		loopbackNotAfter,
		expiry,
		firstFailure,
		isAfterBounds,
		certificateGroups,
		connectionGroups,
	});

	// A loopback certificate the apiserver was seen serving (curl -v, openssl) names its own expiry.
	const served = servedLoopbackCertificate(state);
	if (loopbackNotAfter === undefined && served.subject !== undefined && served.notAfterHit !== undefined && served.notAfter !== undefined) {
		loopbackNotAfter = {at: served.notAfter, from: `served certificate shown at ${served.notAfterHit.evidence.source}:${served.notAfterHit.evidence.line}`};
	}

	for (const value of ignored.slice(0, 5)) notes.push(`ignored the ${value.what} read from ${value.where}: not ${value.kind === 'address' ? 'an IP address' : value.kind === 'port' ? 'a port number (1-65535)' : 'a Kubernetes version'}, so it is not used`);
	if (ignored.length > 5) notes.push(`ignored ${ignored.length - 5} more values that were not what they claimed to be`);
	const live = options.live;
	const runMode: RunMode = live?.process !== undefined && live.process.runMode !== 'unknown' ? live.process.runMode : known?.runMode ?? options.runModeHint;
	const probeNote = livenessProbeNote(version?.value, live?.livenessProbe);
	if (probeNote !== undefined) {
		facts.set(probeNote.fact, probeNote.text);
		notes.push(probeNote.text);
	}

	return {
		selfAddresses,
		selfView,
		distribution,
		start,
		version,
		lifetimeDays,
		lifetimeFrom,
		loopbackNotAfter,
		securePort,
		securePortFrom,
		ignored,
		runMode,
		facts,
		logRange: options.logRange,
		firstFailure,
		now: options.now,
		live,
		notes,
	};
}

export type {ContextHit};
