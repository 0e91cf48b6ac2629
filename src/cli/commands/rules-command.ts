import type {CompileResult} from '../../detect/link-rules.js';
import {readBuiltinRuleArtefact} from '../builtin-rules.js';
import {linkWithUserRules, readUserRules} from '../load-rules.js';
import {writeError} from '../error-output.js';

type Io = {readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream};

const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** Every built-in rule file and the user's, linked; the issues of built-in files come first. */
async function withBuiltinRules(userTexts: Parameters<typeof linkWithUserRules>[1]): Promise<CompileResult> {
	const builtin = await readBuiltinRuleArtefact();
	const linked = await linkWithUserRules(builtin.artefact.files, userTexts);
	return {...linked, issues: [...builtin.issues, ...linked.issues]};
}

/** `kubesleuth rules list`: every finding and signal with id, severity and source file. */
export async function runRulesList(userPaths: readonly string[], io: Io): Promise<number> {
	const user = await readUserRules(userPaths);
	const {rules, issues} = await withBuiltinRules(user.texts);
	const rows = rules.findings.map((f) => [f.id, f.severity, f.origin, f.file, f.title]);
	const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['ID', 'SEVERITY', 'ORIGIN', 'FILE'][i]!.length));
	const line = (cells: readonly string[]) => cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd();
	io.stdout.write(line(['ID', 'SEVERITY', 'ORIGIN', 'FILE', 'TITLE']) + '\n');
	for (const row of rows) io.stdout.write(line(row) + '\n');
	io.stdout.write(`\n${plural(rules.findings.length, 'finding')}, ${plural(rules.signals.length, 'signal')} from ${plural(rules.files.length, 'file')}.\n`);
	for (const problem of user.problems) writeError(io.stderr, problem);
	for (const issue of issues) writeError(io.stderr, `${issue.file}: ${issue.path}: ${issue.message}`);
	return user.problems.length > 0 || issues.length > 0 ? 2 : 0;
}

/** `kubesleuth rules check FILE...`: validates rule files (with the built-in ones they may refer to). */
export async function runRulesCheck(paths: readonly string[], io: Io): Promise<number> {
	const user = await readUserRules(paths);
	for (const problem of user.problems) writeError(io.stderr, problem);
	const {rules, issues} = await withBuiltinRules(user.texts);
	const mine = issues.filter((issue) => user.texts.some((t) => t.name === issue.file));
	for (const issue of mine) writeError(io.stderr, `${issue.file}: ${issue.path}: ${issue.message}`);
	if (user.problems.length > 0 || mine.length > 0) return 2;
	for (const text of user.texts) {
		const findings = rules.findings.filter((f) => f.file === text.name).length;
		const signals = rules.signals.filter((s) => s.file === text.name).length;
		io.stdout.write(`${text.name}: ok (${plural(findings, 'finding')}, ${plural(signals, 'signal')})\n`);
	}

	return 0;
}
