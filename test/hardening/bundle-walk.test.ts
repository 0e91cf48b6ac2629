import {execFileSync} from 'node:child_process';
import {chmodSync, copyFileSync, mkdirSync, symlinkSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {demoLog, fixedFlags, makeTempDir, parseJsonReport, runCli} from './cli-process.js';

let temp: ReturnType<typeof makeTempDir>;

beforeAll(() => {
	temp = makeTempDir('bundle');
	chmodSync(temp.path, 0o755);
});

afterAll(() => {
	temp.remove();
});

describe('a bundle that reaches out of itself', () => {
	it('a link to /etc inside a bundle is not read into the report; the report says it was left out', async () => {
		const bundle = temp.file('etc-link');
		mkdirSync(bundle);
		copyFileSync(demoLog, `${bundle}/kube-apiserver.log`);
		symlinkSync('/etc', `${bundle}/etc`);
		symlinkSync('/etc/passwd', `${bundle}/passwd.log`);
		const result = await runCli([...fixedFlags, '--format', 'json', bundle]);
		expect(result.code).toBe(1);
		const report = parseJsonReport(result.stdout);
		expect(report.input.sources.map((s) => s.name)).toEqual([`${bundle}/kube-apiserver.log`]);
		expect(result.stdout.toString('utf8')).not.toContain('root:x:0:0');
		expect(report.warnings).toEqual([
			`${bundle}/etc: symbolic link to /etc, outside ${bundle}: not followed (name it on the command line to read it)`,
			`${bundle}/passwd.log: symbolic link to /etc/passwd, outside ${bundle}: not followed (name it on the command line to read it)`,
		]);
	});

	it('names a folder it may not list and still reports the rest (as nobody, or with chmod 000 when not root)', async () => {
		const bundle = temp.file('denied-folder');
		mkdirSync(`${bundle}/readable`, {recursive: true});
		mkdirSync(`${bundle}/private`);
		copyFileSync(demoLog, `${bundle}/readable/kube-apiserver.log`);
		copyFileSync(demoLog, `${bundle}/private/kube-apiserver.log`);
		chmodSync(bundle, 0o755);
		chmodSync(`${bundle}/readable`, 0o755);
		chmodSync(`${bundle}/readable/kube-apiserver.log`, 0o644);
		const root = process.getuid?.() === 0;
		// Root may list any folder: the check runs as nobody, like the file permission test in hostile-files.
		if (root) {
			expect(execFileSync('which', ['setpriv'], {encoding: 'utf8'}).trim()).not.toBe('');
			chmodSync(`${bundle}/private`, 0o700);
		} else {
			chmodSync(`${bundle}/private`, 0o000);
		}

		try {
			const result = await runCli([...fixedFlags, '--format', 'json', bundle], root ? {uid: 65534} : {});
			expect(result.stderr).toBe('');
			expect(result.code).toBe(1);
			const report = parseJsonReport(result.stdout);
			expect(report.input.sources.map((s) => s.name)).toEqual([`${bundle}/readable/kube-apiserver.log`]);
			expect(report.warnings).toEqual([`${bundle}/private: cannot list the directory (permission denied); nothing under it was read`]);
		} finally {
			chmodSync(`${bundle}/private`, 0o700);
		}
	});
});
