import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readBuiltinRules} from '../../src/cli/builtin-rules.js';
import {compileRules, type RuleIssue} from '../../src/detect/compile-rules.js';
import {findUnsafePattern} from '../../src/detect/pattern-safety.js';
import {runCliInProcess} from '../helpers/run-cli-in-process.js';

const root = path.resolve(import.meta.dirname, '../..');
const exampleRule = path.join(root, 'fixtures/rules/example-user-rule.yaml');
const exampleLog = path.join(root, 'fixtures/rules/example-user-rule.log');
// In this process through runCli: what the commands say, not how a process behaves.
const run = async (args: readonly string[]) => {
	const result = await runCliInProcess(args);
	return {status: result.code, stdout: result.stdout, stderr: result.stderr};
};

const file = 'my-rules.yaml';
const valid = `family: my-rules
signals:
  - id: my-signal
    description: a line that matters
    literals: ['something broke']
    pattern: 'something broke on (?<target>[0-9.]+:[0-9]+)'
    target: target
findings:
  - id: my-finding
    title: Something broke
    severity: warning
    summary: 'It broke ({lines})'
    explanation: Because.
    requires: {signal: my-signal}
    confidence:
      base: 0.6
      adjust:
        - when: {fact: start-known}
          weight: 0.1
          reason: '{fact}'
    evidence:
      - {signal: my-signal}
    actions:
      default: ['Fix it.']
`;

async function issuesOf(text: string): Promise<RuleIssue[]> {
	const builtin = await readBuiltinRules();
	const {issues} = compileRules([...builtin, {name: file, text, origin: 'user'}], {checkPattern: findUnsafePattern});
	return issues;
}

describe('compileRules on a user rule file', () => {
	it('accepts the valid base file, so each mistake below is the only one', async () => {
		expect(await issuesOf(valid)).toEqual([]);
	});

	const mistakes: readonly (readonly [string, string, string, RegExp])[] = [
		['bad YAML', valid.replace("title: Something broke", "title: [Something broke"), 'line 11', /./],
		['an unknown field', valid.replace('    severity: warning', '    severity: warning\n    sevrity: warning'), 'findings[0].sevrity', /unknown field "sevrity"/],
		['a bad regex', valid.replace("pattern: 'something broke on (?<target>[0-9.]+:[0-9]+)'", "pattern: 'something broke on ([0-9.]+'"), 'signals[0].pattern', /Invalid regular expression|Unterminated group/],
		['a catastrophic pattern', valid.replace("pattern: 'something broke on (?<target>[0-9.]+:[0-9]+)'", "pattern: 'something broke on (?<target>(a+)+)'"), 'signals[0].pattern', /backtrack catastrophically/],
		// Issue 13 item 5: these passed and then hung on one hostile line.
		['a bounded nested repetition', valid.replace("pattern: 'something broke on (?<target>[0-9.]+:[0-9]+)'", () => "pattern: 'something broke on (?<target>(a+){1,100})$'"), 'signals[0].pattern', /repeats up to 100 times and contains another unbounded repetition/],
		['polynomial backtracking', valid.replace("pattern: 'something broke on (?<target>[0-9.]+:[0-9]+)'", "pattern: 'something broke on (?<target>a*a*a*a*b)'"), 'signals[0].pattern', /can both match a, so a non-matching line of many of them takes polynomial time \(scslre\)/],
		['wildcards that trade characters', valid.replace("pattern: 'something broke on (?<target>[0-9.]+:[0-9]+)'", () => "pattern: 'something broke on (?<target>.*.*.*=.*x)$'"), 'signals[0].pattern', /polynomial time \(scslre\)/],
		['an unknown signal', valid.replace('requires: {signal: my-signal}', 'requires: {all: [{signal: my-signal}, {not: {signal: my-sigal}}]}'), 'findings[0].requires.all[1].not.signal', /unknown signal "my-sigal"/],
		['an unknown fact', valid.replace('{fact: start-known}', '{fact: started-recently}'), 'findings[0].confidence.adjust[0].when.fact', /unknown fact "started-recently"/],
		['a duplicate finding id', valid.replace('  - id: my-finding', '  - id: clock-skew'), 'findings[0].id', /finding id "clock-skew" is already defined/],
		['a duplicate signal id', valid.replace('  - id: my-signal\n', '  - id: etcd-request-failed\n'), 'signals[0].id', /signal id "etcd-request-failed" is already defined/],
		['a target group the pattern lacks', valid.replace('    target: target', '    target: host'), 'signals[0].target', /no named group \(\?<host>/],
	];

	it.each(mistakes)('%s gives an issue naming the file and the field path', async (_name, text, fieldPath, message) => {
		const issues = await issuesOf(text);
		expect(issues.length).toBeGreaterThan(0);
		expect(issues.every((issue) => issue.file === file)).toBe(true);
		const issue = issues.find((i) => i.path === fieldPath);
		expect(issue, JSON.stringify(issues)).toBeDefined();
		expect(issue?.message).toMatch(message);
	});

	it('leaves a broken user file out but keeps every built-in finding', async () => {
		const builtin = await readBuiltinRules();
		const {rules} = compileRules([...builtin, {name: file, text: valid.replace("(?<target>[0-9.]+:[0-9]+)", '(a+)+'), origin: 'user'}], {checkPattern: findUnsafePattern});
		expect(rules.findings.map((f) => f.id)).not.toContain('my-finding');
		expect(rules.findings.map((f) => f.id)).toContain('control-plane-cert-expired');
	});

	it('refuses a user file whose patterns no checker was given for', () => {
		const {rules, issues} = compileRules([{name: file, text: valid, origin: 'user'}]);
		expect(issues).toEqual([{file, path: 'signals[0].pattern', message: 'cannot be checked for slow backtracking here, so it is not used'}]);
		expect(rules.signals).toEqual([]);
	});
});

describe('the built-in rule files', () => {
	it('compile without issues and ship the whole catalogue', async () => {
		const {rules, issues} = compileRules(await readBuiltinRules());
		expect(issues).toEqual([]);
		const ids = rules.findings.map((f) => f.id);
		for (const id of ['control-plane-cert-expired', 'kubelet-client-cert-expired', 'x509-unknown-authority', 'clock-skew', 'webhook-failure', 'etcd-unavailable', 'etcd-db-space-exceeded', 'aggregated-api-unavailable', 'service-account-token-invalid', 'file-descriptor-exhaustion', 'tls-handshake-noise']) {
			expect(ids).toContain(id);
		}

		for (const finding of rules.findings) {
			const family = rules.files.find((f) => f.name === finding.file)?.family;
			expect(`builtin:${family}.yaml`, finding.id).toBe(finding.file);
		}
	});
});

describe('the example user rule', () => {
	it('compiles alongside the built-in rules', async () => {
		expect(await issuesOf(readFileSync(exampleRule, 'utf8'))).toEqual([]);
	});

	it('produces its finding when loaded with --rules', async () => {
		const result = await run(['--now', '2026-11-28T12:00:00Z', '--year', '2026', '--no-live', '--format', 'json', '--rules', 'fixtures/rules/example-user-rule.yaml', exampleLog]);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(1);
		const report = JSON.parse(result.stdout) as {findings: {id: string; severity: string; summary: string; rule: string}[]};
		const finding = report.findings.find((f) => f.id === 'apiserver-request-timeouts');
		expect(finding?.severity).toBe('warning');
		expect(finding?.summary).toContain('3 lines');
	});

	it('is not used without --rules', async () => {
		const result = await run(['--now', '2026-11-28T12:00:00Z', '--year', '2026', '--no-live', '--format', 'json', exampleLog]);
		const report = JSON.parse(result.stdout) as {findings: {id: string}[]};
		expect(report.findings.map((f) => f.id)).not.toContain('apiserver-request-timeouts');
	});
});

describe('kubesleuth rules', () => {
	it('list prints every built-in finding with its severity and file, and exits 0', async () => {
		const result = await run(['rules', 'list']);
		expect(result.status).toBe(0);
		expect(result.stderr).toBe('');
		expect(result.stdout).toMatch(/^control-plane-cert-expired +critical +builtin +builtin:certificate-expiry\.yaml/m);
		expect(result.stdout).toMatch(/^tls-handshake-noise +info +builtin +builtin:tls-handshake-noise\.yaml/m);
		expect(result.stdout).toMatch(/^clock-skew +warning /m);
		for (const [id, severity, file] of [
			['apiserver-overloaded', 'warning', 'apiserver-overload'],
			['leader-election-lost', 'warning', 'leader-election'],
			['apiserver-oom-killed', 'critical', 'out-of-memory'],
			['process-oom-killed', 'info', 'out-of-memory'],
			['service-account-token-expired', 'warning', 'service-account-tokens'],
		] as const) {
			expect(result.stdout).toMatch(new RegExp(`^${id} +${severity} +builtin +builtin:${file}\\.yaml`, 'm'));
		}
	});

	it('list includes user rules given with --rules', async () => {
		const result = await run(['rules', 'list', '--rules', exampleRule]);
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^apiserver-request-timeouts +warning +user /m);
	});

	it('check accepts a valid file with exit 0', async () => {
		const result = await run(['rules', 'check', exampleRule]);
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('example-user-rule.yaml: ok (1 finding, 3 signals)');
	});

	it('check rejects a broken file with exit 2, naming the file and the field', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-rules-'));
		const broken = path.join(dir, 'broken.yaml');
		writeFileSync(broken, valid.replace('{fact: start-known}', '{fact: started-recently}'));
		const result = await run(['rules', 'check', broken]);
		expect(result.status).toBe(2);
		expect(result.stderr).toContain(`${broken}: findings[0].confidence.adjust[0].when.fact: unknown fact "started-recently"`);
		expect(result.stdout).toBe('');
	});

	it('check exits 2 on a file that does not exist', async () => {
		const result = await run(['rules', 'check', path.join(root, 'fixtures/rules/missing.yaml')]);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/missing\.yaml: cannot read \(ENOENT\)/);
	});
});
