import type {Severity} from '../record.js';
import {precisionOfDigits} from '../time/parse-rfc3339.js';
import {clockAt, digitAt, digitsEnd, fractionMs, resetPayloadFields, twoDigitsAt, type PayloadDecoder} from './payload-fields.js';

const tags: Readonly<Record<string, Severity>> = {
	error: 'error', err: 'error', warning: 'warning', warn: 'warning', info: 'info', notice: 'info', debug: 'debug', trace: 'debug', fatal: 'fatal', panic: 'fatal',
};

/** Severity of a `[ERROR]`/`[warn]`-style tag at `index`, or undefined. */
const tagSeverity = (text: string, index: number): Severity | undefined => {
	if (text.charCodeAt(index) !== 91) {
		return undefined;
	}

	const close = text.indexOf(']', index + 1);
	return close > index + 1 && close < index + 10 ? tags[text.slice(index + 1, close).toLowerCase()] : undefined;
};

const isFileChar = (code: number): boolean =>
	(code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45 || code === 46 || code === 47;

/** End of a `file.go:23: ` caller (Lshortfile / Llongfile) at `index`: the index of the `:` before the space, or -1. */
const callerEnd = (text: string, index: number): number => {
	let i = index;
	while (i < text.length && i < index + 200 && isFileChar(text.charCodeAt(i))) {
		i++;
	}

	if (i < index + 4 || text.charCodeAt(i) !== 58 || text.charCodeAt(i - 3) !== 46 || text.charCodeAt(i - 2) !== 103 || text.charCodeAt(i - 1) !== 111) {
		return -1;
	}

	const end = digitsEnd(text, i + 1);
	return end > i + 1 && text.charCodeAt(end) === 58 && text.charCodeAt(end + 1) === 32 ? end : -1;
};

/**
 * Go's standard `log` package (more-formats.md §4): `YYYY/MM/DD HH:MM:SS[.ffffff] [file.go:23: ]message` in local
 * time, an `[ERROR]`/`[warn]`-style tag after it giving the severity (kept in the message); and lines with only the
 * `file.go:23: ` caller (Lshortfile without the date flags, e.g. helm `--debug`: `client.go:142: [debug] …`).
 */
export const golog: PayloadDecoder = {
	name: 'golog',
	firsts: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_',
	decode(content, context, out) {
		if (digitAt(content, 0) < 0 || content.charCodeAt(4) !== 47) {
			const end = callerEnd(content, 0);
			if (end < 0) {
				return false;
			}

			const start = end + 2;
			resetPayloadFields(out, 'golog', content.slice(start));
			out.caller = content.slice(0, end);
			out.severity = tagSeverity(content, start);
			return true;
		}

		if (content.charCodeAt(7) !== 47 || content.charCodeAt(10) !== 32) {
			return false;
		}

		const year = twoDigitsAt(content, 0) * 100 + twoDigitsAt(content, 2);
		const month = twoDigitsAt(content, 5);
		const day = twoDigitsAt(content, 8);
		const time = clockAt(content, 11);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || time === undefined) {
			return false;
		}

		let index = 19;
		let fraction = 0;
		if (content.charCodeAt(index) === 46) {
			index = digitsEnd(content, 20);
			fraction = fractionMs(content, 20, index);
		}

		if (content.charCodeAt(index) !== 32 && index !== content.length) {
			return false;
		}

		let start = index + 1;
		const end = callerEnd(content, start);
		const caller = end < 0 ? undefined : content.slice(start, end);
		if (end >= 0) {
			start = end + 2;
		}

		resetPayloadFields(out, 'golog', start >= content.length ? '' : content.slice(start));
		out.time = context.clock.epoch(year, month, day, time[0], time[1], time[2], fraction);
		out.precision = precisionOfDigits(index === 19 ? 0 : index - 20);
		out.severity = tagSeverity(content, start);
		out.caller = caller;
		return true;
	},
};
