#!/usr/bin/env node
import process from 'node:process';
import {runCli} from './run-cli.js';

const controller = new AbortController();
let interrupted = 0;
const stop = (): void => {
	interrupted++;
	// A second ctrl-c means "now": the partial report is not worth waiting for any more.
	if (interrupted > 1) process.exit(130);
	controller.abort();
};

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// `kubesleuth … | head`: the reader went away; stop quietly instead of dying on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
	throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
	stdout: process.stdout,
	stderr: process.stderr,
	stdin: process.stdin,
	stdinIsTty: Boolean(process.stdin.isTTY),
	stdoutIsTty: Boolean(process.stdout.isTTY),
	env: process.env,
	signal: controller.signal,
});
