import type {ZoneClock} from '../time/civil-time.js';
import type {Rfc3339Result} from '../time/parse-rfc3339.js';
import {resetEnvelopeFields, type EnvelopeFields} from './envelope-fields.js';
import {parseCri} from './parse-cri.js';
import {parseJournaldText, parseLocaleShort, type JournaldStringCache} from './parse-journald-text.js';
import {parseSyslogPri, parseSyslogRfc3339} from './parse-syslog.js';
import {parseJsonEnvelope, parseJsonObject} from './parse-json-envelope.js';
import {parseKubectl} from './parse-kubectl.js';

/** Everything envelope detection needs, allocated once per parser. */
export type DetectContext = {
	readonly fields: EnvelopeFields;
	readonly rfc: Rfc3339Result;
	readonly clock: ZoneClock;
	readonly utcClock: ZoneClock;
	readonly cache: JournaldStringCache;
};

/** `ok`: `fields` describe the line; `skip`: a journald separator; `bad-json`: broken JSON where JSON was expected. */
export type DetectOutcome = 'ok' | 'skip' | 'bad-json';

const separators = ['-- Boot ', '-- Reboot --', '-- No entries --', '-- Logs begin at ', '-- Journal begins at ', '-- cursor: '];

/** A line journalctl prints between entries rather than an entry. */
export function isJournaldSeparator(text: string, jsonStream: boolean): boolean {
	if (!text.startsWith('-- ')) {
		return false;
	}

	// In JSON modes no entry can start with `-- `, so any such line is journalctl's.
	return jsonStream || separators.some((prefix) => text.startsWith(prefix));
}

const detectJson = (text: string, context: DetectContext, jsonStream: boolean): DetectOutcome => {
	const object = parseJsonObject(text);
	if (object === undefined) {
		if (jsonStream || text.charCodeAt(1) === 34) {
			return 'bad-json';
		}

		resetEnvelopeFields(context.fields, 'none', text);
		return 'ok';
	}

	parseJsonEnvelope(object, context.fields, context.rfc);
	if (context.fields.envelope === 'none') {
		context.fields.content = text;
	}

	return 'ok';
};

/**
 * Full detection of one line's envelope, tried in the order its first character suggests; a line that
 * fits no envelope is envelope `none` with the whole line as content. `jsonStream` says the source so
 * far is JSON lines, which makes broken JSON an error rather than text.
 */
export function detectEnvelope(text: string, context: DetectContext, jsonStream: boolean): DetectOutcome {
	const {fields, rfc} = context;
	const first = text.charCodeAt(0);
	if (first === 123) {
		return detectJson(text, context, jsonStream);
	}

	// json-seq (RFC 7464) prefixes each object with RS; json-sse with `data: `.
	if (first === 30) {
		return detectJson(text.slice(1), context, true);
	}

	if (first === 100 && text.startsWith('data: {')) {
		return detectJson(text.slice(6), context, true);
	}

	if (first === 45 && isJournaldSeparator(text, jsonStream)) {
		return 'skip';
	}

	const {clock, utcClock, cache} = context;
	if (first >= 48 && first <= 57) {
		if (parseCri(text, fields, rfc) || parseJournaldText(text, fields, rfc, clock, utcClock, cache)
			|| parseSyslogRfc3339(text, fields, rfc, cache) || parseKubectl(text, fields, rfc)) {
			return 'ok';
		}
	} else if (first === 91) {
		if (parseKubectl(text, fields, rfc)) {
			return 'ok';
		}
	} else if (first >= 65 && first <= 90) {
		if (text.charCodeAt(3) === 32 && parseJournaldText(text, fields, rfc, clock, utcClock, cache)) {
			return 'ok';
		}
	} else if (first === 60) {
		if (parseSyslogPri(text, fields, rfc, clock, utcClock, cache)) {
			return 'ok';
		}
	} else if (first === 32 || (first >= 97 && first <= 122) || first > 127) {
		// journalctl `short` under a non-English LC_TIME (`avril 16`, `мая 05`, ` 5月 05`).
		if (parseLocaleShort(text, fields, cache)) {
			return 'ok';
		}
	}

	resetEnvelopeFields(fields, 'none', text);
	return 'ok';
}
