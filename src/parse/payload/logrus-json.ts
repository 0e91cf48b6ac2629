import {parseRfc3339, type Rfc3339Result} from '../time/parse-rfc3339.js';
import {severityOfLevel} from './guess-severity.js';
import {resetPayloadFields, type PayloadFields} from './payload-fields.js';
import {otherFields} from './zap-json.js';

const reserved = new Set(['level', 'time', 'msg', 'func', 'file']);

/**
 * logrus's JSON formatter (more-formats.md §3.3): `{"level":"info","msg":"…","time":"…",…}`, keys sorted, `time`
 * RFC 3339 with any fraction (or absent with DisableTimestamp), and no `ts`. The record's message is `msg`.
 */
export function decodeLogrusJson(object: Readonly<Record<string, unknown>>, rfc: Rfc3339Result, out: PayloadFields): boolean {
	const {level, msg, time} = object;
	const severity = typeof level === 'string' ? severityOfLevel(level) : undefined;
	if (severity === undefined || typeof msg !== 'string' || typeof time !== 'string' || 'ts' in object) {
		return false;
	}

	resetPayloadFields(out, 'logrus-json', msg);
	out.severity = severity;
	// A `time` that is no time at all is counted by the driver as a bad time (Infinity fails validTime).
	out.time = parseRfc3339(time, 0, rfc) === time.length ? rfc.time : Number.POSITIVE_INFINITY;
	out.precision = rfc.precision;

	const file = object['file'];
	out.caller = typeof file === 'string' ? file : undefined;
	out.fields = otherFields(object, reserved);
	return true;
}
