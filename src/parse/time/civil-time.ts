/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12), without a Date object. */
export function daysFromCivil(year: number, month: number, day: number): number {
	// Howard Hinnant's days_from_civil.
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const mp = (month + 9) % 12;
	const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146_097 + doe - 719_468;
}

/** Year, month (1-12) and day of an epoch time in the given zone. Allocates a Date: call rarely. */
export function civilOf(ms: number, zone: 'local' | 'utc'): {readonly year: number; readonly month: number; readonly day: number} {
	const date = new Date(ms);
	return zone === 'utc'
		? {year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate()}
		: {year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate()};
}

/** Turns zone-less wall-clock times into epoch milliseconds, caching the epoch of the current hour. */
export type ZoneClock = {
	/** Epoch ms of a wall-clock time; `fracMs` is the sub-second part in milliseconds. */
	readonly epoch: (year: number, month: number, day: number, hour: number, minute: number, second: number, fracMs: number) => number;
};

/** A clock for `local` (the process's zone, via `new Date(y, m, d, h)` once per hour) or `utc`. */
export function createZoneClock(zone: 'local' | 'utc'): ZoneClock {
	let lastKey = -1;
	let lastBase = 0;
	const epoch = (year: number, month: number, day: number, hour: number, minute: number, second: number, fracMs: number): number => {
		const key = (((year * 13) + month) * 32 + day) * 25 + hour;
		if (key !== lastKey) {
			lastBase = zone === 'utc'
				? daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000
				: new Date(year, month - 1, day, hour).getTime();
			lastKey = key;
		}

		return lastBase + minute * 60_000 + second * 1000 + fracMs;
	};

	return {epoch};
}
