import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cli, demoLog, fixedFlags, makeTempDir, parseJsonReport, runCli} from './cli-process.js';

const demoLines = readFileSync(demoLog, 'utf8').split('\n').length - 1;
let temp: ReturnType<typeof makeTempDir>;

beforeAll(() => {
	temp = makeTempDir('hostile');
});

afterAll(() => {
	temp.remove();
});

describe('hostile and broken files', () => {
	it('skips random binary data with a warning and exits 2 when it is the only input', async () => {
		const file = temp.file('random.bin.log');
		writeFileSync(file, randomBytes(256 * 1024));
		const result = await runCli([...fixedFlags, '--format', 'text', file]);
		expect(result.code).toBe(2);
		expect(result.stdout.length).toBe(0);
		expect(result.stderr).toBe(`kubesleuth: no readable input: ${file}: looks like binary data, not a log; skipped\n`);
	});

	it('skips binary data next to a good file and still reports the good file', async () => {
		const file = temp.file('random-next.log');
		writeFileSync(file, randomBytes(64 * 1024));
		const result = await runCli([...fixedFlags, '--format', 'json', file, demoLog]);
		expect(result.code).toBe(1);
		const report = parseJsonReport(result.stdout);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.warnings).toContain(`${file}: looks like binary data, not a log; skipped`);
		expect(report.input.sources.map((s) => s.name)).toEqual([demoLog]);
	});

	it('reads and counts lines with NUL bytes inside them', async () => {
		const lines = readFileSync(demoLog, 'utf8').split('\n');
		let withNul = 0;
		// A NUL inside the message of every x509 failure line: still a failure, still counted.
		const text = lines.map((line) => (line.includes('x509: certificate has expired') ? (withNul++, line.replace('tls: failed', 'tls:\u0000\u0000 failed')) : line)).join('\n');
		const file = temp.file('nul.log');
		writeFileSync(file, text);
		expect(withNul).toBeGreaterThan(50);
		const result = await runCli([...fixedFlags, '--format', 'json', file]);
		expect(result.code).toBe(1);
		const report = parseJsonReport(result.stdout);
		expect(report.input.sources[0]).toMatchObject({lines: demoLines, unparsed: 0, bytes: Buffer.byteLength(text)});
		const finding = report.findings.find((f) => f.id === 'apiserver-loopback-cert-expired');
		expect(finding?.count).toBe(102);
		expect(finding?.evidence.some((e) => e.text.includes('tls:\u0000\u0000 failed'))).toBe(true);
	});

	it('warns about invalid UTF-8 and still diagnoses the lines', async () => {
		const lines = readFileSync(demoLog).toString('latin1').split('\n');
		const broken = lines.map((line, i) => (i % 7 === 3 ? line.replace('failed', 'fa\xffil\xc3(ed') : line)).join('\n');
		const file = temp.file('bad-utf8.log');
		writeFileSync(file, Buffer.from(broken, 'latin1'));
		const result = await runCli([...fixedFlags, '--format', 'json', file]);
		expect(result.code).toBe(1);
		const report = parseJsonReport(result.stdout);
		expect(report.input.sources[0]?.warnings).toEqual(['holds bytes that are not valid UTF-8; they are shown as U+FFFD']);
		expect(report.input.sources[0]?.lines).toBe(demoLines);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.findings[0]?.count).toBe(102);
	});

	it('reads a truncated gzip up to the damage, names it, and still reports the good file', async () => {
		const whole = gzipSync(readFileSync(demoLog));
		const gz = temp.file('cut.log.gz');
		writeFileSync(gz, whole.subarray(0, Math.floor(whole.length * 0.6)));
		const result = await runCli([...fixedFlags, '--format', 'json', gz, temp.file('nothing-here.log'), demoLog]);
		expect(result.code).toBe(1);
		const report = parseJsonReport(result.stdout);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.findings[0]?.count).toBe(102);
		expect(report.warnings).toContain(`${gz}: reading stopped: corrupt gzip data (unexpected end of file); lines before the damage were read`);
		const cut = report.input.sources.find((s) => s.name === gz);
		expect(cut?.lines).toBeGreaterThan(100);
		expect(cut?.lines).toBeLessThan(demoLines);
	});

	it('names a file it may not read and still reports the readable one (run as nobody)', async () => {
		expect(execFileSync('which', ['setpriv'], {encoding: 'utf8'}).trim()).not.toBe('');
		const dir = makeTempDir('denied');
		try {
			chmodSync(dir.path, 0o755);
			const good = dir.file('good.log');
			const denied = dir.file('denied.log');
			copyFileSync(demoLog, good);
			copyFileSync(demoLog, denied);
			chmodSync(good, 0o644);
			chmodSync(denied, 0o600);
			for (const args of [[good, denied], [dir.path]]) {
				const result = await runCli([...fixedFlags, '--format', 'json', ...args], {uid: 65534});
				expect(result.stderr).toBe('');
				expect(result.code).toBe(1);
				const report = parseJsonReport(result.stdout);
				expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
				expect(report.warnings).toEqual([`${denied}: cannot read (permission denied)`]);
				expect(report.input.sources.map((s) => s.name)).toEqual([good]);
			}
		} finally {
			dir.remove();
		}
	});

	it('walks a directory with symlink loops without hanging and reads each file once', async () => {
		const dir = makeTempDir('loops');
		try {
			mkdirSync(dir.file('logs/sub'), {recursive: true});
			copyFileSync(demoLog, dir.file('logs/sub/api.log'));
			symlinkSync('..', dir.file('logs/sub/loop'));
			symlinkSync('..', dir.file('logs/loop-up'));
			symlinkSync('b', dir.file('logs/a'));
			symlinkSync('a', dir.file('logs/b'));
			symlinkSync('sub/api.log', dir.file('logs/same-file.log'));
			symlinkSync('sub', dir.file('logs/sub-again'));
			const result = await runCli([...fixedFlags, '--format', 'json', dir.file('logs')]);
			expect(result.code).toBe(1);
			const report = parseJsonReport(result.stdout);
			expect(report.input.sources.map((s) => s.name)).toEqual([dir.file('logs/sub/api.log')]);
			expect(report.input.sources[0]?.lines).toBe(demoLines);
			expect(report.findings[0]?.count).toBe(102);
			expect(report.warnings).toEqual([`${dir.file('logs/a')}: symbolic link to nothing (or a loop), skipped`, `${dir.file('logs/b')}: symbolic link to nothing (or a loop), skipped`]);
		} finally {
			dir.remove();
		}
	});

	it('reads /dev/stdin and a process substitution named as paths, as streams (no ESPIPE)', () => {
		for (const command of [`node ${cli} ${fixedFlags.join(' ')} --format json /dev/stdin < ${demoLog}`, `node ${cli} ${fixedFlags.join(' ')} --format json <(cat ${demoLog})`]) {
			let stdout = '';
			try {
				execFileSync('bash', ['-c', command], {encoding: 'utf8'});
			} catch (error) {
				// Exit 1: the incident was found.
				expect((error as {status: number}).status).toBe(1);
				stdout = (error as {stdout: string}).stdout;
			}

			const report = parseJsonReport(Buffer.from(stdout));
			expect(report.warnings).toEqual([]);
			expect(report.input.sources[0]?.lines).toBe(demoLines);
			expect(report.findings[0]?.count).toBe(102);
		}
	});
});
