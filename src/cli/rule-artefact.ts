// The built-in rules as the build leaves them (dist/detect/rules/builtin-rules.json, made by
// src/cli/build-rule-artefact.ts from src/detect/rules/*.yaml): every file parsed and validated, so start-up
// reads JSON and loads neither yaml nor zod. What is left to do at start-up is what JSON cannot carry
// (regular expressions, sets, the pre-filter's tables) and what depends on the files chosen (--only, --rules):
// src/detect/link-rules.ts does both.
import type {RuleFileConfig} from '../detect/rule-schema.js';
import type {ValidatedRuleFile} from '../detect/link-rules.js';

/** Changes whenever the artefact's shape does, so a dist built by an older kubesleuth is refused, not misread. */
export const ruleArtefactFormat = 1;

/** One built-in rule file, validated. */
export type ArtefactFile = {
	/** As readBuiltinRules names it: `builtin:<file>.yaml`. */
	readonly name: string;
	readonly family: string;
	/** The other families whose signals this file names (its conditions, its self-address evidence): what --only brings along. */
	readonly needs: readonly string[];
	/** The file as the schema gives it back, defaults filled in. */
	readonly data: RuleFileConfig;
};

export type RuleArtefact = {readonly format: number; readonly files: readonly ArtefactFile[]};

/** The artefact read back from its JSON; an artefact of another format is an error that names the fix. */
export function parseRuleArtefact(text: string, where: string): RuleArtefact {
	const artefact = JSON.parse(text) as RuleArtefact;
	if (artefact.format !== ruleArtefactFormat || !Array.isArray(artefact.files)) {
		throw new Error(`${where} is not a rule artefact of format ${ruleArtefactFormat}: run npm run build`);
	}

	return artefact;
}

/** The files as linkRules takes them. */
export function validatedFiles(files: readonly ArtefactFile[]): ValidatedRuleFile[] {
	return files.map((file) => ({name: file.name, origin: 'builtin', data: file.data}));
}

/** The named families and, transitively, the families whose signals they stand on (the failure events are shared by most). */
export function withSignalSources(files: readonly ArtefactFile[], families: readonly string[]): ArtefactFile[] {
	const byFamily = new Map(files.map((file) => [file.family, file]));
	const chosen = new Set<string>();
	const visit = (family: string): void => {
		const file = byFamily.get(family);
		if (file === undefined || chosen.has(family)) return;
		chosen.add(family);
		for (const needed of file.needs) visit(needed);
	};

	for (const family of families) visit(family);
	return files.filter((file) => chosen.has(file.family));
}
