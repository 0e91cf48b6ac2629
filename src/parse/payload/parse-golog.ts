import type {Severity, TimePrecision} from '../record.js';
import type {ZoneClock} from '../time/civil-time.js';
import {precisionOfDigits} from '../time/parse-rfc3339.js';

/** Result slot of `parseGolog`. */
export type GologHeader = {time: number; precision: TimePrecision; severity: Severity | undefined};

/** A fresh slot. */
export function createGologHeader(): GologHeader {
	return {time: 0, precision: 's', severity: undefined};
}

const d = (text: string, index: number): number => {
	const code = text.charCodeAt(index) - 48;
	return code >= 0 && code <= 9 ? code : -10_000;
};

const tags: ReadonlyArray<readonly [string, Severity]> = [
	['[ERROR]', 'error'],
	['[WARNING]', 'warning'],
	['[WARN]', 'warning'],
	['[INFO]', 'info'],
	['[DEBUG]', 'debug'],
	['[FATAL]', 'fatal'],
	['[PANIC]', 'fatal'],
];

/**
 * Go's standard `log` prefix `2009/11/10 23:00:00[.000000] `, with a `[ERROR]`-style tag right after it
 * giving the severity. Returns the index where the message starts, or -1.
 */
export function parseGolog(text: string, clock: ZoneClock, out: GologHeader): number {
	if (text.charCodeAt(4) !== 47 || text.charCodeAt(7) !== 47 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58
		|| text.charCodeAt(16) !== 58) {
		return -1;
	}

	const year = d(text, 0) * 1000 + d(text, 1) * 100 + d(text, 2) * 10 + d(text, 3);
	const month = d(text, 5) * 10 + d(text, 6);
	const day = d(text, 8) * 10 + d(text, 9);
	const hour = d(text, 11) * 10 + d(text, 12);
	const minute = d(text, 14) * 10 + d(text, 15);
	const second = d(text, 17) * 10 + d(text, 18);
	if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
		return -1;
	}

	let index = 19;
	let fraction = 0;
	let scale = 1000;
	if (text.charCodeAt(index) === 46) {
		index++;
		while (d(text, index) >= 0) {
			if (index < 29) {
				fraction = fraction * 10 + d(text, index);
				scale /= 10;
			}

			index++;
		}
	}

	const digits = index === 19 ? 0 : index - 20;
	if (text.charCodeAt(index) !== 32 && index !== text.length) {
		return -1;
	}

	out.time = clock.epoch(year, month, day, hour, minute, second, fraction * scale);
	out.precision = precisionOfDigits(digits);
	out.severity = undefined;
	const start = index + 1;
	if (text.charCodeAt(start) === 91) {
		for (const [tag, severity] of tags) {
			if (text.startsWith(tag, start)) {
				out.severity = severity;
				break;
			}
		}
	}

	return start;
}
