import {expect} from 'vitest';
import {Readable} from 'node:stream';
import {loadRules} from '../../src/cli/load-rules.js';
import {compileRules} from '../../src/detect/compile-rules.js';
import {findUnsafePattern} from '../../src/detect/pattern-safety.js';
import {textChunk} from '../../src/source/source-chunk.js';
import {feedSources, type Input} from '../../src/cli/feed-sources.js';
import type {Report} from '../../src/diagnose/report.js';
import {createDiagnosisSession, type SessionOptions} from '../../src/pipeline/diagnosis-session.js';

export type DiagnoseTestOptions = Partial<Omit<SessionOptions, 'rules' | 'now'>> & {readonly now?: string; readonly stdin?: string | Buffer; readonly readSize?: number};

/** Runs the real source layer and pipeline on paths (and optional stdin text), as the CLI does. */
export async function diagnosePaths(paths: readonly string[], options: DiagnoseTestOptions = {}): Promise<Report> {
	const {rules, issues} = await loadRules([]);
	if (issues.length > 0) throw new Error(`built-in rules do not compile: ${JSON.stringify(issues)}`);
	const session = createDiagnosisSession({...options, rules, now: Date.parse(options.now ?? '2026-11-28T12:00:00Z'), timeZone: options.timeZone ?? 'utc'});
	const inputs: Input[] = [];
	if (options.stdin !== undefined) inputs.push({type: 'stdin'});
	if (paths.length > 0) inputs.push({type: 'paths', paths, local: false});
	await feedSources(session, inputs, {maxLineBytes: options.maxLineLength ?? 64 * 1024, stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]), readSize: options.readSize});
	return session.report();
}

export function findingIds(report: Report): string[] {
	return report.findings.map((f) => f.id);
}

/** Diagnoses `lines` (year 2026, UTC) with one user rule file alone, which must compile without issues. */
export async function diagnoseWithRule(name: string, ruleText: string, lines: readonly string[]): Promise<Report> {
	const compiled = compileRules([{name, text: ruleText, origin: 'user'}], {checkPattern: findUnsafePattern});
	expect(compiled.issues).toEqual([]);
	const session = createDiagnosisSession({rules: compiled.rules, now: Date.parse('2026-11-28T12:00:00Z'), timeZone: 'utc', year: 2026});
	await session.scan({name: 'test.log', kind: 'file', local: false}, (async function* () {
		yield textChunk(lines.join('\n') + '\n');
	})());
	return session.report();
}
