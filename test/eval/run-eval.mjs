// npm run eval: diagnoses every real excerpt in fixtures/realworld (copied unchanged from shared/realworld)
// and prints, per excerpt, the top finding against its right_findings, then a per-label table and the
// totals. These excerpts are a sample of the kinds kubesleuth is judged on, not the exam.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {Readable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {loadRules} from '../../dist/cli/load-rules.js';
import {feedSources} from '../../dist/cli/feed-sources.js';
import {createDiagnosisSession} from '../../dist/pipeline/diagnosis-session.js';
import {judge, summarise} from './judge.mjs';

const dir = fileURLToPath(new URL('../../fixtures/realworld/', import.meta.url));
const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
const {rules, issues} = await loadRules([]);
if (issues.length > 0) {
	process.stderr.write(`kubesleuth: built-in rules do not compile: ${JSON.stringify(issues)}\n`);
	process.exit(2);
}

const verbose = process.argv.includes('--verbose');
const results = [];
for (const excerpt of index) {
	const session = createDiagnosisSession({rules, now: Date.now(), timeZone: 'utc'});
	await feedSources(session, [{type: 'paths', paths: [path.join(dir, excerpt.file)], local: false}], {maxLineBytes: 64 * 1024, stdin: Readable.from([])});
	const report = session.report();
	const result = judge(excerpt, report);
	results.push(result);
	const mark = result.right ? 'ok  ' : result.silent ? 'SILENT' : 'MISS';
	process.stdout.write(`${mark.padEnd(6)} ${excerpt.file}\n       expected ${result.expected}; top ${result.top} (${result.verdict})\n`);
	if (verbose && !result.right) {
		for (const f of report.findings.slice(0, 4)) process.stdout.write(`         - ${f.id} ${f.severity} ${f.confidence}\n`);
	}
}

const summary = summarise(results);
process.stdout.write('\nlabel                          right  total  silent\n');
for (const row of summary.labels) {
	process.stdout.write(`${row.label.padEnd(30)} ${String(row.right).padStart(5)}  ${String(row.total).padStart(5)}  ${String(row.silent).padStart(6)}\n`);
}

process.stdout.write(`\ntotal: ${summary.right} of ${summary.total} right (${Math.round((100 * summary.right) / summary.total)}%), ${summary.silent} silent\n`);
