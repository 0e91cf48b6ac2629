import type {Envelope} from '../record.js';
import type {ZoneClock} from '../time/civil-time.js';
import {parseRfc3339, precisionOfDigits, type Rfc3339Result} from '../time/parse-rfc3339.js';
import {localeMonthAt} from './locale-months.js';
import {criStreamAt} from './parse-cri.js';
import {resetEnvelopeFields, type EnvelopeFields} from './envelope-fields.js';

/**
 * Last host, identifier and whole ` host ident[pid]: ` tail seen: consecutive lines of one unit share
 * them, so one native compare replaces the tail parse and the strings are shared instead of sliced.
 */
export type JournaldStringCache = {host: string; unit: string; tail: string; tailHost: string | undefined; tailPid: number | undefined};

/** A fresh cache. */
export function createJournaldStringCache(): JournaldStringCache {
	return {host: '', unit: '', tail: '', tailHost: undefined, tailPid: undefined};
}

const keyOf = (text: string, index: number): number =>
	(text.charCodeAt(index) * 65_536) + (text.charCodeAt(index + 1) * 256) + text.charCodeAt(index + 2);

const keysOf = (names: string): readonly number[] => Array.from({length: names.length / 3}, (_, i) => keyOf(names, i * 3));
const monthKeys = keysOf('JanFebMarAprMayJunJulAugSepOctNovDec');
const weekdayKeys = keysOf('MonTueWedThuFriSatSun');

/** 1-12 for an English month abbreviation at `index`, else 0. */
export function monthAt(text: string, index: number): number {
	const c = text.charCodeAt(index);
	if (c < 65 || c > 83) {
		return 0;
	}

	return monthKeys.indexOf(keyOf(text, index)) + 1;
}

const d = (text: string, index: number): number => {
	const code = text.charCodeAt(index) - 48;
	return code >= 0 && code <= 9 ? code : -100;
};

const timeOfDayAt = (text: string, index: number, fields: EnvelopeFields): boolean => {
	if (text.charCodeAt(index + 2) !== 58 || text.charCodeAt(index + 5) !== 58) {
		return false;
	}

	fields.hour = d(text, index) * 10 + d(text, index + 1);
	fields.minute = d(text, index + 3) * 10 + d(text, index + 4);
	fields.second = d(text, index + 6) * 10 + d(text, index + 7);
	return fields.hour >= 0 && fields.hour < 24 && fields.minute >= 0 && fields.minute < 60 && fields.second >= 0 && fields.second < 61;
};

/** Index just past the digits that follow a `.` at `index`. */
const fractionEnd = (text: string, index: number): number => {
	let end = index + 1;
	while (d(text, end) >= 0) {
		end++;
	}

	return end;
};

const fractionMs = (text: string, start: number, end: number): number => {
	let value = 0;
	let scale = 1000;
	for (let i = start; i < end && i < start + 9; i++) {
		value = value * 10 + d(text, i);
		scale /= 10;
	}

	return value * scale;
};

/** `[ host] ident[pid]: message` after the timestamp; `index` points at the space before it. Fills host, unit, pid, content and indent. */
export const parseTail = (text: string, index: number, fields: EnvelopeFields, cache: JournaldStringCache): boolean => {
	if (text.charCodeAt(index) !== 32) {
		return false;
	}

	if (cache.tail.length > 0 && text.startsWith(cache.tail, index)) {
		const messageStart = index + cache.tail.length;
		fields.host = cache.tailHost;
		fields.unit = cache.unit;
		fields.pid = cache.tailPid;
		fields.content = messageStart >= text.length ? '' : text.slice(messageStart);
		fields.indent = messageStart;
		return true;
	}

	const hostStart = index + 1;
	let space = text.indexOf(' ', hostStart);
	if (space < 0) {
		space = text.length;
	}

	let identStart = hostStart;
	// With --no-hostname the first token already is `ident[pid]:`.
	if (text.charCodeAt(space - 1) !== 58) {
		const hostLength = space - hostStart;
		if (hostLength === 0) {
			return false;
		}

		fields.host = cache.host.length === hostLength && text.startsWith(cache.host, hostStart)
			? cache.host
			: (cache.host = text.slice(hostStart, space));
		identStart = space + 1;
	}

	let colon = text.indexOf(': ', identStart);
	if (colon < 0) {
		if (text.charCodeAt(text.length - 1) !== 58 || text.length - 1 < identStart) {
			return false;
		}

		colon = text.length - 1;
	}

	let identEnd = colon;
	if (text.charCodeAt(colon - 1) === 93) {
		const bracket = text.lastIndexOf('[', colon);
		if (bracket > identStart) {
			let pid = 0;
			let i = bracket + 1;
			for (; i < colon - 1; i++) {
				const digit = d(text, i);
				if (digit < 0) {
					break;
				}

				pid = pid * 10 + digit;
			}

			if (i === colon - 1 && i > bracket + 1) {
				fields.pid = pid;
				identEnd = bracket;
			}
		}
	}

	const identLength = identEnd - identStart;
	fields.unit = cache.unit.length === identLength && text.startsWith(cache.unit, identStart)
		? cache.unit
		: (cache.unit = text.slice(identStart, identEnd));
	const messageStart = colon + 2;
	if (messageStart <= text.length) {
		cache.tail = text.slice(index, messageStart);
		cache.tailHost = fields.host;
		cache.tailPid = fields.pid;
	}

	fields.content = messageStart >= text.length ? '' : text.slice(messageStart);
	fields.indent = messageStart;
	return true;
};

/**
 * The journalctl `short` family: short, short-precise (year-less), short-iso(-precise), short-full,
 * short-unix. `kind` restricts parsing to one mode (fast path); undefined tries them all.
 */
export function parseJournaldText(
	text: string,
	fields: EnvelopeFields,
	rfc: Rfc3339Result,
	clock: ZoneClock,
	utcClock: ZoneClock,
	cache: JournaldStringCache,
): boolean {
	const first = text.charCodeAt(0);
	if (first >= 48 && first <= 57) {
		const unit = text.charCodeAt(1) === 32 ? 0 : text.charCodeAt(text.charCodeAt(1) >= 48 && text.charCodeAt(1) <= 57 ? 2 : 1);
		return unit === 0x6708 || unit === 0xC6D4 ? parseLocaleShort(text, fields, cache) : parseNumeric(text, fields, rfc, cache);
	}

	const month = monthAt(text, 0);
	if (month > 0) {
		return text.charCodeAt(3) === 32 && parseShortAt(text, month, 3, fields, cache);
	}

	if (parseFull(text, fields, clock, utcClock, cache)) {
		return true;
	}

	const locale = localeMonthAt(text, 0);
	return locale !== undefined && parseShortAt(text, locale[0], locale[1], fields, cache);
}

/**
 * The rest of a `short` / `short-precise` line after its month token: ` DD HH:MM:SS[.ffffff] host ident[pid]: msg`.
 * `space` is the index of the space after the month; the day is zero-padded (journald) or space-padded (rsyslog).
 */
const parseShortAt = (text: string, month: number, space: number, fields: EnvelopeFields, cache: JournaldStringCache): boolean => {
	const dayAt = space + 1;
	const day = d(text, dayAt) * 10 + d(text, dayAt + 1);
	const paddedDay = text.charCodeAt(dayAt) === 32 ? d(text, dayAt + 1) : day;
	if (paddedDay < 1 || paddedDay > 31 || text.charCodeAt(dayAt + 2) !== 32 || !timeOfDayAt(text, dayAt + 3, fields)) {
		return false;
	}

	const timeEnd = dayAt + 11;
	let index = timeEnd;
	let envelope: Envelope = 'journald-short';
	let frac = 0;
	if (text.charCodeAt(timeEnd) === 46) {
		index = fractionEnd(text, timeEnd);
		frac = fractionMs(text, timeEnd + 1, index);
		envelope = 'journald-short-precise';
	}

	const hour = fields.hour;
	const minute = fields.minute;
	const second = fields.second;
	resetEnvelopeFields(fields, envelope, '');
	if (!parseTail(text, index, fields, cache)) {
		return false;
	}

	fields.month = month;
	fields.day = paddedDay;
	fields.hour = hour;
	fields.minute = minute;
	fields.second = second;
	fields.fracMs = frac;
	fields.precision = envelope === 'journald-short' ? 's' : precisionOfDigits(index - timeEnd - 1);
	return true;
};

/** `short` under a non-English locale: the month token is read from the locale table (see locale-months.ts). */
export function parseLocaleShort(text: string, fields: EnvelopeFields, cache: JournaldStringCache): boolean {
	const locale = localeMonthAt(text, 0);
	return locale !== undefined && parseShortAt(text, locale[0], locale[1], fields, cache);
}



const parseNumeric = (text: string, fields: EnvelopeFields, rfc: Rfc3339Result, cache: JournaldStringCache): boolean => {
	if (text.charCodeAt(4) === 45) {
		const end = parseRfc3339(text, 0, rfc);
		if (end < 0 || (rfc.digits !== 0 && rfc.digits !== 6) || criStreamAt(text, end) !== 0) {
			return false;
		}

		const time = rfc.time;
		const precision = rfc.precision;
		resetEnvelopeFields(fields, rfc.digits === 0 ? 'journald-short-iso' : 'journald-short-iso-precise', '');
		if (!parseTail(text, end, fields, cache)) {
			return false;
		}

		fields.time = time;
		fields.precision = precision;
		return true;
	}

	// short-unix: `%10ld.%06ld` seconds.micros.
	const dot = text.indexOf('.');
	if (dot < 9 || dot > 12) {
		return false;
	}

	let seconds = 0;
	for (let i = 0; i < dot; i++) {
		const digit = d(text, i);
		if (digit < 0) {
			return false;
		}

		seconds = seconds * 10 + digit;
	}

	const end = fractionEnd(text, dot);
	if (end === dot + 1) {
		return false;
	}

	const time = seconds * 1000 + fractionMs(text, dot + 1, end);
	const precision = precisionOfDigits(end - dot - 1);
	resetEnvelopeFields(fields, 'journald-short-unix', '');
	if (!parseTail(text, end, fields, cache)) {
		return false;
	}

	fields.time = time;
	fields.precision = precision;
	return true;
};

// short-full: `Tue 2022-05-10 17:43:56 CST host ident[pid]: msg`. The zone is an abbreviation, so only
// UTC/GMT are trusted; anything else is read in the configured zone.
const parseFull = (text: string, fields: EnvelopeFields, clock: ZoneClock, utcClock: ZoneClock, cache: JournaldStringCache): boolean => {
	if (!weekdayKeys.includes(keyOf(text, 0)) || text.charCodeAt(3) !== 32 || text.charCodeAt(8) !== 45 || text.charCodeAt(11) !== 45
		|| text.charCodeAt(14) !== 32 || !timeOfDayAt(text, 15, fields)) {
		return false;
	}

	const year = d(text, 4) * 1000 + d(text, 5) * 100 + d(text, 6) * 10 + d(text, 7);
	const month = d(text, 9) * 10 + d(text, 10);
	const day = d(text, 12) * 10 + d(text, 13);
	if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
		return false;
	}

	let index = 23;
	let frac = 0;
	let digits = 0;
	if (text.charCodeAt(index) === 46) {
		const end = fractionEnd(text, index);
		frac = fractionMs(text, index + 1, end);
		digits = end - index - 1;
		index = end;
	}

	if (text.charCodeAt(index) !== 32) {
		return false;
	}

	let zoneEnd = text.indexOf(' ', index + 1);
	if (zoneEnd < 0) {
		zoneEnd = text.length;
	}

	const zone = text.slice(index + 1, zoneEnd);
	const time = (zone === 'UTC' || zone === 'GMT' ? utcClock : clock).epoch(year, month, day, fields.hour, fields.minute, fields.second, frac);
	resetEnvelopeFields(fields, 'journald-short-full', '');
	if (!parseTail(text, zoneEnd, fields, cache)) {
		return false;
	}

	fields.time = time;
	fields.precision = precisionOfDigits(digits);
	return true;
}
