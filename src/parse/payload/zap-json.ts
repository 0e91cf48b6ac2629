import {parseRfc3339, type Rfc3339Result} from '../time/parse-rfc3339.js';
import {severityOfLevel} from './guess-severity.js';
import {resetPayloadFields, type PayloadFields} from './payload-fields.js';

const reserved = new Set(['level', 'ts', 'caller', 'msg', 'logger']);

/** The object's keys except `skip`, as data properties (a `__proto__` key stays data). */
export function otherFields(object: Readonly<Record<string, unknown>>, skip: ReadonlySet<string>): Readonly<Record<string, unknown>> {
	return Object.fromEntries(Object.entries(object).filter(([key]) => !skip.has(key)));
}

/**
 * zap's JSON encoder (etcd 3.4 `--logger=zap`, 3.5+, more-formats.md §2): `{"level":…,"ts":…[,"logger":…],"caller":…,"msg":…,…}`.
 * `ts` is an ISO 8601 string whose fraction depends on the etcd release (3, up to 6 trimmed, or 6 digits) and
 * whose zone is `Z` or `±hhmm` without a colon, or zap's default float seconds. Kubernetes JSON has no `level`.
 * The logger name is the component; the record's message is `msg`.
 */
export function decodeZapJson(object: Readonly<Record<string, unknown>>, rfc: Rfc3339Result, out: PayloadFields): boolean {
	const {level, msg, ts} = object;
	const severity = typeof level === 'string' ? severityOfLevel(level) : undefined;
	// A `time` and no `ts` is logrus's JSON formatter.
	if (severity === undefined || typeof msg !== 'string' || (ts === undefined ? typeof object['time'] === 'string' : typeof ts !== 'string' && typeof ts !== 'number')) {
		return false;
	}

	resetPayloadFields(out, 'zap-json', msg);
	out.severity = severity;
	if (typeof ts === 'string') {
		// A `ts` that is no time at all is counted by the driver as a bad time (Infinity fails validTime).
		out.time = parseRfc3339(ts, 0, rfc) === ts.length ? rfc.time : Number.POSITIVE_INFINITY;
		out.precision = rfc.precision;
	} else if (typeof ts === 'number') {
		// zap's default EpochTimeEncoder: float seconds.
		out.time = ts * 1000;
		out.precision = Number.isInteger(ts) ? 's' : 'us';
	}

	out.component = typeof object['logger'] === 'string' ? object['logger'] : undefined;
	out.caller = typeof object['caller'] === 'string' ? object['caller'] : undefined;
	out.fields = otherFields(object, reserved);
	return true;
}
