import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {diagnosePaths} from '../helpers/diagnose-paths.js';
// A plain ES module shared with `npm run eval`.
import {judge} from './judge.mjs';

type Excerpt = {readonly label: string; readonly file: string; readonly right_findings: readonly string[]; readonly source: string};

const dir = path.resolve(import.meta.dirname, '../../fixtures/realworld');
const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as Excerpt[];

// The real excerpts are a sample of what kubesleuth is judged on: every one must get its right top finding,
// and none that holds a failure may be called healthy.
describe('the real excerpts (npm run eval)', () => {
	it.each(index.map((e) => [e.file, e] as const))('%s', async (_file, excerpt) => {
		const report = await diagnosePaths([path.join(dir, excerpt.file)]);
		const result = judge(excerpt, report);
		expect(result.silent, `${excerpt.file} is silent: ${result.top}`).toBe(false);
		expect(result.right, `${excerpt.file}: expected ${result.expected}, top ${result.top}`).toBe(true);
	});
});
