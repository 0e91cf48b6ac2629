import type {Severity} from '../record.js';

const levels: Readonly<Record<string, Severity>> = {
	debug: 'debug',
	trace: 'debug',
	info: 'info',
	notice: 'info',
	warn: 'warning',
	warning: 'warning',
	error: 'error',
	err: 'error',
	crit: 'fatal',
	critical: 'fatal',
	fatal: 'fatal',
	panic: 'fatal',
	dpanic: 'fatal',
};

/** A severity name as written by common loggers (zap, logrus, syslog), lower-cased. */
export function severityOfLevel(level: unknown): Severity | undefined {
	return typeof level === 'string' ? levels[level.toLowerCase()] : undefined;
}

/** A cheap severity guess for plain lines: Go panics and `level=` / `"level":` markers only. */
export function guessSeverity(message: string): Severity | undefined {
	const first = message.charCodeAt(0);
	if ((first === 112 && message.startsWith('panic: ')) || (first === 102 && message.startsWith('fatal error: '))) {
		return 'fatal';
	}

	const logfmt = message.indexOf('level=');
	if (logfmt >= 0 && (logfmt === 0 || message.charCodeAt(logfmt - 1) === 32)) {
		const start = logfmt + 6;
		const quoted = message.charCodeAt(start) === 34 ? 1 : 0;
		let end = start + quoted;
		while (end < message.length && end < start + 12 && message.charCodeAt(end) > 64) {
			end++;
		}

		return severityOfLevel(message.slice(start + quoted, end));
	}

	const json = message.indexOf('"level":"');
	if (json >= 0) {
		const end = message.indexOf('"', json + 9);
		return end > 0 ? severityOfLevel(message.slice(json + 9, end)) : undefined;
	}

	return undefined;
}
