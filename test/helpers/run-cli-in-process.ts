import {PassThrough, Readable} from 'node:stream';
import {runCli} from '../../src/cli/run-cli.js';

/** What an in-process kubesleuth run wrote, and its exit code. */
export type InProcessResult = {readonly code: number; readonly stdout: string; readonly stderr: string};

/** Runs `kubesleuth ARGS` in this process (no child process): stdin empty and not a terminal, stdout not a terminal. */
export async function runCliInProcess(args: readonly string[]): Promise<InProcessResult> {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	const out: Buffer[] = [];
	const error: Buffer[] = [];
	stdout.on('data', (chunk: Buffer) => out.push(chunk));
	stderr.on('data', (chunk: Buffer) => error.push(chunk));
	const code = await runCli(args, {stdout, stderr, stdin: Readable.from([]), stdinIsTty: false, stdoutIsTty: false, env: {}});
	return {code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(error).toString('utf8')};
}
