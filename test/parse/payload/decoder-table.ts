import {expect} from 'vitest';
import type {LogRecord} from '../../../src/parse/record.js';
import {parseFixture, type Parsed} from '../parse-fixture.js';
import type {ParserOptions} from '../../../src/parse/line-parser.js';

/** What a table row asserts about one record; `iso` is the record's time as an ISO string (undefined: no time). */
export type Row = Partial<Record<keyof LogRecord | 'iso' | 'caller' | 'fields' | 'structured', unknown>>;

const pick = (record: LogRecord, row: Row): Row => {
	const out: Row = {};
	for (const key of Object.keys(row) as Array<keyof Row>) {
		out[key] = key === 'iso'
			? (record.time === undefined ? undefined : new Date(record.time).toISOString())
			: (record as Record<string, unknown>)[key];
	}

	return out;
};

/** Parse a fixture and check its records, one row per record in order, and that no line was lost. */
export function expectRows(file: string, rows: readonly Row[], options: Partial<ParserOptions> = {}): Parsed {
	const parsed = parseFixture(file, options);
	const {records, stats} = parsed;
	expect(stats.recordLines + stats.unparsed + stats.skipped).toBe(stats.lines);
	expect(records.length, 'records').toBe(rows.length);
	for (const [index, row] of rows.entries()) {
		expect(pick(records[index]!, row), `record ${index} (line ${records[index]!.line})`).toEqual(row);
	}

	return parsed;
}
