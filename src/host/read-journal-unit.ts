import {spawn} from 'node:child_process';

/** Options for readJournalUnit. */
export type ReadJournalUnitOptions = {
	/** Keep reading new entries (`journalctl -f`). */
	readonly follow: boolean;
	/** Passed to `--since` (e.g. `2024-11-13 20:00:00` or `-2h`). */
	readonly since?: string;
	/** The journalctl binary; default `journalctl` from PATH. */
	readonly command?: string;
	/** Stops journalctl (and so the iteration) when it fires: `-f` would otherwise wait for the next entry. */
	readonly signal?: AbortSignal;
};

/**
 * Streams a unit's journal as text chunks (`journalctl -u UNIT -o short-iso-precise --no-pager`).
 * Stopping the iteration stops journalctl. Throws, once the output ends, when journalctl cannot run or fails.
 */
export async function* readJournalUnit(unit: string, options: ReadJournalUnitOptions): AsyncGenerator<string, void, undefined> {
	const args = ['-u', unit, '-o', 'short-iso-precise', '--no-pager'];
	if (options.since !== undefined) {
		args.push('--since', options.since);
	}

	if (options.follow) {
		args.push('-f');
	}

	const command = options.command ?? 'journalctl';
	const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']});
	const stop = (): void => {
		child.kill('SIGTERM');
	};

	options.signal?.addEventListener('abort', stop, {once: true});
	let stderr = '';
	let spawnError: Error | undefined;
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => {
		stderr = (stderr + chunk).slice(-2000);
	});
	child.on('error', error => {
		spawnError = error;
	});
	const exited = new Promise<number | null>(resolve => {
		child.on('close', code => resolve(code));
	});
	child.stdout.setEncoding('utf8');
	try {
		for await (const chunk of child.stdout) {
			yield chunk as string;
		}

		const code = await exited;
		if (options.signal?.aborted === true) return;
		if (spawnError !== undefined) {
			throw new Error(`Could not run ${command}: ${spawnError.message}.`);
		}

		if (code !== 0) {
			const detail = stderr.trim().split('\n').at(-1) ?? '';
			throw new Error(`${command} -u ${unit} exited with code ${String(code)}${detail === '' ? '' : `: ${detail}`}.`);
		}
	} finally {
		options.signal?.removeEventListener('abort', stop);
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
		}
	}
}
