import {describe, expect, it} from 'vitest';
import {readBuiltinRules} from '../../src/cli/builtin-rules.js';
import {compileRules} from '../../src/detect/compile-rules.js';
import {findUnsafePattern} from '../../src/detect/pattern-safety.js';
import {makeTempDir, runCli} from './cli-process.js';
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

	it('every built-in rule compiles with no issue and every pattern passes the safety check', async () => {
		const builtin = await readBuiltinRules();
		expect(builtin.length).toBeGreaterThan(5);
		const {rules, issues} = compileRules(builtin);
		expect(issues).toEqual([]);
		expect(rules.signals.length).toBeGreaterThan(10);
		for (const text of builtin) {
			const document = parse(text.text) as {signals?: {id: string; pattern: string}[]};
			for (const signal of document.signals ?? []) expect([text.name, signal.id, findUnsafePattern(signal.pattern)]).toEqual([text.name, signal.id, undefined]);
		}
	});

});
