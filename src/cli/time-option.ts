import {isValid} from 'date-fns/isValid';
import {parseISO} from 'date-fns/parseISO';

const units = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const;

/** How a time without a zone designator is read: in this machine's zone, or as UTC (`--utc`). */
export type OptionZone = 'local' | 'utc';

/** The range of times the command line accepts: the years 1970 to 9999, as `--year` does. */
export const firstOptionYear = 1970;
export const lastOptionYear = 9999;
const earliest = Date.UTC(firstOptionYear, 0, 1);
const latest = Date.UTC(lastOptionYear + 1, 0, 1) - 1;

// A zone at the end of an ISO 8601 time: Z, ±hh, ±hhmm or ±hh:mm after the clock.
const zoned = /[T ]\d\d[^]*(?:Z|[+-]\d\d(?::?\d\d)?)$/i;

/**
 * Reads a time given on the command line: an ISO 8601 time (`2026-11-27T10:00:00Z`, `2026-11-27`,
 * `2026-11-27T10:00`) or a duration before now (`30m`, `2h`, `7d`). A time without a zone is read in `zone`.
 * Every time flag (`--since`, `--until`, `--started-at`, `--now`) goes through here, so `--utc` applies to
 * all of them alike. Returns ms since the epoch, or the error sentence.
 */
export function parseTimeOption(text: string, now: number, flag: string, zone: OptionZone = 'local'): number | string {
	const trimmed = text.trim();
	const relative = /^(\d{1,9})([smhd])$/.exec(trimmed);
	let ms: number | undefined;
	if (relative) {
		ms = now - Number(relative[1]) * units[relative[2] as keyof typeof units];
	} else {
		const date = parseISO(trimmed);
		if (isValid(date)) ms = zone === 'utc' && !zoned.test(trimmed) ? asUtc(date) : date.getTime();
	}

	if (ms === undefined || !Number.isFinite(ms)) {
		return `${flag} takes an ISO 8601 time (2026-11-27T10:00:00Z) or a duration before now (30m, 2h, 7d), not "${text}".`;
	}

	if (ms < earliest || ms > latest) return `${flag} takes a time between the years ${firstOptionYear} and ${lastOptionYear}, not "${text}".`;
	return ms;
}

// parseISO read the zone-less fields in the local zone; the same fields taken as UTC.
function asUtc(local: Date): number {
	return Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds(), local.getMilliseconds());
}

/** `--year`: four digits, 1970 to 9999 (a two-digit year is refused, not taken for the 1900s). */
export function parseYearOption(text: string): number | string {
	const year = /^\d{4}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
	if (year >= firstOptionYear && year <= lastOptionYear) return year;
	return `--year takes a four-digit year from ${firstOptionYear} to ${lastOptionYear}, not "${text}".`;
}
