import {Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {errorText} from '../../src/cli/error-output.js';
import {runCli, type CliIo} from '../../src/cli/run-cli.js';
import {captureIo} from './commands/command-io.js';

function io(stdin: string | undefined = undefined): CliIo & {written: () => {stdout: string; stderr: string}} {
	const captured = captureIo();
	return {...captured, stdin: Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]), stdinIsTty: stdin === undefined, stdoutIsTty: false, env: {}};
}

describe('messages on stderr', () => {
	it('start with kubesleuth: once and show control characters as escapes', () => {
		expect(errorText('a file\u001B]2;pwned\u0007 was not read')).toBe('kubesleuth: a file\\x1b]2;pwned\\x07 was not read\n');
		expect(errorText('kubesleuth: already prefixed\n')).toBe('kubesleuth: already prefixed\n');
		expect(errorText('first line\n  second \u009B line')).toBe('kubesleuth: first line\n  second \\u009b line\n');
	});

	it('escape a hostile file name in "no readable input"', async () => {
		const cli = io();
		const code = await runCli(['--no-live', '--format', 'text', '/nonexistent/x\u001B]2;pwned\u0007.log'], cli);
		expect(code).toBe(2);
		const {stderr} = cli.written();
		expect(stderr).not.toContain('\u001B');
		expect(stderr).toContain('x\\x1b]2;pwned\\x07.log');
		expect(stderr).toMatch(/^kubesleuth: /);
	});

	it('give commander errors the same prefix', async () => {
		const cli = io();
		expect(await runCli(['--no-such-flag\u001B[2J'], cli)).toBe(2);
		const {stderr} = cli.written();
		expect(stderr).toMatch(/^kubesleuth: unknown option '--no-such-flag\\x1b\[2J'/);
		expect(stderr).not.toContain('\u001B');
		expect(stderr).not.toMatch(/^error:/m);
	});
});

describe('kubesleuth records', () => {
	it('redacts Kubernetes JSON fields and writes C1 and bidi characters as \\u escapes', async () => {
		const line = JSON.stringify({ts: 1_764_000_000, caller: 'x.go:1', msg: 'login \u009B1m \u202Egnp.exe', v: 0, token: 'abc123', nested: {password: 'hunter2'}, user: 'bob'});
		const cli = io(`${line}\n`);
		expect(await runCli(['records', '-'], cli)).toBe(0);
		const {stdout} = cli.written();
		expect(stdout).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
		expect(stdout).toContain('\\u009b1m \\u202egnp.exe');
		const record = JSON.parse(stdout) as {fields: Record<string, unknown>; message: string};
		expect(record.fields).toEqual({token: '[REDACTED]', nested: {password: '[REDACTED]'}, user: 'bob'});
		expect(record.message).not.toContain('abc123');
		expect(record.message).not.toContain('hunter2');
	});

	it('escapes a hostile file name in its warnings', async () => {
		const cli = io();
		await runCli(['records', '/nonexistent/\u001B]2;pwned\u0007'], cli);
		expect(cli.written().stderr).not.toContain('\u001B');
	});
});
