/** Linux clock ticks per second for /proc/<pid>/stat times; 100 on every architecture Kubernetes runs on. */
export const clockTicksPerSecond = 100;

/** Splits /proc/<pid>/cmdline (NUL-separated, usually NUL-terminated) into argv. */
export function splitCommandLine(cmdline: string): readonly string[] {
	const parts = cmdline.split('\0');
	if (parts.at(-1) === '') {
		parts.pop();
	}

	return parts;
}

/** The kube-apiserver arguments (argv without the program name), or undefined when argv is not a kube-apiserver. */
export function apiserverArguments(argv: readonly string[]): readonly string[] | undefined {
	const program = baseName(argv[0] ?? '');
	if (program === 'kube-apiserver') {
		return argv.slice(1);
	}

	if (program === 'hyperkube' && (argv[1] === 'kube-apiserver' || argv[1] === 'apiserver')) {
		return argv.slice(2);
	}

	return undefined;
}

/** Parses `--name=value`, `--name value` and boolean `--name` (value `true`) into a record keyed without dashes. */
export function parseFlags(args: readonly string[]): Readonly<Record<string, string>> {
	const flags: Record<string, string> = {};
	for (let index = 0; index < args.length; index++) {
		const argument = args[index] ?? '';
		if (argument === '--') {
			break;
		}

		if (!argument.startsWith('-') || argument === '-') {
			continue;
		}

		const body = argument.replace(/^--?/, '');
		const equals = body.indexOf('=');
		if (equals >= 0) {
			flags[body.slice(0, equals)] = body.slice(equals + 1);
			continue;
		}

		const next = args[index + 1];
		if (next !== undefined && !next.startsWith('-')) {
			flags[body] = next;
			index++;
		} else {
			flags[body] = 'true';
		}
	}

	return flags;
}

/** Field 22 (starttime, in clock ticks since boot) of /proc/<pid>/stat, or undefined when the text is not a stat line. */
export function parseStartTicks(stat: string): number | undefined {
	// The comm field (2) is in parentheses and may itself contain spaces and `)`; only the last `)` ends it.
	const close = stat.lastIndexOf(')');
	if (close < 0) {
		return undefined;
	}

	const fields = stat.slice(close + 1).trim().split(/\s+/);
	// fields[0] is field 3 (state), so field 22 is fields[19].
	const ticks = Number(fields[19]);
	return Number.isSafeInteger(ticks) && ticks >= 0 ? ticks : undefined;
}

/** The `btime` line of /proc/stat (boot time, seconds since epoch). */
export function parseBootTime(procStat: string): number | undefined {
	const match = /^btime\s+(\d+)\s*$/m.exec(procStat);
	return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Process start in ms since epoch from boot time (s) and start ticks. */
export function processStartMs(bootTimeSeconds: number, startTicks: number): number {
	return bootTimeSeconds * 1000 + Math.round((startTicks * 1000) / clockTicksPerSecond);
}

/** A process as the distribution data names it: argv[0]'s base name, and its sub-command when it has one (`k3s server`). */
export function programName(argv: readonly string[]): string {
	const program = baseName(argv[0] ?? '');
	const command = argv[1];
	return command === undefined || command.startsWith('-') || !/^[a-z][a-z0-9-]*$/.test(command) ? program : `${program} ${command}`;
}

function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}
