import type {EvidenceLine} from '../detect/evidence-line.js';

export type FindingSeverity = 'critical' | 'warning' | 'info';

/** One reason for or against a finding. */
export type Reason = {readonly stance: 'for' | 'against'; readonly text: string};

/** A diagnosis the report stands behind, with its evidence and what to do. */
export type Finding = {
	readonly id: string;
	readonly title: string;
	readonly severity: FindingSeverity;
	/** 0..1 */
	readonly confidence: number;
	readonly summary: string;
	readonly explanation: string;
	readonly firstSeen: number | undefined;
	readonly lastSeen: number | undefined;
	/** Lines that matched the finding's main evidence. */
	readonly count: number;
	readonly reasoning: readonly Reason[];
	/** A bounded sample: the first and the most recent lines. */
	readonly evidence: readonly EvidenceLine[];
	readonly actions: readonly string[];
	readonly verify: readonly string[];
	readonly longTerm: readonly string[];
	readonly references: readonly string[];
	/** Other findings this one explains better, and why. */
	readonly preferredOver: readonly {readonly id: string; readonly because: string}[];
	/** Matching lines per minute (minute = ms / 60000), sorted by minute. */
	readonly timeline: readonly (readonly [minute: number, count: number])[];
	/** The rule file that produced it. */
	readonly rule: string;
	/** The node (or pod) whose logs show it, when the input tells nodes apart. */
	readonly node?: string | undefined;
};

/** A finding whose signals appeared but that the diagnosis does not believe, and why. */
export type RuledOut = {
	readonly id: string;
	readonly title: string;
	readonly confidence: number;
	readonly reasons: readonly string[];
	readonly node?: string | undefined;
};
