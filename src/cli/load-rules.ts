import {readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {linkRules, type CompileResult, type PatternCheck, type RuleText} from '../detect/link-rules.js';
import {readBuiltinRuleArtefact} from './builtin-rules.js';
import {validatedFiles, withSignalSources, type ArtefactFile} from './rule-artefact.js';

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

/**
 * Built-in and user rules linked together; the user's texts are parsed and validated first, which loads yaml
 * and zod (the built-in rules come validated, so without user rules neither is loaded).
 */
export async function linkWithUserRules(builtin: readonly ArtefactFile[], userTexts: readonly RuleText[]): Promise<CompileResult> {
	if (userTexts.length === 0) return linkRules(validatedFiles(builtin));
	const {validateRuleText} = await import('../detect/compile-rules.js');
	return linkRules([...validatedFiles(builtin), ...userTexts.map(validateRuleText)], {checkPattern: await userPatternCheck(userTexts)});
}

/** Built-in rules (all, or only the named families, with the families they stand on) plus the user's, compiled. */
export async function loadRules(userPaths: readonly string[], onlyFamilies?: readonly string[]): Promise<CompileResult & {problems: string[]}> {
	const [{artefact, issues}, user] = await Promise.all([readBuiltinRuleArtefact(), readUserRules(userPaths)]);
	const problems: string[] = [];
	for (const family of onlyFamilies ?? []) {
		if (!artefact.files.some((file) => file.family === family)) problems.push(`--only: no built-in rule family "${family}" (kubesleuth rules list shows them)`);
	}

	const builtin = onlyFamilies === undefined ? artefact.files : withSignalSources(artefact.files, onlyFamilies);
	const linked = await linkWithUserRules(builtin, user.texts);
	return {...linked, issues: [...issues, ...linked.issues], problems: [...problems, ...user.problems]};
}
