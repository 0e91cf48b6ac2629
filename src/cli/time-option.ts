import {isValid} from 'date-fns/isValid';
import {parseISO} from 'date-fns/parseISO';
import {subMilliseconds} from 'date-fns/subMilliseconds';

const units = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const;

/**
 * Reads a time given on the command line: an ISO 8601 time (`2026-11-27T10:00:00Z`, `2026-11-27`)
 * or a duration before now (`30m`, `2h`, `7d`). Returns ms since the epoch, or an error sentence.
 */
export function parseTimeOption(text: string, now: number, flag: string): number | string {
	const relative = /^(\d+)([smhd])$/.exec(text.trim());
	if (relative) return subMilliseconds(now, Number(relative[1]) * units[relative[2] as keyof typeof units]).getTime();
	const date = parseISO(text.trim());
	if (isValid(date)) return date.getTime();
	return `${flag} takes an ISO 8601 time (2026-11-27T10:00:00Z) or a duration before now (30m, 2h, 7d), not "${text}".`;
}
