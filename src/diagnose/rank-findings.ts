import type {Finding} from './finding.js';

/** Below this confidence a finding is a weak guess: it ranks after every finding the diagnosis stands behind. */
export const firmConfidence = 0.5;

const severityRank = {critical: 0, warning: 1, info: 2} as const;

/**
 * The order of findings in a report: firm ones (confidence >= 0.5) before weak guesses, then by severity,
 * then by confidence and by how many lines they stand on. A critical guess at 0.3 does not outrank a
 * warning the evidence supports at 0.7.
 */
export function compareFindings(a: Finding, b: Finding): number {
	const firm = Number(b.confidence >= firmConfidence) - Number(a.confidence >= firmConfidence);
	return firm || severityRank[a.severity] - severityRank[b.severity] || b.confidence - a.confidence || b.count - a.count;
}
