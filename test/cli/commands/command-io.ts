import {PassThrough} from 'node:stream';

/** Streams that remember what a command wrote. */
export function captureIo(now?: number): {stdout: PassThrough; stderr: PassThrough; now?: () => number; written: () => {stdout: string; stderr: string}} {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let error = '';
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString('utf8');
	});
	stderr.on('data', (chunk: Buffer) => {
		error += chunk.toString('utf8');
	});
	return {stdout, stderr, ...(now === undefined ? {} : {now: () => now}), written: () => ({stdout: out, stderr: error})};
}
