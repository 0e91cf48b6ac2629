import type {ApiserverContext} from '../correlate/build-context.js';
import type {AddressOrigin} from '../detect/values/address.js';
import type {Finding, RuledOut} from './finding.js';
import type {UnknownTemplate} from './unknown-templates.js';

export type Verdict = 'incident' | 'warning' | 'healthy' | 'no-input';

/** What was read from one source and what it turned out to be. */
export type SourceReport = {
	readonly name: string;
	readonly kind: 'stdin' | 'file' | 'journald';
	readonly envelope: string;
	readonly payload: string;
	readonly bytes: number;
	readonly lines: number;
	readonly records: number;
	readonly unparsed: number;
	readonly skipped: number;
	/** Lines longer than the limit, cut. */
	readonly truncated: number;
	readonly first: number | undefined;
	readonly last: number | undefined;
	readonly warnings: readonly string[];
};

/** One node's share of the diagnosis. */
export type NodeReport = {
	readonly name: string;
	readonly verdict: Verdict;
	/** Ids of its findings, most important first. */
	readonly findings: readonly string[];
	readonly selfIps: readonly string[];
};

/** The whole diagnosis as plain data: every renderer (text, Markdown, JSON, the terminal UI) draws this. */
export type Report = {
	readonly verdict: Verdict;
	/** With the `no-input` verdict: one sentence saying what was read (`no lines between A and B; the logs span C to D`). */
	readonly noInput?: string | undefined;
	/**
	 * What predictions and uptimes count from: `now` when the logs are live (followed, or read on the node they come
	 * from), `last-line` for logs copied off a node (a bundle), which may be old.
	 */
	readonly predictionsFrom?: 'now' | 'last-line' | undefined;
	/** Per-node verdicts when the input tells nodes apart (host names, pod names, per-node folders); empty otherwise. */
	readonly nodes: readonly NodeReport[];
	readonly sources: readonly SourceReport[];
	readonly first: number | undefined;
	readonly last: number | undefined;
	readonly context: ApiserverContext;
	readonly selfIps: readonly {readonly ip: string; readonly from: readonly AddressOrigin[]}[];
	readonly findings: readonly Finding[];
	readonly ruledOut: readonly RuledOut[];
	readonly unknownTemplates: readonly UnknownTemplate[];
	readonly warnings: readonly string[];
	readonly totals: {readonly bytes: number; readonly lines: number; readonly records: number; readonly unparsed: number};
	/** Facts that came from the live system rather than the logs. */
	readonly liveFacts: readonly string[];
	readonly generatedAt: number;
};

/** Findings at warning or above make the verdict (and the exit code). */
export function verdictOf(findings: readonly Finding[], anyInput: boolean): Verdict {
	if (!anyInput) return 'no-input';
	if (findings.some((f) => f.severity === 'critical')) return 'incident';
	if (findings.some((f) => f.severity === 'warning')) return 'warning';
	return 'healthy';
}

/** 0 nothing at warning or above, 1 findings, 2 no readable input. */
export function exitCodeOf(verdict: Verdict): 0 | 1 | 2 {
	switch (verdict) {
		case 'incident':
		case 'warning':
			return 1;
		case 'healthy':
			return 0;
		case 'no-input':
			return 2;
		default:
			return verdict satisfies never;
	}
}
