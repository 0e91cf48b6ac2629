// Build step (src/cli/copy-assets.ts) and tests: the built-in rule texts parsed and validated once, into the
// artefact start-up reads (src/cli/rule-artefact.ts). Loads yaml and zod, so nothing on the way to a
// diagnosis imports this module.
import {isDeepStrictEqual} from 'node:util';
import {validateRuleText} from '../detect/compile-rules.js';
import {linkRules, signalsNamedBy, type RuleIssue, type RuleText} from '../detect/link-rules.js';
import {ruleArtefactFormat, validatedFiles, withSignalSources, type ArtefactFile, type RuleArtefact} from './rule-artefact.js';

/** The artefact of the given rule texts; a file that does not parse or validate is left out and its issues returned. */
export function buildRuleArtefact(texts: readonly RuleText[]): {artefact: RuleArtefact; issues: RuleIssue[]} {
	const issues: RuleIssue[] = [];
	const valid: {name: string; data: ArtefactFile['data']}[] = [];
	for (const text of texts) {
		const entry = validateRuleText(text);
		if ('issues' in entry) issues.push(...entry.issues);
		else valid.push(entry);
	}

	const definedIn = new Map<string, string>();
	for (const {data} of valid) {
		for (const signal of data.signals) if (!definedIn.has(signal.id)) definedIn.set(signal.id, data.family);
	}

	const files = valid.map(({name, data}): ArtefactFile => {
		const needs = new Set<string>();
		for (const id of signalsNamedBy(data)) {
			const family = definedIn.get(id);
			if (family !== undefined && family !== data.family) needs.add(family);
		}

		return {name, family: data.family, needs: [...needs].sort(), data};
	});
	return {artefact: {format: ruleArtefactFormat, files}, issues};
}

/**
 * What the build checks before it writes the artefact: it survives JSON unchanged (no undefined, no value
 * JSON cannot hold), and the whole catalogue, and each family chosen alone with --only, link without an issue
 * (start-up then has nothing to report about the built-in rules).
 */
export function checkRuleArtefact(artefact: RuleArtefact): RuleIssue[] {
	const issues: RuleIssue[] = [];
	for (const file of artefact.files) {
		if (!isDeepStrictEqual(JSON.parse(JSON.stringify(file)), file)) issues.push({file: file.name, path: '(file)', message: 'does not survive JSON unchanged'});
		if (file.name !== `builtin:${file.family}.yaml`) issues.push({file: file.name, path: 'family', message: `a built-in file is named after its family: ${file.family}.yaml`});
	}

	issues.push(...linkRules(validatedFiles(artefact.files)).issues);
	for (const {family} of artefact.files) {
		const alone = linkRules(validatedFiles(withSignalSources(artefact.files, [family])));
		issues.push(...alone.issues.map((issue) => ({...issue, message: `${issue.message} (with --only ${family})`})));
	}

	return issues;
}
