import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, type CliIo} from '../../src/cli/run-cli.js';
import {captureIo} from './commands/command-io.js';

const demo = 'fixtures/demo';
const fixed = ['--no-live', '--now', '2026-11-28T12:00:00Z'];
let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'ks-cli-'));
});
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

async function cli(args: string[], options: {env?: Record<string, string>; tty?: boolean; stdin?: string} = {}): Promise<{code: number; stdout: string; stderr: string}> {
	const captured = captureIo();
	const io: CliIo = {...captured, stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]), stdinIsTty: options.stdin === undefined, stdoutIsTty: options.tty ?? false, env: options.env ?? {}};
	const code = await runCli(args, io);
	return {code, ...captured.written()};
}

const colour = /\u001B\[\d+m/;

describe('colour', () => {
	it('is on for a terminal, off for a pipe, always with --color=always, never with NO_COLOR or --color=never', async () => {
		expect((await cli([...fixed, '--format', 'text', demo], {tty: true})).stdout).toMatch(colour);
		expect((await cli([...fixed, '--format', 'text', demo])).stdout).not.toMatch(colour);
		expect((await cli([...fixed, '--format', 'text', '--color', 'always', demo])).stdout).toMatch(colour);
		expect((await cli([...fixed, '--format', 'text', demo], {tty: true, env: {NO_COLOR: '1'}})).stdout).not.toMatch(colour);
		expect((await cli([...fixed, '--format', 'text', '--color=never', demo], {tty: true})).stdout).not.toMatch(colour);
		expect((await cli([...fixed, '--format', 'text', '--no-color', demo], {tty: true})).stdout).not.toMatch(colour);
		expect((await cli([...fixed, '--format', 'text', '--color', 'sometimes', demo])).code).toBe(2);
	});
});

describe('options', () => {
	it('--local prints times in the machine zone', async () => {
		const previous = process.env['TZ'];
		process.env['TZ'] = 'Asia/Kolkata';
		try {
			const {stdout} = await cli([...fixed, '--format', 'text', '--local', demo]);
			expect(stdout).toContain('2026-11-27T16:08:45+05:30');
			expect(stdout).not.toMatch(/^ {4}2026-11-27T10:38:45Z/m);
		} finally {
			if (previous === undefined) delete process.env['TZ'];
			else process.env['TZ'] = previous;
		}
	});

	it('--report writes the Markdown report too', async () => {
		const file = path.join(dir, 'incident.md');
		const {code} = await cli([...fixed, '--format', 'json', '--report', file, demo]);
		expect(code).toBe(1);
		expect(await readFile(file, 'utf8')).toMatch(/^# kubesleuth: INCIDENT/);
	});

	it('--apiserver-version takes only a Kubernetes version', async () => {
		const bad = await cli([...fixed, '--format', 'json', '--apiserver-version', 'banana', demo]);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toBe('kubesleuth: --apiserver-version takes a Kubernetes version such as v1.28.9 or 1.28.9+k3s1, not "banana".\n');
		const good = await cli([...fixed, '--format', 'json', '--apiserver-version', '1.33.1', demo]);
		expect((JSON.parse(good.stdout) as {context: {apiserver: {version: string; loopbackCertLifetimeDays: number}}}).context.apiserver).toMatchObject({version: 'v1.33.1'});
	});

	it('suggests the command a mistyped word was meant to be', async () => {
		const result = await cli(['prob']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe('kubesleuth: "prob" is neither a file nor a command; did you mean kubesleuth probe?\n');
		expect((await cli(['cert'])).stderr).toContain('did you mean kubesleuth certs?');
	});

	it('has examples, the live view keys and the exit codes in --help', async () => {
		const {stdout, code} = await cli(['--help']);
		expect(code).toBe(0);
		for (const text of ['Examples:', 'journalctl -u kube-apiserver', 'Keys in the live view:', 'y copy the command', 'Exit codes:', '2  usage error', '--color <when>', '--local', '--report <file>']) expect(stdout).toContain(text);
	});
});

describe('nothing to diagnose', () => {
	it('is no input, exit 2, with one sentence naming the window and the span of the logs; JSON still prints a document', async () => {
		const text = await cli([...fixed, '--format', 'text', '--since', '2026-12-01T00:00:00Z', demo]);
		expect(text.code).toBe(2);
		expect(text.stdout).toBe('');
		expect(text.stderr).toBe('kubesleuth: no readable input: no lines at or after 2026-12-01T00:00:00Z; the logs span 2025-11-27T11:38:13Z to 2026-11-28T08:01:38Z\n');
		const json = await cli([...fixed, '--format', 'json', '--since', '2026-12-01T00:00:00Z', '--until', '2026-12-02T00:00:00Z', demo]);
		expect(json.code).toBe(2);
		expect(JSON.parse(json.stdout)).toMatchObject({verdict: 'no-input', noInput: 'no lines between 2026-12-01T00:00:00Z and 2026-12-02T00:00:00Z; the logs span 2025-11-27T11:38:13Z to 2026-11-28T08:01:38Z', findings: []});
		const empty = await cli([...fixed, '--format', 'json', '-'], {stdin: ''});
		expect(empty.code).toBe(2);
		expect(JSON.parse(empty.stdout)).toMatchObject({verdict: 'no-input'});
	});

	it('names the year guessed for year-less logs and how', async () => {
		const {stdout} = await cli(['--no-live', '--format', 'text', 'fixtures/formats/journald-short.log']);
		expect(stdout).toMatch(/journald-short\.log: its times have no year; the first is dated \d{4} from the file's modification time \(--year YYYY sets it\)/);
		expect((await cli(['--no-live', '--format', 'text', '--year', '2026', 'fixtures/formats/journald-short.log'])).stdout).not.toContain('have no year');
		const piped = await cli(['--no-live', '--format', 'text', '-'], {stdin: 'E1127 10:38:45.714268       1 reflector.go:147] failed to list: x509: certificate has expired or is not yet valid\n'});
		expect(piped.stdout).toMatch(/stdin: its times have no year; the first is dated \d{4} from the current date/);
	});
});
