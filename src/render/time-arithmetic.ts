// The few date-fns functions the reports used, written out with the same results (test/render/time-arithmetic.test.ts
// holds them equal in several zones): date-fns's format and formatDistanceStrict load about forty modules,
// with a locale, which is a tenth of the start-up time of a small report.

const msPerMinute = 60_000;
const minutesPerDay = 1440;

/** Whole units from earlier to later, cut towards zero (date-fns's differenceInHours and friends) or floored; never -0. */
export function unitsBetween(later: number, earlier: number, unitMs: number, rounding: 'trunc' | 'floor' = 'trunc'): number {
	const units = (later - earlier) / unitMs;
	const whole = rounding === 'floor' ? Math.floor(units) : Math.trunc(units);
	return whole === 0 ? 0 : whole;
}

/** This zone's offset from UTC at that moment, in milliseconds, to the millisecond (date-fns's getTimezoneOffsetInMilliseconds). */
function zoneOffsetMs(ms: number): number {
	const date = new Date(ms);
	const asUtc = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds(), date.getMilliseconds()));
	asUtc.setUTCFullYear(date.getFullYear());
	return ms - asUtc.getTime();
}

/**
 * Whole days between two moments, floored, as they show on this zone's calendar (a day across a change to or
 * from summer time still counts as one): `1 day`, `12 days`. date-fns's
 * `formatDistanceStrict(a, b, {unit: 'day', roundingMethod: 'floor'})`.
 */
export function daysBetweenText(a: number, b: number): string {
	if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError('Invalid time value');
	const [earlier, later] = a > b ? [b, a] : [a, b];
	const minutes = (later - earlier - (zoneOffsetMs(later) - zoneOffsetMs(earlier))) / msPerMinute;
	const floored = Math.floor(minutes / minutesPerDay);
	const days = floored === 0 ? 0 : floored;
	return days === 1 ? '1 day' : `${days} days`;
}

const pad = (value: number, length: number): string => `${value < 0 ? '-' : ''}${String(Math.abs(value)).padStart(length, '0')}`;

/** `2026-11-27T11:38:45+01:00` in this machine's zone (`Z` where it is UTC): date-fns's `format(ms, "yyyy-MM-dd'T'HH:mm:ssXXX")`. */
export function localIsoTime(ms: number): string {
	const date = new Date(ms);
	if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value');
	const fullYear = date.getFullYear();
	const year = fullYear > 0 ? fullYear : 1 - fullYear;
	const offset = date.getTimezoneOffset();
	const zone = offset === 0 ? 'Z' : `${offset > 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60), 2)}:${pad(Math.abs(offset) % 60, 2)}`;
	return `${pad(year, 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}T${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}${zone}`;
}
