import type {Severity} from '../record.js';
import {parseRfc3339, type Rfc3339Result} from '../time/parse-rfc3339.js';
import {resetEnvelopeFields, type EnvelopeFields} from './envelope-fields.js';

const utf8 = new TextDecoder('utf-8');

/** journald PRIORITY (syslog level) as a severity. */
export function severityOfPriority(priority: unknown): Severity | undefined {
	const value = typeof priority === 'string' ? Number(priority) : priority;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 7) {
		return undefined;
	}

	return value <= 2 ? 'fatal' : value === 3 ? 'error' : value === 4 ? 'warning' : value <= 6 ? 'info' : 'debug';
}

// MESSAGE is a string, an array of byte values when not printable UTF-8, an array of values when the
// field repeats, or null when longer than 4096 bytes (without -a).
const messageOf = (value: unknown): string => {
	if (typeof value === 'string') {
		return value;
	}

	if (Array.isArray(value) && value.length > 0) {
		if (value.every((byte) => typeof byte === 'number')) {
			return utf8.decode(Uint8Array.from(value as number[]));
		}

		return value.map((item) => messageOf(item)).join('\n');
	}

	return '';
};

const stringField = (value: unknown): string | undefined => typeof value === 'string' && value !== '' ? value : Array.isArray(value) ? stringField(value[0]) : undefined;

const micros = (value: unknown): number => {
	const text = stringField(value);
	const number = text === undefined ? Number.NaN : Number(text);
	return Number.isFinite(number) && number > 0 ? number / 1000 : Number.NaN;
};

/**
 * Decide whether a decoded JSON line is a journald (`journalctl -o json`) or docker json-file entry
 * and fill `fields`. Anything else is envelope `none`, left for the payload (Kubernetes JSON logging).
 */
export function parseJsonEnvelope(object: Record<string, unknown>, fields: EnvelopeFields, rfc: Rfc3339Result): void {
	const log = object['log'];
	if (typeof log === 'string' && (object['stream'] !== undefined || object['time'] !== undefined)) {
		const complete = log.endsWith('\n');
		let content = complete ? log.slice(0, -1) : log;
		if (content.endsWith('\r')) {
			content = content.slice(0, -1);
		}

		resetEnvelopeFields(fields, 'docker-json', content);
		fields.stream = object['stream'] === 'stdout' ? 1 : 2;
		fields.partial = !complete;
		const time = object['time'];
		if (typeof time === 'string' && parseRfc3339(time, 0, rfc) > 0) {
			fields.time = rfc.time;
			fields.precision = rfc.precision;
		}

		return;
	}

	if ('MESSAGE' in object || '__REALTIME_TIMESTAMP' in object || '__CURSOR' in object) {
		resetEnvelopeFields(fields, 'journald-json', messageOf(object['MESSAGE']));
		const source = micros(object['_SOURCE_REALTIME_TIMESTAMP']);
		const time = Number.isNaN(source) ? micros(object['__REALTIME_TIMESTAMP']) : source;
		if (!Number.isNaN(time)) {
			fields.time = time;
			fields.precision = 'us';
		}

		fields.host = stringField(object['_HOSTNAME']);
		const pid = Number(stringField(object['_PID']) ?? stringField(object['SYSLOG_PID']));
		fields.pid = Number.isInteger(pid) && pid > 0 ? pid : undefined;
		fields.unit = stringField(object['SYSLOG_IDENTIFIER']) ?? stringField(object['_COMM']) ?? stringField(object['_SYSTEMD_UNIT']);
		fields.severity = severityOfPriority(stringField(object['PRIORITY']));
		return;
	}

	resetEnvelopeFields(fields, 'none', '');
	fields.json = object;
}

/** JSON.parse that returns undefined instead of throwing, and only objects. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}
