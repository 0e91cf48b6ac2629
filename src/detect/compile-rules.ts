// Rule texts to compiled rules: parse (yaml), validate (zod, src/detect/rule-schema.ts), then link
// (src/detect/link-rules.ts). Both libraries cost start-up time, so the built-in rules go through the first two
// steps at build time (src/cli/build-rule-artefact.ts) and this module is loaded only for user rule files,
// `rules list` and `rules check`.
import {parse as parseYaml, YAMLParseError} from 'yaml';
import type {z} from 'zod';
import {linkRules, type CompileOptions, type CompileResult, type RuleFileEntry, type RuleIssue, type RuleText} from './link-rules.js';
import {ruleFileSchema} from './rule-schema.js';

export type {
	CompileOptions,
	CompileResult,
	CompiledEventFilter,
	CompiledFinding,
	CompiledRules,
	CompiledSignal,
	PatternCheck,
	RuleFileEntry,
	RuleIssue,
	RuleOrigin,
	RuleText,
	SignalMatcher,
	ValidatedRuleFile,
} from './link-rules.js';

function formatPath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const key of path) {
		out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
	}

	return out === '' ? '(top level)' : out;
}

function zodIssues(file: string, error: z.ZodError): RuleIssue[] {
	return error.issues.flatMap((issue) =>
		// An unknown key is named in the path itself, so a typo points at the exact field.
		issue.code === 'unrecognized_keys'
			? issue.keys.map((key) => ({file, path: formatPath([...issue.path, key]), message: `unknown field "${key}"`}))
			: [{file, path: formatPath(issue.path), message: issue.message}],
	);
}

/** Parses and validates one rule file: its data as the schema gives it back (defaults filled in), or its problems. */
export function validateRuleText({name, text, origin}: RuleText): RuleFileEntry {
	let data: unknown;
	try {
		data = parseYaml(text, {prettyErrors: true});
	} catch (error) {
		const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : '(file)';
		return {name, issues: [{file: name, path: where, message: error instanceof Error ? error.message.split('\n')[0]! : String(error)}]};
	}

	const parsed = ruleFileSchema.safeParse(data);
	return parsed.success ? {name, origin, data: parsed.data} : {name, issues: zodIssues(name, parsed.error)};
}

/** Parses, validates and compiles rule files; a broken file is left out and its problems are returned. */
export function compileRules(texts: readonly RuleText[], options: CompileOptions = {}): CompileResult {
	return linkRules(texts.map(validateRuleText), options);
}
