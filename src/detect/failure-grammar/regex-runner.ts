/**
 * Counts of the work one classification did, for tests that check the work stays proportional to the
 * literal occurrences on hostile input (a count, never a time).
 */
export type ClassifyWork = {
	/** Literal occurrences the prefilter reported, and `EOF` occurrences looked at. */
	literalHits: number;
	/** Executions of a sticky or anchored regular expression. */
	regexRuns: number;
};

/** Runs a sticky (`y`) pattern at `index` of `text`, counting the run. */
export type RegexRunner = (pattern: RegExp, text: string, index: number) => RegExpExecArray | null;

/** A runner that counts into `work`. */
export function createRegexRunner(work: ClassifyWork): RegexRunner {
	return (pattern, text, index) => {
		work.regexRuns++;
		pattern.lastIndex = index;
		return pattern.exec(text);
	};
}
