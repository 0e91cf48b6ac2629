import {cpSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {toJsonReport} from '../../src/render/format-json.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

// The JSON report of every fixture, kept as a file snapshot: a change to how bytes are read, skimmed or spread
// over threads must not change a single field of any report. A change to what is diagnosed updates them on
// purpose (`npx vitest run -u test/pipeline/same-report-every-fixture.test.ts`), and the diff shows what moved.
const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const copy = mkdtempSync(path.join(os.tmpdir(), 'kubesleuth-golden-'));
cpSync(fixtures, copy, {recursive: true, verbatimSymlinks: true});
// A fresh clone dates every file at checkout time, and year-less lines and event ages count from it: pin it.
const mtime = new Date('2026-11-28T10:00:00Z');
const pin = (dir: string): void => {
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) pin(full);
		utimesSync(full, mtime, mtime);
	}
};

pin(copy);
afterAll(() => rmSync(copy, {recursive: true, force: true}));

const notLogs = new Set(['README.md', 'index.json']);
// One case per excerpt, incident, bundle and node; the demo is one case.
const cases: string[] = ['demo'];
for (const group of ['realworld', 'formats', 'classes', 'incidents', 'bundles', 'nodes']) {
	for (const name of readdirSync(path.join(copy, group)).sort()) if (!notLogs.has(name)) cases.push(`${group}/${name}`);
}

const normalised = (report: Awaited<ReturnType<typeof diagnosePaths>>): string => {
	const json = toJsonReport(report, 0, false) as Record<string, unknown>;
	delete json['generatedAt'];
	return JSON.stringify(json, null, '\t').replaceAll(copy, '<fixtures>') + '\n';
};

describe('the JSON report of every fixture', () => {
	it('holds one case per fixture', () => {
		expect(cases.length).toBeGreaterThan(100);
		for (const name of cases) expect(statSync(path.join(copy, name)).isFile() || statSync(path.join(copy, name)).isDirectory()).toBe(true);
	});

	it.each(cases)('%s', async (name) => {
		const report = await diagnosePaths([path.join(copy, name)]);
		const expected = normalised(report);
		await expect(expected).toMatchFileSnapshot(`./__snapshots__/reports/${name.replaceAll('/', '__')}.json`);
		// Read in small pieces, the chunk edges (always parsed, never skimmed) fall elsewhere: the report is the same.
		const pieces = await diagnosePaths([path.join(copy, name)], {readSize: 1500});
		expect(normalised(pieces)).toBe(expected);
	});
});
