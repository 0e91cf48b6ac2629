import {unitsBetween} from './time-arithmetic.js';

const differenceInSeconds = (later: number, earlier: number): number => unitsBetween(later, earlier, 1000);
const differenceInMinutes = (later: number, earlier: number): number => unitsBetween(later, earlier, 60_000);
const differenceInHours = (later: number, earlier: number, rounding?: 'floor'): number => unitsBetween(later, earlier, 3_600_000, rounding);

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Time left until notAfter in kubeadm's `RESIDUAL TIME` style (`42s`, `5m`, `47h`, `364d`, `3y`),
 * `<invalid>` once it has passed.
 */
export function formatResidualTime(notAfter: number, now: number): string {
	if (notAfter <= now) {
		return '<invalid>';
	}

	const seconds = differenceInSeconds(notAfter, now);
	if (seconds < 60) {
		return `${seconds}s`;
	}

	const minutes = differenceInMinutes(notAfter, now);
	if (minutes < 60) {
		return `${minutes}m`;
	}

	const hours = differenceInHours(notAfter, now);
	if (hours < 48) {
		return `${hours}h`;
	}

	return hours < 24 * 365 * 2 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24 / 365)}y`;
}

/** Whole days from now to time, negative once it has passed (-1 during the first day after). */
export function daysUntil(time: number, now: number): number {
	return Math.floor(differenceInHours(time, now, 'floor') / 24);
}

/** A span in its largest whole unit: `3 days`, `1 day`, `5 hours`, `12 minutes`, `40 seconds`. */
export function describeSpan(from: number, to: number): string {
	const span = Math.abs(to - from);
	const [earlier, later] = from <= to ? [from, to] : [to, from];
	const hours = differenceInHours(later, earlier);
	if (hours >= 24) {
		return plural(Math.floor(hours / 24), 'day');
	}

	if (hours >= 1) {
		return plural(hours, 'hour');
	}

	const minutes = differenceInMinutes(later, earlier);
	return minutes >= 1 ? plural(minutes, 'minute') : plural(Math.floor(span / 1000), 'second');
}

/** kubeadm's expiry form in UTC: `Nov 13, 2024 21:13 UTC`. */
export function formatKubeadmTime(ms: number): string {
	const date = new Date(ms);
	const pad = (value: number): string => String(value).padStart(2, '0');
	return `${months[date.getUTCMonth()] ?? ''} ${pad(date.getUTCDate())}, ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** RFC 3339 in UTC to the second (`2024-11-13T21:13:20Z`), the form Go's x509 errors print. */
export function formatRfc3339(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function plural(count: number, unit: string): string {
	return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
