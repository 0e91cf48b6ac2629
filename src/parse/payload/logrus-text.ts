import {goQuotedEnd, goUnquote} from '../go-unquote.js';
import type {Severity} from '../record.js';
import {parseRfc3339} from '../time/parse-rfc3339.js';
import {severityOfLevel} from './guess-severity.js';
import {digitsEnd, resetPayloadFields, type DecodeContext, type PayloadDecoder, type PayloadFields} from './payload-fields.js';

const isKeyChar = (code: number): boolean =>
	(code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45 || code === 46;

/**
 * `key=value key="quoted value" …` (logfmt as logrus writes it): the pairs decoded, or undefined when the
 * text does not start with a pair. Text after the last pair that is no pair ends the scan.
 */
export function parseLogfmt(text: string): Map<string, string> | undefined {
	const pairs = new Map<string, string>();
	let index = 0;
	while (index < text.length) {
		let keyEnd = index;
		while (isKeyChar(text.charCodeAt(keyEnd))) {
			keyEnd++;
		}

		if (keyEnd === index || text.charCodeAt(keyEnd) !== 61) {
			break;
		}

		const key = text.slice(index, keyEnd);
		let valueEnd: number;
		let value: string;
		if (text.charCodeAt(keyEnd + 1) === 34) {
			valueEnd = goQuotedEnd(text, keyEnd + 1);
			if (valueEnd < 0) {
				valueEnd = text.length;
				value = text.slice(keyEnd + 2);
			} else {
				value = goUnquote(text.slice(keyEnd + 2, valueEnd - 1));
			}
		} else {
			valueEnd = text.indexOf(' ', keyEnd + 1);
			if (valueEnd < 0) {
				valueEnd = text.length;
			}

			value = text.slice(keyEnd + 1, valueEnd);
		}

		pairs.set(key, value);
		index = valueEnd;
		while (text.charCodeAt(index) === 32) {
			index++;
		}
	}

	return pairs.size === 0 ? undefined : pairs;
}

// The four-letter level of the terminal formatter (`ERRO[0025]`).
const terminalLevels: Readonly<Record<string, Severity>> = {
	TRAC: 'debug', DEBU: 'debug', INFO: 'info', WARN: 'warning', ERRO: 'error', FATA: 'fatal', PANI: 'fatal',
};

const reserved = new Set(['time', 'level', 'msg']);

const decodeText = (content: string, context: DecodeContext, out: PayloadFields): boolean => {
	const pairs = parseLogfmt(content);
	const level = pairs?.get('level');
	if (pairs === undefined || level === undefined || (content.charCodeAt(0) === 116 && !pairs.has('time'))) {
		return false;
	}

	const severity = severityOfLevel(level);
	if (severity === undefined) {
		return false;
	}

	const fields: Record<string, unknown> = {};
	for (const [key, value] of pairs) {
		if (!reserved.has(key)) {
			fields[key] = value;
		}
	}

	resetPayloadFields(out, 'logrus-text', pairs.get('msg') ?? '');
	out.severity = severity;
	out.fields = fields;
	const time = pairs.get('time');
	if (time !== undefined) {
		// A `time=` that is no RFC 3339 time is counted by the driver as a bad time (Infinity fails validTime).
		out.time = parseRfc3339(time, 0, context.rfc) === time.length ? context.rfc.time : Number.POSITIVE_INFINITY;
		out.precision = context.rfc.precision;
	}

	return true;
};

/** `ERRO[0025] message` (seconds since start) or `INFO[2021-01-28T09:38:14.216952247Z] message` (FullTimestamp). */
const decodeTerminal = (content: string, context: DecodeContext, out: PayloadFields): boolean => {
	const severity = terminalLevels[content.slice(0, 4)];
	if (severity === undefined || content.charCodeAt(4) !== 91) {
		return false;
	}

	const close = content.indexOf(']', 5);
	if (close < 0) {
		return false;
	}

	let uptime = Number.NaN;
	let time = Number.NaN;
	if (digitsEnd(content, 5) === close && close > 5) {
		uptime = Number(content.slice(5, close)) * 1000;
	} else if (parseRfc3339(content, 5, context.rfc) === close) {
		time = context.rfc.time;
	} else {
		return false;
	}

	resetPayloadFields(out, 'logrus-text', content.slice(close + 1).trim());
	out.severity = severity;
	out.uptimeMs = uptime;
	out.time = time;
	out.precision = Number.isNaN(time) ? 's' : context.rfc.precision;
	return true;
};

/**
 * logrus text (more-formats.md §3.1-3.2): `time="…" level=warning msg="…" key=value`, pairs Go-quoted when
 * needed; and the terminal form `WARN[0025] message  key=value`. The record's message is the decoded `msg`.
 */
export const logrusText: PayloadDecoder = {
	name: 'logrus-text',
	firsts: 'tlDEFIPTW',
	decode(content, context, out) {
		const first = content.charCodeAt(0);
		if (first === 116 || first === 108) {
			return (content.startsWith('time=') || content.startsWith('level=')) && decodeText(content, context, out);
		}

		return decodeTerminal(content, context, out);
	},
};
