import type {TimePrecision} from '../record.js';
import {daysFromCivil} from './civil-time.js';

/** Result slot of `parseRfc3339`, reused across calls. */
export type Rfc3339Result = {
	time: number;
	precision: TimePrecision;
	/** Number of fractional digits written. */
	digits: number;
	/** `YYYY-MM-DDTHH:MM:SS` of the last parse and its epoch ms (before the offset): lines of one second share it. */
	secondText: string;
	secondMs: number;
};

const digitAt = (text: string, index: number): number => {
	const code = text.charCodeAt(index) - 48;
	return code >= 0 && code <= 9 ? code : -1;
};

const twoDigits = (text: string, index: number): number => {
	const a = digitAt(text, index);
	const b = digitAt(text, index + 1);
	return a < 0 || b < 0 ? -1 : a * 10 + b;
};

/** Precision implied by the number of fractional digits. */
export function precisionOfDigits(digits: number): TimePrecision {
	return digits === 0 ? 's' : digits <= 3 ? 'ms' : digits <= 6 ? 'us' : 'ns';
}

/**
 * Parse `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM|±HHMM|±HH:MMSSSS)` at `start` with charCodeAt only.
 * Tolerates old conmon's `+05:1800` (offset minutes printed as seconds). Returns the index just past
 * the timestamp, or -1.
 */
export function parseRfc3339(text: string, start: number, out: Rfc3339Result): number {
	if (text.startsWith(out.secondText, start)) {
		return parseRest(text, start + 19, out, out.secondMs);
	}

	if (text.length < start + 20 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45
		|| text.charCodeAt(start + 13) !== 58 || text.charCodeAt(start + 16) !== 58) {
		return -1;
	}

	const t = text.charCodeAt(start + 10);
	if (t !== 84 && t !== 116 && t !== 32) {
		return -1;
	}

	const y1 = twoDigits(text, start);
	const y2 = twoDigits(text, start + 2);
	const month = twoDigits(text, start + 5);
	const day = twoDigits(text, start + 8);
	const hour = twoDigits(text, start + 11);
	const minute = twoDigits(text, start + 14);
	const second = twoDigits(text, start + 17);
	if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
		return -1;
	}

	const secondMs = daysFromCivil(y1 * 100 + y2, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
	const end = parseRest(text, start + 19, out, secondMs);
	if (end > 0) {
		out.secondText = text.slice(start, start + 19);
		out.secondMs = secondMs;
	}

	return end;
}

const parseRest = (text: string, from: number, out: Rfc3339Result, secondMs: number): number => {
	let index = from;
	let fraction = 0;
	let digits = 0;
	if (text.charCodeAt(index) === 46) {
		index++;
		let d = digitAt(text, index);
		while (d >= 0) {
			if (digits < 9) {
				fraction = fraction * 10 + d;
				digits++;
			}

			index++;
			d = digitAt(text, index);
		}

		if (digits === 0) {
			return -1;
		}
	}

	let offsetMs = 0;
	const sign = text.charCodeAt(index);
	if (sign === 90 || sign === 122) {
		index++;
	} else if (sign === 43 || sign === 45) {
		const offHours = twoDigits(text, index + 1);
		if (offHours < 0) {
			return -1;
		}

		index += 3;
		if (text.charCodeAt(index) === 58) {
			index++;
		}

		let rest = 0;
		let restDigits = 0;
		let d = digitAt(text, index);
		while (d >= 0 && restDigits < 4) {
			rest = rest * 10 + d;
			restDigits++;
			index++;
			d = digitAt(text, index);
		}

		if (restDigits !== 0 && restDigits !== 2 && restDigits !== 4) {
			return -1;
		}

		// Four digits are seconds of the hour (old conmon), two are minutes.
		const restMs = restDigits === 4 ? rest * 1000 : rest * 60_000;
		offsetMs = (offHours * 3_600_000 + restMs) * (sign === 45 ? -1 : 1);
	} else {
		return -1;
	}

	let scale = 1;
	for (let i = digits; i < 9; i++) {
		scale *= 10;
	}

	out.time = secondMs + (fraction * scale) / 1_000_000 - offsetMs;
	out.precision = precisionOfDigits(digits);
	out.digits = digits;
	return index;
};

/** A fresh result slot. */
export function createRfc3339Result(): Rfc3339Result {
	return {time: 0, precision: 's', digits: 0, secondText: '\u0000', secondMs: 0};
}
