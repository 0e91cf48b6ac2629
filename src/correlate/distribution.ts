import type {ContextHit} from '../detect/collect-signals.js';
import {distributionOf, distributions, type DistributionId} from '../detect/rules/distributions.js';
import type {DistributionClue, LiveFacts} from './live-facts.js';

/** Which distribution runs this control plane, and why kubesleuth thinks so. */
export type DistributionDecision = {
	/** Undefined when nothing (or nothing decisive) says. */
	readonly id: DistributionId | undefined;
	/** `k3s`, or `unknown`. */
	readonly name: string;
	/** Each thing that points at it (or, when unknown, at the candidates). */
	readonly reasons: readonly string[];
	/** When unknown: the distributions the clues point at equally (empty when there are no clues). */
	readonly candidates: readonly DistributionId[];
};

/** What the logs and the node showed, for the decision. */
export type DistributionEvidence = {
	/** `--distribution`: wins over everything. */
	readonly flag?: DistributionId | undefined;
	/** The node's context hits: `distribution` signals and versions. */
	readonly hits: readonly ContextHit[];
	/** journald identifiers seen in the node's records. */
	readonly identifiers: readonly string[];
	/** Names of the sources the node's records came from (paths, `journalctl -u UNIT`). */
	readonly sources: readonly string[];
	readonly live: LiveFacts | undefined;
};

/** Clues read from the logs: identifiers, version suffixes, start lines and folders, source names. */
export function logClues(evidence: DistributionEvidence): DistributionClue[] {
	const clues: DistributionClue[] = [];
	const identifiers = new Set(evidence.identifiers);
	for (const distribution of distributions) {
		const {logClues: known, id} = distribution;
		const weight = known.hintsOnly === true ? 1 : 2;
		const identifier = known.identifiers.find((name) => identifiers.has(name));
		if (identifier !== undefined) clues.push({distribution: id, weight, reason: `the journal identifier ${identifier} in the logs`});
		const source = evidence.sources.find((name) => known.sourceNames.some((pattern) => pattern.test(name)));
		if (source !== undefined) clues.push({distribution: id, weight, reason: `the source ${source}`});
	}

	for (const hit of evidence.hits) {
		const where = `${hit.evidence.source}:${hit.evidence.line}`;
		if (hit.provides === 'version') {
			const version = hit.groups['version'] ?? '';
			const match = distributions.find((d) => d.logClues.versionSuffix !== undefined && version.includes(d.logClues.versionSuffix));
			if (match !== undefined) clues.push({distribution: match.id, weight: 3, reason: `the version ${version} (${where})`});
			continue;
		}

		if (hit.provides !== 'distribution') continue;
		for (const value of Object.values(hit.groups)) {
			const match = distributions.find((d) => d.logClues.markers.includes(value));
			if (match !== undefined) clues.push({distribution: match.id, weight: match.logClues.hintsOnly === true ? 1 : 2, reason: `${value} in ${where}`});
		}
	}

	return clues;
}

/** Weighs every clue from the node and the logs; the distribution with the most weight wins, a tie names the candidates. */
export function decideDistribution(evidence: DistributionEvidence): DistributionDecision {
	if (evidence.flag !== undefined) {
		return {id: evidence.flag, name: distributionOf(evidence.flag).name, reasons: ['--distribution flag'], candidates: []};
	}

	const process = evidence.live?.process;
	const processClues: DistributionClue[] = process?.runMode === 'systemd' && process.embeddedIn === undefined ? [{distribution: 'systemd-unit', weight: 3, reason: `the running kube-apiserver (pid ${process.pid}) is in a systemd unit`}] : [];
	const clues = [...(evidence.live?.distributionClues ?? []), ...processClues, ...logClues(evidence)];
	const byDistribution = new Map<DistributionId, {weight: number; reasons: string[]}>();
	for (const clue of clues) {
		const entry = byDistribution.get(clue.distribution) ?? {weight: 0, reasons: []};
		// The same kind of line seen twice is one clue, not two.
		const kind = clue.reason.replace(/ \(.*\)$| in .*$/, '');
		if (entry.reasons.some((reason) => reason.replace(/ \(.*\)$| in .*$/, '') === kind)) continue;
		entry.weight += clue.weight;
		entry.reasons.push(clue.reason);
		byDistribution.set(clue.distribution, entry);
	}

	const ranked = [...byDistribution].sort((a, b) => b[1].weight - a[1].weight);
	const [first, second] = ranked;
	if (first === undefined) return {id: undefined, name: 'unknown', reasons: [], candidates: []};
	// One hint alone (kubeadm's folder, which hand-built control planes use too) does not decide.
	if (first[1].weight < 2) return {id: undefined, name: 'unknown', reasons: ranked.flatMap(([id, entry]) => entry.reasons.map((reason) => `only a hint: ${reason} points at ${distributionOf(id).name}`)), candidates: []};
	if (second !== undefined && second[1].weight === first[1].weight) {
		const tied = ranked.filter(([, entry]) => entry.weight === first[1].weight);
		return {id: undefined, name: 'unknown', reasons: tied.flatMap(([id, entry]) => entry.reasons.map((reason) => `${reason} points at ${distributionOf(id).name}`)), candidates: tied.map(([id]) => id)};
	}

	// What pointed elsewhere is named when it was more than a hint.
	const against = ranked.slice(1).filter(([, entry]) => entry.weight >= 2).flatMap(([id, entry]) => entry.reasons.map((reason) => `though ${reason} points at ${distributionOf(id).name}`));
	return {id: first[0], name: distributionOf(first[0]).name, reasons: [...first[1].reasons, ...against], candidates: []};
}
