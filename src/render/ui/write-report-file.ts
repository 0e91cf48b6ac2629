import {writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

/** Where a report went, or why it went nowhere. */
export type WrittenReport = {readonly ok: true; readonly path: string} | {readonly ok: false; readonly error: string};

/** kubesleuth-report-20261128-120000.md, from the local wall-clock time. */
export function reportFileName(at: Date): string {
	const pad = (n: number): string => String(n).padStart(2, '0');
	return `kubesleuth-report-${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}.md`;
}

/**
 * Writes the report into the first directory that takes it (the current one, else $TMPDIR), never over an
 * existing file: a second report in the same second gets -2, -3, … before `.md`.
 */
export function writeReportFile(text: string, directories: readonly string[], at: Date = new Date()): WrittenReport {
	const base = reportFileName(at);
	let lastError = 'no directory to write to';
	for (const directory of directories) {
		for (let n = 1; n <= 20; n++) {
			const file = path.resolve(directory, n === 1 ? base : base.replace(/\.md$/, `-${n}.md`));
			try {
				writeFileSync(file, text, {flag: 'wx', mode: 0o600});
				return {ok: true, path: file};
			} catch (error) {
				const e = error as NodeJS.ErrnoException;
				lastError = `${file}: ${e.code ?? e.message}`;
				if (e.code !== 'EEXIST') break;
			}
		}
	}

	return {ok: false, error: lastError};
}

/** The current directory, then $TMPDIR (or the system's temporary directory). */
export function reportDirectories(cwd: string, env: Readonly<Record<string, string | undefined>>): string[] {
	const temporary = env['TMPDIR'] !== undefined && env['TMPDIR'] !== '' ? env['TMPDIR'] : tmpdir();
	return cwd === temporary ? [cwd] : [cwd, temporary];
}
