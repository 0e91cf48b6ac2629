import {monthAt} from '../envelope/parse-journald-text.js';
import type {Severity} from '../record.js';
import {parseRfc3339} from '../time/parse-rfc3339.js';
import {clockAt, digitAt, digitsEnd, resetPayloadFields, twoDigitsAt, type DecodeContext, type PayloadDecoder, type PayloadFields} from './payload-fields.js';

const levels: Readonly<Record<string, Severity>> = {
	emerg: 'fatal', alert: 'fatal', crit: 'fatal', err: 'error', warn: 'warning', notice: 'info', info: 'info', debug: 'debug',
};

const weekdays = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

const finish = (content: string, start: number, out: PayloadFields, uptime: number | undefined, severity: Severity | undefined): true => {
	resetPayloadFields(out, 'dmesg', start >= content.length ? '' : content.slice(start));
	out.severity = severity;
	out.fields = uptime === undefined ? out.fields : {uptime};
	return true;
};

/** `[%5ld.%06ld] ` seconds since boot: no wall time. */
const monotonic = (content: string, index: number, out: PayloadFields, severity: Severity | undefined): boolean => {
	let i = index + 1;
	while (content.charCodeAt(i) === 32) {
		i++;
	}

	const dot = digitsEnd(content, i);
	const end = digitsEnd(content, dot + 1);
	if (dot === i || content.charCodeAt(dot) !== 46 || end - dot - 1 !== 6 || content.charCodeAt(end) !== 93) {
		return false;
	}

	return finish(content, content.charCodeAt(end + 1) === 32 ? end + 2 : end + 1, out, Number(content.slice(i, end)), severity);
};

/** `dmesg -T`: `[Wed Dec  2 01:52:42 2026] ` in local time (C locale). */
const ctime = (content: string, index: number, context: DecodeContext, out: PayloadFields, severity: Severity | undefined): boolean => {
	const month = monthAt(content, index + 5);
	if (!weekdays.has(content.slice(index + 1, index + 4)) || month === 0 || content.charCodeAt(index + 8) !== 32) {
		return false;
	}

	const day = content.charCodeAt(index + 9) === 32 ? digitAt(content, index + 10) : twoDigitsAt(content, index + 9);
	const time = clockAt(content, index + 12);
	const year = twoDigitsAt(content, index + 21) * 100 + twoDigitsAt(content, index + 23);
	if (day < 1 || day > 31 || time === undefined || year < 0 || content.charCodeAt(index + 25) !== 93) {
		return false;
	}

	finish(content, content.charCodeAt(index + 26) === 32 ? index + 27 : index + 26, out, undefined, severity);
	out.time = context.clock.epoch(year, month, day, time[0], time[1], time[2], 0);
	out.precision = 's';
	return true;
};

/** `dmesg --time-format iso`: `2026-12-02T01:52:42,456789+08:00 ` (a comma before the fraction). */
const iso = (content: string, index: number, context: DecodeContext, out: PayloadFields, severity: Severity | undefined): boolean => {
	if (content.charCodeAt(index + 10) !== 84 || content.charCodeAt(index + 19) !== 44) {
		return false;
	}

	const space = content.indexOf(' ', index);
	const stamp = content.slice(index, space < 0 ? content.length : space).replace(',', '.');
	if (parseRfc3339(stamp, 0, context.rfc) !== stamp.length) {
		return false;
	}

	const {time, precision} = context.rfc;
	finish(content, index + stamp.length + 1, out, undefined, severity);
	out.time = time;
	out.precision = precision;
	return true;
};

const stamped = (content: string, index: number, context: DecodeContext, out: PayloadFields, severity: Severity | undefined): boolean => {
	if (content.charCodeAt(index) === 91) {
		return digitAt(content, index + 1) >= 0 || content.charCodeAt(index + 1) === 32
			? monotonic(content, index, out, severity)
			: ctime(content, index, context, out, severity);
	}

	return digitAt(content, index) >= 0 && iso(content, index, context, out, severity);
};

/** `dmesg -x`: `kern  :err   : ` facility and level before the time. */
const decodeLevel = (content: string, context: DecodeContext, out: PayloadFields): boolean => {
	const firstColon = content.indexOf(':');
	if (firstColon < 3 || firstColon > 10) {
		return false;
	}

	const facility = content.slice(0, firstColon).trimEnd();
	const secondColon = content.indexOf(': ', firstColon + 1);
	if (!/^[a-z]+$/.test(facility) || secondColon < 0 || secondColon > firstColon + 9) {
		return false;
	}

	const severity = levels[content.slice(firstColon + 1, secondColon).trimEnd()];
	if (severity === undefined) {
		return false;
	}

	return stamped(content, secondColon + 2, context, out, severity) || finish(content, secondColon + 2, out, undefined, severity);
};

/**
 * Kernel ring buffer lines (more-formats.md §7): `[  123.456789] msg` (seconds since boot, kept as the `uptime`
 * field: no wall time), `dmesg -T` `[Wed Dec  2 01:52:42 2026] msg`, `--time-format iso`, and `-x` levels.
 */
export const dmesg: PayloadDecoder = {
	name: 'dmesg',
	firsts: '[0123456789abcdefghijklmnopqrstuvwxyz',
	decode(content, context, out) {
		const first = content.charCodeAt(0);
		if (first >= 97 && first <= 122) {
			return decodeLevel(content, context, out);
		}

		return stamped(content, 0, context, out, undefined);
	},
};
