// The artefact `npm run build` writes (dist/detect/rules/builtin-rules.json) against the YAML compiled here:
// start-up reads only the artefact, so a stale one, or one that lost anything on its way through JSON, would
// change diagnoses without a word. It needs a fresh `npm run build` (npm test does that first).
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildRuleArtefact, checkRuleArtefact} from '../../src/cli/build-rule-artefact.js';
import {readBuiltinRules, ruleArtefactFile} from '../../src/cli/builtin-rules.js';
import {loadRules} from '../../src/cli/load-rules.js';
import {parseRuleArtefact, validatedFiles, withSignalSources, type RuleArtefact} from '../../src/cli/rule-artefact.js';
import {compileRules, type CompileResult} from '../../src/detect/compile-rules.js';
import {linkRules} from '../../src/detect/link-rules.js';

const root = path.resolve(import.meta.dirname, '../..');
const artefactPath = path.join(root, 'dist', 'detect', 'rules', ruleArtefactFile);
const built = (): RuleArtefact => parseRuleArtefact(readFileSync(artefactPath, 'utf8'), artefactPath);

/**
 * Compiled rules as plain data that toStrictEqual can compare: sets, maps and regular expressions spelled out
 * (in their order), functions by name; an undefined field stays, so a field lost or added shows.
 */
function normalised(value: unknown): unknown {
	if (value instanceof RegExp) return {regexp: value.source, flags: value.flags};
	if (value instanceof Set) return {set: [...value].map(normalised)};
	if (value instanceof Map) return {map: [...value].map(([key, entry]) => [normalised(key), normalised(entry)])};
	if (ArrayBuffer.isView(value)) return {bytes: [...(value as Uint8Array)]};
	if (Array.isArray(value)) return value.map(normalised);
	if (typeof value === 'function') return `function ${value.name}`;
	if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, normalised(entry)]));
	return value;
}

/** What the pre-filter finds on a line holding every literal once: its tables at work, not only its list. */
function prefilterHits(result: CompileResult): unknown {
	const line = result.rules.prefilter.literals.join(' | ');
	const hits: [number, number][] = [];
	result.rules.prefilter.scan(line, (offset, literal) => hits.push([offset, literal]));
	const byteHits: [number, number][] = [];
	result.rules.prefilter.scanBytes(Buffer.from(line), (offset, literal) => byteHits.push([offset, literal]));
	return {hits, byteHits};
}

function expectSameRules(fromArtefact: CompileResult, fromYaml: CompileResult): void {
	expect(fromYaml.issues).toEqual([]);
	expect(fromArtefact.issues).toEqual([]);
	expect(normalised(fromArtefact.rules)).toStrictEqual(normalised(fromYaml.rules));
	expect(prefilterHits(fromArtefact)).toStrictEqual(prefilterHits(fromYaml));
}

describe('the built-in rule artefact', () => {
	it('is what the rule files compile to now (a stale build fails here: run npm run build)', async () => {
		const {artefact, issues} = buildRuleArtefact(await readBuiltinRules());
		expect(issues).toEqual([]);
		expect(built()).toStrictEqual(artefact);
	});

	it('links to exactly the rules that compiling the YAML gives, after its way through JSON', async () => {
		const texts = await readBuiltinRules();
		expectSameRules(linkRules(validatedFiles(built().files)), compileRules(texts));
	});

	it('gives each --only family the same rules as compiling that family and those it stands on from YAML', async () => {
		const texts = await readBuiltinRules();
		const artefact = built();
		for (const {family} of artefact.files) {
			const chosen = withSignalSources(artefact.files, [family]);
			expect(chosen.map((file) => file.family), family).toContain(family);
			const chosenTexts = texts.filter((text) => chosen.some((file) => file.name === text.name));
			expect(chosenTexts.length).toBe(chosen.length);
			expectSameRules(linkRules(validatedFiles(chosen)), compileRules(chosenTexts));
		}
	});

	it('is linked by loadRules with user rules as compiling all the YAML does', async () => {
		const texts = await readBuiltinRules();
		const example = path.join(root, 'fixtures/rules/example-user-rule.yaml');
		const user = {name: example, text: readFileSync(example, 'utf8'), origin: 'user' as const};
		const {findUnsafePattern} = await import('../../src/detect/pattern-safety.js');
		const loaded = await loadRules([example]);
		expect(loaded.problems).toEqual([]);
		expectSameRules(loaded, compileRules([...texts, user], {checkPattern: findUnsafePattern}));
	});

	it('passes the build\'s own checks', () => {
		expect(checkRuleArtefact(built())).toEqual([]);
	});

	it('names what --only brings along: the families whose signals a file names', () => {
		const loopback = built().files.find((file) => file.family === 'loopback-certificate');
		expect(loopback?.needs).toEqual(['apiserver-context', 'failure-events']);
	});
});

describe('checkRuleArtefact', () => {
	it('finds a family that cannot stand alone with --only, and data that JSON would change', async () => {
		const {artefact} = buildRuleArtefact(await readBuiltinRules());
		const loopback = artefact.files.find((file) => file.family === 'loopback-certificate')!;
		// A file that forgets what it needs: with --only its conditions name signals no chosen file defines.
		const forgetful = {...artefact, files: artefact.files.map((file) => (file === loopback ? {...file, needs: []} : file))};
		const issues = checkRuleArtefact(forgetful);
		expect(issues.length).toBeGreaterThan(0);
		expect(issues.every((issue) => issue.file === loopback.name && issue.message.endsWith('(with --only loopback-certificate)'))).toBe(true);
		expect(issues.some((issue) => /unknown signal/.test(issue.message))).toBe(true);

		const lossy = {...artefact, files: artefact.files.map((file) => (file === loopback ? {...file, data: {...file.data, family: file.data.family, extra: undefined}} : file))};
		expect(checkRuleArtefact(lossy)).toContainEqual({file: loopback.name, path: '(file)', message: 'does not survive JSON unchanged'});
	});
});
