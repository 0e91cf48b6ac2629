import type {EvidenceLine} from '../detect/evidence-line.js';

export type FindingSeverity = 'critical' | 'warning' | 'info';

/** One step of advice: a command to run (undefined for a prose step) and what it is for. */
export type Step = {readonly command: string | undefined; readonly why: string};

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
	/** Lines that matched any of its evidence conditions: the sample below is drawn from them. */
	readonly evidenceCount: number;
	/** A bounded sample: the first and the most recent lines. */
	readonly evidence: readonly EvidenceLine[];
	/** What to do now, in order. */
	readonly actions: readonly Step[];
	/** Checks that confirm the diagnosis (and the fix). */
	readonly verify: readonly Step[];
	readonly longTerm: readonly Step[];
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
