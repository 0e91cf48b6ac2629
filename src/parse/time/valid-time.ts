/** Epoch ms of 9999-12-31T23:59:59.999Z: the last instant every renderer can print as a four-digit year. */
export const latestValidTime = 253_402_300_799_999;

/**
 * The one check every decoded time goes through: a finite epoch ms from 1970-01-01 to 9999-12-31, else NaN.
 * `new Date(ms).toISOString()` throws a RangeError past year 275760, and times before the epoch or after
 * year 9999 are a decoder reading digits that are no timestamp.
 */
export function validTime(ms: number): number {
	return Number.isFinite(ms) && ms >= 0 && ms <= latestValidTime ? ms : Number.NaN;
}
