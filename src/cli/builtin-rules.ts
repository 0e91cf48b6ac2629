import {readdir, readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import type {RuleIssue, RuleText} from '../detect/link-rules.js';
import {cliDirectory} from './cli-directory.js';
import {parseRuleArtefact, type RuleArtefact} from './rule-artefact.js';

declare global {
	// Set by the single-executable build, which carries the built-in rules inside the binary, validated.
	// eslint-disable-next-line no-var
	var kubesleuthBuiltinRuleArtefact: RuleArtefact | undefined;
}

/** Where `npm run build` (src/cli/copy-assets.ts) writes the artefact, next to the rule files it copies. */
export const ruleArtefactFile = 'builtin-rules.json';
const rulesDir = new URL('../detect/rules/', cliDirectory);

/** The rule files shipped with kubesleuth (src/detect/rules/*.yaml, copied to dist by the build), as text. */
export async function readBuiltinRules(): Promise<RuleText[]> {
	const dir = fileURLToPath(rulesDir);
	const names = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
	return Promise.all(names.map(async (name) => ({name: `builtin:${name}`, text: await readFile(`${dir}${name}`, 'utf8'), origin: 'builtin' as const})));
}

/**
 * The built-in rules, validated: the artefact the build wrote (or the one inside the single executable).
 * Run from the TypeScript sources (the tests), there is no build, so the rule files are compiled here, with
 * yaml and zod; a file that does not validate is then left out and its issues returned.
 */
export async function readBuiltinRuleArtefact(): Promise<{artefact: RuleArtefact; issues: readonly RuleIssue[]}> {
	if (globalThis.kubesleuthBuiltinRuleArtefact !== undefined) return {artefact: globalThis.kubesleuthBuiltinRuleArtefact, issues: []};
	if (import.meta.url.endsWith('.ts')) {
		const {buildRuleArtefact} = await import('./build-rule-artefact.js');
		return buildRuleArtefact(await readBuiltinRules());
	}

	const file = fileURLToPath(new URL(ruleArtefactFile, rulesDir));
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new Error(`cannot read the built-in rules, ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): run npm run build`);
	}

	return {artefact: parseRuleArtefact(text, file), issues: []};
}
