import type {Severity, TimePrecision} from '../record.js';
import {parseRfc3339, type Rfc3339Result} from '../time/parse-rfc3339.js';
import {severityOfLevel} from './guess-severity.js';

/** What a Kubernetes JSON log object (`--logging-format=json`, or zap-style JSON like etcd's) carries. */
export type K8sJsonParts = {
	time: number | undefined;
	precision: TimePrecision | undefined;
	severity: Severity;
	caller: string | undefined;
	fields: Readonly<Record<string, unknown>>;
};

const reserved = new Set(['ts', 'caller', 'msg', 'v']);

/** `ts` is float ms since the epoch (Kubernetes), float seconds (zap default) or an RFC 3339 string (etcd). */
const timeOf = (ts: unknown, rfc: Rfc3339Result): [number | undefined, TimePrecision | undefined] => {
	// Out-of-range numbers are passed on: the driver's validTime turns them into no time and counts them.
	if (typeof ts === 'number') {
		const ms = ts < 1e11 ? ts * 1000 : ts;
		return [ms, Number.isInteger(ms) ? 'ms' : 'us'];
	}

	if (typeof ts === 'string') {
		// A string that is no RFC 3339 time (`99999-01-01…`): Infinity, which the driver counts as a bad time.
		return parseRfc3339(ts, 0, rfc) > 0 ? [rfc.time, rfc.precision] : [Number.POSITIVE_INFINITY, undefined];
	}

	return [undefined, undefined];
};

/** The parts of a decoded object with a string `msg`, or undefined when it is not such a log object. */
export function k8sJsonParts(object: Readonly<Record<string, unknown>>, rfc: Rfc3339Result): K8sJsonParts | undefined {
	if (typeof object['msg'] !== 'string') {
		return undefined;
	}

	const [time, precision] = timeOf(object['ts'], rfc);
	// fromEntries defines properties, so a `__proto__` key stays data.
	const fields = Object.fromEntries(Object.entries(object).filter(([key]) => !reserved.has(key)));

	// No level key in Kubernetes JSON: an error entry has `err` and no `v`.
	const severity = severityOfLevel(object['level'])
		?? ('err' in object && !('v' in object) ? 'error' : 'info');
	const caller = typeof object['caller'] === 'string' ? object['caller'] : undefined;
	return {time, precision, severity, caller, fields};
}
