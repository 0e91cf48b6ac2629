import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {createLineParser, type ParserOptions, type ParserStats, type UnparsedReason, type YearHint} from '../../src/parse/line-parser.js';
import type {LogRecord} from '../../src/parse/record.js';

/** What a parser produced for a list of lines. */
export type Parsed = {
	readonly records: LogRecord[];
	readonly unparsed: Array<{line: number; text: string; reason: UnparsedReason}>;
	readonly stats: ParserStats;
};

/** Absolute path of a file under fixtures/. */
export function fixturePath(relative: string): string {
	return fileURLToPath(new URL(`../../fixtures/${relative}`, import.meta.url));
}

/** The lines of a fixture file, split like a reader does (no trailing empty line after the final newline). */
export function fixtureLines(relative: string): string[] {
	const text = readFileSync(fixturePath(relative), 'utf8');
	const lines = text.split('\n');
	if (lines.at(-1) === '') {
		lines.pop();
	}

	return lines;
}

/** Push lines through a fresh parser and collect its output. */
export function parseLines(lines: readonly string[], options: Partial<ParserOptions> & {year?: YearHint} = {}): Parsed {
	const records: LogRecord[] = [];
	const unparsed: Parsed['unparsed'] = [];
	const parser = createLineParser(
		{source: 'test', year: {kind: 'flag', year: 2022}, timeZone: 'utc', ...options},
		{
			record: (record) => records.push(record),
			unparsed: (line, text, reason) => unparsed.push({line, text, reason}),
		},
	);
	for (const [index, line] of lines.entries()) {
		parser.push(line, index + 1);
	}

	parser.end();
	return {records, unparsed, stats: parser.stats()};
}

/** Parse a fixture file. */
export function parseFixture(relative: string, options: Partial<ParserOptions> = {}): Parsed {
	return parseLines(fixtureLines(relative), {source: relative, ...options});
}
