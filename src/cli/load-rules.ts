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

	const builtin = onlyFamilies === undefined ? all : withSignalSources(all, onlyFamilies, familyOf);
	const user = await readUserRules(userPaths);
	const texts = [...builtin, ...user.texts];
	return {...compileRules(texts, {checkPattern: await userPatternCheck(texts)}), problems: [...problems, ...user.problems]};
}

/**
 * The named families and, transitively, the families that define the signals their conditions name: a family
 * may stand on another's signals (the failure events are shared by most). Read from the texts' shape (signals
 * listed before `findings:`, conditions as `{signal: id}`), which every built-in file follows.
 */
function withSignalSources(all: readonly RuleText[], families: readonly string[], familyOf: (name: string) => string): RuleText[] {
	const definedIn = new Map<string, string>();
	for (const rule of all) {
		const cut = rule.text.search(/^findings:/m);
		const signalsPart = cut === -1 ? rule.text : rule.text.slice(0, cut);
		for (const m of signalsPart.matchAll(/^ {2}- id: ([a-z][a-z0-9-]*)$/gm)) definedIn.set(m[1]!, familyOf(rule.name));
	}

	const chosen = new Set(families);
	for (let grew = true; grew;) {
		grew = false;
		for (const rule of all) {
			if (!chosen.has(familyOf(rule.name))) continue;
			for (const m of rule.text.matchAll(/signal: ([a-z][a-z0-9-]*)/g)) {
				const family = definedIn.get(m[1]!);
				if (family !== undefined && !chosen.has(family)) {
					chosen.add(family);
					grew = true;
				}
			}
		}
	}

	return all.filter((rule) => chosen.has(familyOf(rule.name)));
}
