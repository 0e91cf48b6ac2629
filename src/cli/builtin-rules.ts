import {readdir, readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import type {RuleText} from '../detect/compile-rules.js';

declare global {
	// Set by the single-executable build, which carries the rule files inside the binary.
	// eslint-disable-next-line no-var
	var kubesleuthBuiltinRules: readonly {name: string; text: string}[] | undefined;
}

/** The rule files shipped with kubesleuth (src/detect/rules/*.yaml, copied to dist by the build). */
export async function readBuiltinRules(): Promise<RuleText[]> {
	if (globalThis.kubesleuthBuiltinRules !== undefined) {
		return globalThis.kubesleuthBuiltinRules.map((rule) => ({...rule, origin: 'builtin' as const}));
	}

	const dir = fileURLToPath(new URL('../detect/rules/', import.meta.url));
	const names = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
	return Promise.all(names.map(async (name) => ({name: `builtin:${name}`, text: await readFile(`${dir}${name}`, 'utf8'), origin: 'builtin' as const})));
}
