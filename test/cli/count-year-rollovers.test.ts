// How many turns of the year a year-less log file spans, from sampled windows (files over 1 MiB) or whole.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {countYearRollovers} from '../../src/cli/count-year-rollovers.js';

const work = mkdtempSync(path.join(tmpdir(), 'kubesleuth-rollovers-'));
afterAll(() => {
	rmSync(work, {recursive: true, force: true});
});

const klogLine = (mmdd: string, n: number): string => `I${mmdd} 12:00:00.000000    2345 reflector.go:325] line ${n} ${'x'.repeat(150)}`;

/** A year-less klog file whose lines run through the given month-days in turn, about `bytes` long. */
function writeLog(name: string, days: readonly string[], bytes: number): {file: string; size: number; lastLine: string} {
	const perDay = Math.ceil(bytes / 200 / days.length);
	const lines = days.flatMap((day, d) => Array.from({length: perDay}, (_, i) => klogLine(day, d * perDay + i)));
	const text = lines.join('\n') + '\n';
	const file = path.join(work, name);
	writeFileSync(file, text);
	return {file, size: Buffer.byteLength(text), lastLine: lines.at(-1)!};
}

describe('countYearRollovers', () => {
	it('counts each December-to-January turn in a file of many windows', async () => {
		const once = writeLog('once.log', ['1101', '1215', '0110', '0301'], 3 << 20);
		expect(await countYearRollovers(once.file, once.size, once.lastLine)).toBe(1);
		const twice = writeLog('twice.log', ['1201', '0301', '0901', '1230', '0102'], 3 << 20);
		expect(await countYearRollovers(twice.file, twice.size, twice.lastLine)).toBe(2);
	});

	it('finds none in a file within one year, sampled or read whole', async () => {
		for (const [name, bytes] of [['big.log', 3 << 20], ['small.log', 100_000]] as const) {
			const log = writeLog(name, ['0101', '0601', '1230'], bytes);
			expect(await countYearRollovers(log.file, log.size, log.lastLine), name).toBe(0);
		}
	});

	it('finds a turn in a small file whose sampled lines would all fall on one side of it', async () => {
		const log = writeLog('small-turn.log', ['1231', '0101'], 100_000);
		expect(await countYearRollovers(log.file, log.size, log.lastLine)).toBe(1);
	});

	it('says nothing of a file whose lines carry their year', async () => {
		const text = Array.from({length: 20_000}, (_, i) => `2026-01-0${1 + (i % 9)}T00:00:00.000Z stdout F line ${i} ${'y'.repeat(60)}`).join('\n') + '\n';
		const file = path.join(work, 'cri.log');
		writeFileSync(file, text);
		expect(await countYearRollovers(file, Buffer.byteLength(text), undefined)).toBeUndefined();
	});
});
