import {readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {compileRules, type CompileResult, type PatternCheck, type RuleText} from '../detect/compile-rules.js';
import {readBuiltinRules} from './builtin-rules.js';

/** Reads the user's rule files: each path is a .yaml/.yml/.json file or a directory of them. */
export async function readUserRules(paths: readonly string[]): Promise<{texts: RuleText[]; problems: string[]}> {
	const texts: RuleText[] = [];
	const problems: string[] = [];
	for (const given of paths) {
		try {
			const info = await stat(given);
			const files = info.isDirectory()
				? (await readdir(given)).filter((name) => /\.(?:ya?ml|json)$/.test(name)).sort().map((name) => path.join(given, name))
				: [given];
			if (files.length === 0) problems.push(`${given}: no .yaml, .yml or .json rule files in this directory`);
			for (const file of files) texts.push({name: file, text: await readFile(file, 'utf8'), origin: 'user'});
		} catch (error) {
			problems.push(`${given}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
		}
	}

	return {texts, problems};
}

/** The check for user patterns, loaded only when there are user rules (it adds to every start-up otherwise). */
export async function userPatternCheck(texts: readonly RuleText[]): Promise<PatternCheck | undefined> {
	return texts.some((text) => text.origin === 'user') ? (await import('../detect/pattern-safety.js')).findUnsafePattern : undefined;
}

/** Built-in rules (all, or only the named families) plus the user's, compiled. */
export async function loadRules(userPaths: readonly string[], onlyFamilies?: readonly string[]): Promise<CompileResult & {problems: string[]}> {
	const all = await readBuiltinRules();
	const familyOf = (name: string): string => name.replace(/^builtin:/, '').replace(/\.ya?ml$/, '');
	const problems: string[] = [];
	for (const family of onlyFamilies ?? []) {
		if (!all.some((rule) => familyOf(rule.name) === family)) problems.push(`--only: no built-in rule family "${family}" (kubesleuth rules list shows them)`);
	}

	const builtin = onlyFamilies === undefined ? all : all.filter((rule) => onlyFamilies.includes(familyOf(rule.name)));
	const user = await readUserRules(userPaths);
	const texts = [...builtin, ...user.texts];
	return {...compileRules(texts, {checkPattern: await userPatternCheck(texts)}), problems: [...problems, ...user.problems]};
}
