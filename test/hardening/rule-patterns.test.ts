import {describe, expect, it} from 'vitest';
import {readBuiltinRules} from '../../src/cli/builtin-rules.js';
import {compileRules} from '../../src/detect/compile-rules.js';
import {findUnsafePattern} from '../../src/detect/pattern-safety.js';
import {makeTempDir, runCli} from './cli-process.js';
import {runCliInProcess} from '../helpers/run-cli-in-process.js';
import {writeFileSync} from 'node:fs';
import {parse} from 'yaml';

const hostileRule = `family: mine
signals:
  - id: slow-one
    description: a pattern that backtracks exponentially on a line of "a"s with no match
    literals: ['aaaaaaaaaaaaaaaa']
    pattern: '(a+)+$x'
`;

describe('regular expressions in rules', () => {
	it('kubesleuth rules check rejects a catastrophic pattern, naming the file and the field', async () => {
		const dir = makeTempDir('rules');
		try {
			const file = dir.file('mine.yaml');
			writeFileSync(file, hostileRule);
			const result = await runCli(['rules', 'check', file]);
			expect(result.code).toBe(2);
			expect(result.stdout.toString('utf8')).toBe('');
			expect(result.stderr).toMatch(new RegExp(`^kubesleuth: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: signals\\[0\\]\\.pattern: the group at offset 0 repeats without bound and contains another unbounded repetition`));
			// The same file given to a diagnosis is refused before any log is read.
			const diagnose = await runCli(['--no-live', '--format', 'text', '--rules', file, 'fixtures/demo']);
			expect(diagnose.code).toBe(2);
			expect(diagnose.stderr).toContain(`${file}: signals[0].pattern: the group at offset 0`);
		} finally {
			dir.remove();
		}
	});

	it.each(['(a+){1,100}$', 'a*a*a*a*b', '.*.*.*=.*x$'])('kubesleuth rules check and --rules refuse %s, which passed before and then hung', async (pattern) => {
		const dir = makeTempDir('slow-rule');
		try {
			const file = dir.file('slow.yaml');
			writeFileSync(file, hostileRule.replace("pattern: '(a+)+$x'", () => `pattern: '${pattern}'`));
			const check = await runCliInProcess(['rules', 'check', file]);
			expect(check.code).toBe(2);
			expect(check.stdout).toBe('');
			expect(check.stderr).toMatch(new RegExp(`^kubesleuth: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: signals\\[0\\]\\.pattern: .*(?:backtrack catastrophically|polynomial time|exponential time)`));
			const diagnose = await runCliInProcess(['--no-live', '--format', 'text', '--rules', file, 'fixtures/demo']);
			expect(diagnose.code).toBe(2);
			expect(diagnose.stderr).toContain(`${file}: signals[0].pattern: `);
		} finally {
			dir.remove();
		}
	});

	it('every built-in rule compiles with no issue and every pattern passes the safety check', async () => {
		const builtin = await readBuiltinRules();
		expect(builtin.length).toBeGreaterThan(5);
		const {rules, issues} = compileRules(builtin);
		expect(issues).toEqual([]);
		expect(rules.signals.length).toBeGreaterThan(10);
		for (const text of builtin) {
			const document = parse(text.text) as {signals?: {id: string; pattern?: string}[]};
			// Event signals have no pattern: the failure grammar reads their lines (its own hostile-input tests bound it).
			for (const signal of document.signals ?? []) {
				if (signal.pattern !== undefined) expect([text.name, signal.id, findUnsafePattern(signal.pattern)]).toEqual([text.name, signal.id, undefined]);
			}
		}
	});

});
