import {PassThrough, Readable} from 'node:stream';
import {runCli} from '../../src/cli/run-cli.js';

/** What an in-process run of the CLI wrote, and its exit code. */
export type InProcessResult = {readonly code: number; readonly stdout: string; readonly stderr: string};

export type InProcessOptions = {
	readonly stdin?: string | Buffer;
	/** Whether stdin is a terminal (default: false, as when input is piped). */
	readonly stdinIsTty?: boolean;
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly signal?: AbortSignal;
	/** Called with each piece of stdout as it is written, e.g. to wait for a report to appear. */
	readonly onStdout?: (text: string) => void;
};

/**
 * Runs `kubesleuth ARGS` in this process through `runCli`, with stdout not a terminal: as fast as a function
 * call, for every test that is not about a real process (signals, pipes, the terminal).
 */
export async function runCliInProcess(args: readonly string[], options: InProcessOptions = {}): Promise<InProcessResult> {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let error = '';
	stdout.setEncoding('utf8').on('data', (chunk: string) => {
		out += chunk;
		options.onStdout?.(chunk);
	});
	stderr.setEncoding('utf8').on('data', (chunk: string) => {
		error += chunk;
	});
	const stdin = options.stdin === undefined ? Readable.from([]) : Readable.from([Buffer.from(options.stdin)]);
	const code = await runCli(args, {
		stdout,
		stderr,
		stdin,
		stdinIsTty: options.stdinIsTty ?? false,
		stdoutIsTty: false,
		env: options.env ?? {},
		...(options.signal === undefined ? {} : {signal: options.signal}),
	});
	stdout.end();
	stderr.end();
	return {code, stdout: out, stderr: error};
}
