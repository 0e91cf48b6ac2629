import {chmod, mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {reportDirectories, reportFileName, writeReportFile} from '../../../src/render/ui/write-report-file.js';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'ks-report-'));
});
afterEach(async () => {
	await chmod(path.join(dir, 'ro'), 0o755).catch(() => undefined);
	await rm(dir, {recursive: true, force: true});
});

const at = new Date(2026, 10, 28, 9, 5, 7);

describe('writeReportFile', () => {
	it('names the file after the local time and never overwrites one', async () => {
		expect(reportFileName(at)).toBe('kubesleuth-report-20261128-090507.md');
		const first = writeReportFile('# one\n', [dir], at);
		const second = writeReportFile('# two\n', [dir], at);
		expect(first).toEqual({ok: true, path: path.join(dir, 'kubesleuth-report-20261128-090507.md')});
		expect(second).toEqual({ok: true, path: path.join(dir, 'kubesleuth-report-20261128-090507-2.md')});
		expect(await readFile(path.join(dir, 'kubesleuth-report-20261128-090507.md'), 'utf8')).toBe('# one\n');
	});

	it('falls back to the next directory when one cannot be written, and says why when none can', async () => {
		const missing = path.join(dir, 'missing');
		const written = writeReportFile('x', [missing, dir], at);
		expect(written).toEqual({ok: true, path: path.join(dir, 'kubesleuth-report-20261128-090507.md')});
		const failed = writeReportFile('x', [missing], at);
		expect(failed.ok).toBe(false);
		expect(!failed.ok && failed.error).toContain('ENOENT');
	});

	it('tries the current directory first, then $TMPDIR', () => {
		expect(reportDirectories('/work', {TMPDIR: '/scratch'})).toEqual(['/work', '/scratch']);
		expect(reportDirectories('/scratch', {TMPDIR: '/scratch'})).toEqual(['/scratch']);
		expect(reportDirectories('/work', {})).toEqual(['/work', tmpdir()]);
	});
});
