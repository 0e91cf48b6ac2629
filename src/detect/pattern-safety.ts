import {RegExpParser, visitRegExpAST, type AST} from '@eslint-community/regexpp';
import {analyse, type Report} from 'scslre';

// A rule's pattern runs on every line that holds one of its literals, and log lines are written by
// whoever can reach the apiserver: one slow pattern and one hostile line hang the tool. Two checks
// refuse such patterns when the rules are loaded. Both are conservative on purpose: a rule author can
// always rewrite a pattern, and a log line must never be able to hang the tool.

/** A repetition allowed more times than this counts as "many": `{1,100}` can backtrack like `+`. */
const manyTimes = 10;

const parser = new RegExpParser();

const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 39)}…` : text);
const times = (max: number): string => (max === Number.POSITIVE_INFINITY ? 'without bound' : `up to ${max} times`);

/** The largest maximum of the repetitions inside a node (0 when it has none). */
function largestRepetition(node: AST.Node): number {
	let largest = 0;
	visitRegExpAST(node, {
		onQuantifierEnter: (inner) => {
			largest = Math.max(largest, inner.max);
		},
	});
	return largest;
}

/**
 * The shapes scslre does not report: back-references, and a group repeated many times that holds a
 * repetition allowed many times (`(a{1,1000}){1,1000}`) or an alternation (`(a|a)*`).
 */
function findNestedRepetition(pattern: AST.Pattern): string | undefined {
	let problem: string | undefined;
	visitRegExpAST(pattern, {
		onBackreferenceEnter: () => {
			problem ??= 'back-references are not allowed: they can make matching take exponential time';
		},
		onQuantifierEnter: (quantifier) => {
			const group = quantifier.element;
			if (problem !== undefined || quantifier.max <= manyTimes || (group.type !== 'Group' && group.type !== 'CapturingGroup')) return;
			const inner = Math.max(...group.alternatives.map(largestRepetition));
			const what = inner === Number.POSITIVE_INFINITY ? 'another unbounded repetition' : inner > manyTimes ? `another repetition allowed ${inner} times` : group.alternatives.length > 1 ? 'an alternation' : undefined;
			if (what !== undefined) {
				problem = `the group at offset ${group.start} repeats ${times(quantifier.max)} and contains ${what}, which can backtrack catastrophically; make the inner part possessive-like with a character class or bound the repetition`;
			}
		},
	});
	return problem;
}

function describeReport(report: Report): string {
	const cost = report.exponential ? 'exponential' : 'polynomial';
	const character = report.character.literal.source;
	switch (report.type) {
		case 'Self':
			return `the repetition "${shorten(report.quant.raw)}" at offset ${report.quant.start} can match the same text in several ways inside the repetition around it, so a non-matching line of many ${character} takes ${cost} time (scslre); let the inner part not match what follows it`;
		case 'Trade':
			return `the repetitions "${shorten(report.startQuant.raw)}" at offset ${report.startQuant.start} and "${shorten(report.endQuant.raw)}" at offset ${report.endQuant.start} can both match ${character}, so a non-matching line of many of them takes ${cost} time (scslre); make the second start with a character the first cannot match`;
		case 'Move':
			return `the repetition "${shorten(report.quant.raw)}" at offset ${report.quant.start} is retried from every position of a line of many ${character} (scslre)`;
		default:
			return report satisfies never;
	}
}

/**
 * Why a rule's regular expression (compiled without flags, as rules are) could take super-linear time on
 * a hostile line, or undefined when it cannot. It runs the static checker scslre for backtracking between
 * repetitions (`a*a*b`, `.*.*=.*x$`, `(a+){1,100}$`), and refuses back-references and many-times
 * repetitions nested in each other. The quadratic cost of retrying a pattern from every start position
 * (scslre's "Move") is not refused: every pattern has it, and the search runs only where a literal was found.
 */
export function findUnsafePattern(pattern: string): string | undefined {
	let parsed: AST.Pattern;
	try {
		parsed = parser.parsePattern(pattern, 0, pattern.length, {unicode: false, unicodeSets: false});
	} catch (error) {
		return `cannot be checked for slow backtracking: ${error instanceof Error ? error.message : String(error)}`;
	}

	const nested = findNestedRepetition(parsed);
	if (nested !== undefined) return nested;
	const [report] = analyse({pattern: parsed, flags: parser.parseFlags('')}, {maxReports: 1, reportTypes: {Move: false}}).reports;
	return report === undefined ? undefined : describeReport(report);
}
