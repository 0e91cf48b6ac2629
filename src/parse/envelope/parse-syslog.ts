import {severityOfPriority} from './parse-json-envelope.js';
import type {ZoneClock} from '../time/civil-time.js';
import {parseRfc3339, type Rfc3339Result} from '../time/parse-rfc3339.js';
import {resetEnvelopeFields, type EnvelopeFields} from './envelope-fields.js';
import {parseJournaldText, parseTail, type JournaldStringCache} from './parse-journald-text.js';

const tagShape = /^[\w./-]{1,48}(?:\[\d+\])?:$/;

/** ` host tag[pid]: ` right after a timestamp ending at `end`: the second token must be a syslog tag. */
const hasSyslogTail = (text: string, end: number): boolean => {
	if (text.charCodeAt(end) !== 32) {
		return false;
	}

	const hostEnd = text.indexOf(' ', end + 1);
	const tagEnd = hostEnd < 0 ? -1 : text.indexOf(' ', hostEnd + 1);
	return hostEnd > end + 1 && tagShape.test(text.slice(hostEnd + 1, tagEnd < 0 ? text.length : tagEnd));
};

/**
 * rsyslog's RFC 3339 file format (`RSYSLOG_FileFormat`, more-formats.md §5) where it differs from journald's
 * `short-iso[-precise]`: a fraction other than 0 or 6 digits, or `Z`. `YYYY-MM-DDTHH:MM:SS.f±hh:mm host tag[pid]: msg`.
 */
export function parseSyslogRfc3339(text: string, fields: EnvelopeFields, rfc: Rfc3339Result, cache: JournaldStringCache): boolean {
	const end = parseRfc3339(text, 0, rfc);
	if (end < 0 || !hasSyslogTail(text, end)) {
		return false;
	}

	const {time, precision} = rfc;
	resetEnvelopeFields(fields, 'syslog', '');
	if (!parseTail(text, end, fields, cache)) {
		return false;
	}

	fields.time = time;
	fields.precision = precision;
	return true;
}

const rfc5424 = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]"\\]|\\.|"(?:[^"\\]|\\.)*")*\])+)(?: \uFEFF?|$)/;

/**
 * Syslog lines with a `<PRI>` (rsyslog forward formats, more-formats.md §5): `<PRI>Mmm dd HH:MM:SS host tag[pid]: msg`
 * (RFC 3164) and `<PRI>1 <rfc3339> host app procid msgid sd msg` (RFC 5424). The severity is PRI's low three bits.
 */
export function parseSyslogPri(
	text: string,
	fields: EnvelopeFields,
	rfc: Rfc3339Result,
	clock: ZoneClock,
	utcClock: ZoneClock,
	cache: JournaldStringCache,
): boolean {
	const close = text.indexOf('>');
	const pri = close > 1 && close <= 4 ? Number(text.slice(1, close)) : Number.NaN;
	if (!Number.isInteger(pri) || pri < 0 || pri > 191) {
		return false;
	}

	const rest = text.slice(close + 1);
	const severity = severityOfPriority(pri % 8);
	const match = rfc5424.exec(rest);
	if (match !== null) {
		const [head, stamp, host, app, procid] = match;
		resetEnvelopeFields(fields, 'syslog', rest.slice(head.length));
		if (stamp !== '-' && parseRfc3339(stamp!, 0, rfc) === stamp!.length) {
			fields.time = rfc.time;
			fields.precision = rfc.precision;
		}

		fields.host = host === '-' ? undefined : host;
		fields.unit = app === '-' ? undefined : app;
		fields.pid = /^\d+$/.test(procid!) ? Number(procid) : undefined;
		fields.severity = severity;
		return true;
	}

	if (!parseJournaldText(rest, fields, rfc, clock, utcClock, cache)) {
		return false;
	}

	fields.envelope = 'syslog';
	fields.severity = severity;
	fields.indent += close + 1;
	return true;
}
