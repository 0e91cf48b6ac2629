import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Report} from '../../src/diagnose/report.js';
import {formatMarkdown} from '../../src/render/format-markdown.js';
import {formatText} from '../../src/render/format-text.js';
import {redactReport} from '../../src/render/redact-report.js';
import {lineText} from '../../src/render/ui/screen-line.js';
import {initialUiState} from '../../src/render/ui/ui-state.js';
import {buildScreen} from '../../src/render/ui/view-model.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';
import {screenText, snapshotOf} from './ui/fixtures.js';

// Every real excerpt (fixtures/realworld, copied unchanged from shared/realworld), rendered as the text and
// Markdown reports and as the live view's list and detail screens: the sentences kubesleuth writes must
// never say "unknown" for a value it does not have, nor count more shown lines than there are.
const dir = path.resolve(import.meta.dirname, '../../fixtures/realworld');
const excerpts = (JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as {file: string}[]).map((e) => e.file);

/** The report's own sentences: what is left once the lines quoted from the logs are taken out. */
function ownWords(report: string): string {
	const out: string[] = [];
	let quoting = false;
	for (const line of report.split('\n')) {
		// Sections that quote the logs: evidence lines, the shapes of unexplained lines, the sources and warnings (file names).
		if (/^ {2}Evidence \(|^Warnings and errors no rule explains|^## Warnings and errors|^Sources:|^## Sources|^Warnings:|^## Warnings$|^### Evidence/.test(line)) quoting = true;
		else if (/^ {2}\S|^\S|^##/.test(line) && !/^ {2}e\.g\./.test(line)) quoting = false;
		if (!quoting) out.push(line);
	}

	return out.join('\n');
}

// "unknown authority" and "unknown CA" name an x509 error, not a missing value.
const unknownValue = /\bunknown\b(?! (?:authority|CA\b|certificate authority))(?!-authority)/i;

function checkWording(where: string, text: string): void {
	const words = ownWords(text).replace(/\s+/g, ' ');
	const match = unknownValue.exec(words);
	expect(match === null ? '' : words.slice(Math.max(0, match.index - 80), match.index + 40), `${where} says unknown`).toBe('');
	for (const [whole, shown, total] of words.matchAll(/(\d[\d,]*) of (?:the )?(\d[\d,]*)\b/g)) {
		expect(Number(shown!.replace(/,/g, '')), `${where}: "${whole}"`).toBeLessThanOrEqual(Number(total!.replace(/,/g, '')));
	}
}

describe('the wording of every real excerpt', () => {
	it.each(excerpts)('%s', async (file) => {
		const raw: Report = await diagnosePaths([path.join(dir, file)]);
		const {report, redacted} = redactReport(raw);
		checkWording(`${file} text`, formatText(report, {color: false, redacted, redactionEnabled: true}));
		checkWording(`${file} markdown`, formatMarkdown(report, redacted, true));
		const snapshot = snapshotOf(report);
		// The list's context panel ends with the sources by name (a file may be called 19-unknown-authority-….log).
		const list = screenText(buildScreen(snapshot, initialUiState, {width: 120, height: 40}));
		checkWording(`${file} list`, list.slice(0, list.findIndex((r) => r.startsWith('Sources')) >>> 0).join('\n'));
		for (const finding of report.findings) {
			const detail = buildScreen(snapshot, {...initialUiState, screen: 'detail', selectedId: finding.id}, {width: 120, height: 4000});
			const rows = detail.body.kind === 'page' ? detail.body.lines.map(lineText) : [];
			// The detail view quotes log lines under Evidence, up to the Timeline or Why heading.
			const start = rows.findIndex((r) => r.startsWith('Evidence'));
			const end = rows.findIndex((r, i) => i > start && /^(Timeline|Why|What is happening)/.test(r));
			const own = start < 0 ? rows : [...rows.slice(0, start + 1), ...rows.slice(end < 0 ? rows.length : end)];
			checkWording(`${file} detail ${finding.id}`, own.join('\n'));
		}
	});
});
