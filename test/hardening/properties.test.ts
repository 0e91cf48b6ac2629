import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {beforeAll, describe, expect, it} from 'vitest';
import {renderReport} from '../../src/cli/diagnose-command.js';
import {loadRules} from '../../src/cli/load-rules.js';
import type {CompiledRules} from '../../src/detect/compile-rules.js';
import {createLineParser, type ParserStats} from '../../src/parse/line-parser.js';
import {createDiagnosisSession, type SourceChunk} from '../../src/pipeline/diagnosis-session.js';
import {readLineChunks} from '../../src/source/read-line-chunks.js';
import {root} from './cli-process.js';
import {textChunk} from '../../src/source/source-chunk.js';

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? filesUnder(full) : [full];
	});
}

// Up to 40 lines of every format and incident fixture: every envelope style the parser knows.
const samples = [...filesUnder(path.join(root, 'fixtures/formats')), ...filesUnder(path.join(root, 'fixtures/incidents'))]
	.filter((file) => !file.endsWith('.gz'))
	.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').slice(0, 40));

const hostile = ['\u0000', '\u001b[2J', '\u001b]52;c;eA==\u0007', '\u009b', '\u202e', '\ud800', '\udfff', '\r', '\b', '\uFFFD', '{', '"', '\\', '}', ']', '\t', ' ', '99999999999999999999', '-1', '1e400', 'NaN', '9999-99-99T99:99:99.999999999Z', ':', '[pod/', '-- Boot', '\u001e'];

const mutatedLine = fc.oneof(
	fc.constantFrom(...samples),
	// Truncated at any point.
	fc.tuple(fc.constantFrom(...samples), fc.nat()).map(([line, cut]) => line.slice(0, cut % (line.length + 1))),
	// Something hostile spliced in at any point, possibly replacing a stretch.
	fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat({max: 12}), fc.array(fc.constantFrom(...hostile), {minLength: 1, maxLength: 4})).map(([line, at, remove, parts]) => {
		const i = at % (line.length + 1);
		return line.slice(0, i) + parts.join('') + line.slice(i + remove);
	}),
	// Digits of a timestamp replaced by huge numbers.
	fc.tuple(fc.constantFrom(...samples), fc.constantFrom('99999999999', '0', '-5', '4294967296000')).map(([line, n]) => line.replace(/\d{2,}/, n)),
	// Two lines spliced together.
	fc.tuple(fc.constantFrom(...samples), fc.constantFrom(...samples), fc.nat(), fc.nat()).map(([a, b, i, j]) => a.slice(0, i % (a.length + 1)) + b.slice(j % (b.length + 1))),
);

// One physical line: no newline inside (the reader splits there).
const anyLine = fc.oneof(mutatedLine, fc.string({unit: 'binary', maxLength: 300}), fc.uint8Array({maxLength: 300}).map((bytes) => Buffer.from(bytes).toString('utf8'))).map((line) => line.replace(/\n/g, ' '));

function parseAll(lines: readonly string[], year: 'flag' | 'now', timeZone: 'utc' | 'local'): ParserStats {
	let records = 0;
	let recordLines = 0;
	const parser = createLineParser(
		{source: 'prop', year: year === 'flag' ? {kind: 'flag', year: 2026} : {kind: 'now', ms: Date.UTC(2026, 10, 28)}, timeZone},
		{
			record: (record) => {
				records++;
				recordLines += record.lineCount;
				expect(record.time === undefined || Number.isFinite(record.time)).toBe(true);
			},
			unparsed: () => undefined,
		},
	);
	lines.forEach((line, i) => parser.push(line, i + 1));
	parser.end();
	const stats = parser.stats();
	expect(stats.records).toBe(records);
	expect(stats.recordLines).toBe(recordLines);
	return stats;
}

let rules: CompiledRules;
beforeAll(async () => {
	const loaded = await loadRules([]);
	expect(loaded.issues).toEqual([]);
	rules = loaded.rules;
});

describe('the parser on hostile lines', () => {
	it('never throws, and every line is a record line, unparsed or skipped', () => {
		fc.assert(
			fc.property(fc.array(anyLine, {maxLength: 60}), fc.constantFrom('flag' as const, 'now' as const), fc.constantFrom('utc' as const, 'local' as const), (lines, year, zone) => {
				const stats = parseAll(lines, year, zone);
				expect(stats.lines).toBe(lines.length);
				expect(stats.recordLines + stats.unparsed + stats.skipped).toBe(stats.lines);
			}),
			{numRuns: 300},
		);
	});
});

/** Splits `text` into chunks of whole lines at the given cut points, as the reader hands them on. */
function chunksOf(lines: readonly string[], cuts: readonly number[], finalNewline: boolean): SourceChunk[] {
	const chunks: SourceChunk[] = [];
	let start = 0;
	for (const cut of [...new Set(cuts.map((c) => c % (lines.length + 1)))].sort((a, b) => a - b).concat(lines.length)) {
		if (cut <= start) continue;
		const piece = lines.slice(start, cut);
		const last = cut === lines.length && !finalNewline;
		const text = piece.join('\n') + (last ? '' : '\n');
		chunks.push(textChunk(text));
		start = cut;
	}

	return chunks;
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
	for (const item of items) yield item;
}

describe('the pipeline on hostile chunk streams', () => {
	it('always reports, and accounts for every line (lines = record lines + unparsed + skipped)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(anyLine, {minLength: 1, maxLength: 80}), fc.array(fc.nat(), {maxLength: 6}), fc.boolean(), async (lines, cuts, finalNewline) => {
				// A last line without its newline must not be empty, or it is no line at all.
				const input = !finalNewline && lines.at(-1) === '' ? [...lines, 'x'] : lines;
				const session = createDiagnosisSession({rules, now: Date.UTC(2026, 10, 28, 12), timeZone: 'utc', maxLineLength: 1 << 20});
				await session.scan({name: 'prop.log', kind: 'file', local: false, mtime: Date.UTC(2026, 10, 28, 12)}, fromArray(chunksOf(input, cuts, finalNewline)));
				const report = session.report();
				const source = report.sources[0]!;
				// The same lines through a bare parser (CR at the end is dropped by the pipeline, as it is here).
				const stats = parseAll(
					input.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)),
					'flag',
					'utc',
				);
				expect(source.lines).toBe(input.length);
				expect(source.lines).toBe(stats.recordLines + stats.unparsed + stats.skipped);
				expect(source.unparsed).toBe(stats.unparsed);
				expect(source.skipped).toBe(stats.skipped);
				expect(source.bytes).toBe(input.reduce((n, line) => n + Buffer.byteLength(line) + 1, finalNewline ? 0 : -1));
				expect(['incident', 'warning', 'healthy', 'no-input']).toContain(report.verdict);
			}),
			{numRuns: 150},
		);
	});

	it('reads arbitrary byte streams: every byte and every line counted, long lines cut', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.oneof(fc.uint8Array({maxLength: 400}), anyLine.map((line) => new Uint8Array(Buffer.from(`${line}\n`)))), {maxLength: 30}),
				fc.integer({min: 16, max: 512}),
				async (pieces, maxLineBytes) => {
					const all = Buffer.concat(pieces);
					const session = createDiagnosisSession({rules, now: Date.UTC(2026, 10, 28, 12), timeZone: 'utc', maxLineLength: maxLineBytes});
					await session.scan({name: 'bytes.log', kind: 'stdin', local: false}, readLineChunks(fromArray(pieces), {maxLineBytes}));
					const report = session.report();
					const source = report.sources[0]!;
					const lines = all.toString('latin1').split('\n');
					const expectedLines = lines.length - (lines.at(-1) === '' ? 1 : 0);
					expect(source.bytes).toBe(all.length);
					expect(source.lines).toBe(expectedLines);
					// A line is cut in bytes when it streams past the reader, in UTF-16 units when it arrives whole:
					// at least every line too long in units, at most every line too long in bytes.
					const rawLines = lines.slice(0, expectedLines);
					expect(source.truncated).toBeLessThanOrEqual(rawLines.filter((line) => line.length > maxLineBytes).length);
					expect(source.truncated).toBeGreaterThanOrEqual(rawLines.filter((line) => Buffer.from(line, 'latin1').toString('utf8').replace(/\r$/, '').length > maxLineBytes).length);
					// Nothing to diagnose is no input: no bytes, or no line that is a record (a lone klog header, blank lines).
					expect(report.verdict === 'no-input').toBe(report.totals.records === 0);
					if (all.length === 0) expect(report.verdict).toBe('no-input');
				},
			),
			{numRuns: 200},
		);
	});
});

const dangerous = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('the renderers on reports built from hostile lines', () => {
	it('never throw; text and Markdown carry no control or bidi character, JSON parses back', async () => {
		// Incident lines with hostile tails, so the hostile text reaches findings and evidence, not only templates.
		const incident = samples.filter((line) => /x509|handshake|etcdserver|webhook|too many open files|bearer token/.test(line));
		expect(incident.length).toBeGreaterThan(20);
		const tail = fc.array(fc.oneof(fc.constantFrom(...hostile), fc.string({unit: 'binary', maxLength: 20})), {maxLength: 5}).map((parts) => parts.join('').replace(/\n/g, ' '));
		await fc.assert(
			fc.asyncProperty(fc.array(fc.oneof(fc.tuple(fc.constantFrom(...incident), tail).map(([line, t]) => `${line} ${t}`), anyLine), {minLength: 1, maxLength: 60}), async (lines) => {
				const session = createDiagnosisSession({rules, now: Date.UTC(2026, 10, 28, 12), timeZone: 'utc'});
				await session.scan({name: 'render\u001b[2J.log', kind: 'file', local: false, mtime: Date.UTC(2026, 10, 28, 12)}, fromArray([textChunk(lines.join('\n') + '\n')]));
				session.warn(undefined, 'warning with \u001b]0;title\u0007 and \u202e');
				const report = session.report();
				for (const redact of [true, false]) {
					for (const format of ['text', 'markdown'] as const) {
						const out = renderReport(report, {format, redact, color: false});
						expect(out).not.toMatch(dangerous);
					}

					const colour = renderReport(report, {format: 'text', redact, color: true});
					// With colour on, the only escapes are its own SGR codes.
					expect(colour.replace(/\u001b\[\d+m/g, '')).not.toMatch(dangerous);
					const json = renderReport(report, {format: 'json', redact, color: false});
					expect(json).not.toMatch(/[\u001b\u0080-\u009f\u202a-\u202e]/);
					const parsed = JSON.parse(json) as {findings: {evidence: {text: string; raw: string}[]}[]; redaction: {enabled: boolean}};
					expect(parsed.redaction.enabled).toBe(redact);
					if (!redact) {
						// `raw` is the line as read, `text` its decoded message.
						const raws = new Set(report.findings.flatMap((f) => f.evidence.map((e) => e.text)));
						const messages = new Set(report.findings.flatMap((f) => f.evidence.map((e) => e.message ?? e.text)));
						for (const finding of parsed.findings) {
							for (const evidence of finding.evidence) {
								expect(raws.has(evidence.raw)).toBe(true);
								expect(messages.has(evidence.text)).toBe(true);
							}
						}
					}
				}
			}),
			{numRuns: 120},
		);
	});
});
