import {goQuotedEnd, goUnquote} from './go-unquote.js';
import type {DecodedRecord, K8sJsonRecord, LogRecord} from './record.js';

const isKeyChar = (code: number): boolean =>
	(code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45 || code === 46 || code === 47;

/** Index of the `=` of a ` key=` starting at the space at `index`, or -1. */
const keyEnd = (text: string, index: number): number => {
	if (text.charCodeAt(index) !== 32 || !isKeyChar(text.charCodeAt(index + 1))) {
		return -1;
	}

	let i = index + 1;
	while (isKeyChar(text.charCodeAt(i))) {
		i++;
	}

	return text.charCodeAt(i) === 61 ? i : -1;
};

/** A bare value runs to the next ` key=` (old `%+v` output may contain spaces). */
const bareEnd = (text: string, start: number): number => {
	for (let i = text.indexOf(' ', start); i >= 0; i = text.indexOf(' ', i + 1)) {
		if (keyEnd(text, i) >= 0) {
			return i;
		}
	}

	return text.length;
};

/** Decode a klog structured message: `"msg" key="v" key=<\n\tline\n >` -> `msg key=v key=line`. */
export function decodeKlogStructured(message: string): string {
	const msgEnd = goQuotedEnd(message, 0);
	if (message.charCodeAt(0) !== 34 || msgEnd < 0) {
		return message;
	}

	let out = goUnquote(message.slice(1, msgEnd - 1));
	let index = msgEnd;
	while (index < message.length) {
		const equals = keyEnd(message, index);
		if (equals < 0) {
			// Not a pair (continuation text, malformed output): keep the rest as written.
			return out + message.slice(index);
		}

		out += message.slice(index, equals + 1);
		const start = equals + 1;
		const first = message.charCodeAt(start);
		if (first === 34) {
			const end = goQuotedEnd(message, start);
			if (end < 0) {
				return out + message.slice(start);
			}

			out += goUnquote(message.slice(start + 1, end - 1));
			index = end;
		} else if (first === 60 && message.charCodeAt(start + 1) === 10) {
			// Multi-line value: lines prefixed with a TAB, closed by a line ` >`.
			const close = message.indexOf('\n >', start + 1);
			const blockEnd = close < 0 ? message.length : close;
			out += message.slice(start + 2, blockEnd).split('\n').map((line) => line.startsWith('\t') ? line.slice(1) : line).join('\n');
			index = close < 0 ? message.length : close + 3;
		} else {
			const end = bareEnd(message, start);
			out += message.slice(start, end);
			index = end;
		}
	}

	return out;
}

const formatValue = (value: unknown): string => typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);

const decodeK8sJson = (record: K8sJsonRecord): string => {
	let msg: unknown;
	try {
		msg = (JSON.parse(record.message) as Record<string, unknown>)['msg'];
	} catch {
		msg = undefined;
	}

	let out = typeof msg === 'string' ? msg : record.message;
	if ('err' in record.fields) {
		out += ' err=' + formatValue(record.fields['err']);
	}

	for (const [key, value] of Object.entries(record.fields)) {
		if (key !== 'err') {
			out += ' ' + key + '=' + formatValue(value);
		}
	}

	return out;
};

// Not searched: a zap stack trace is the logger's own call stack, long and full of words that are no failure.
const unsearched = new Set(['stacktrace']);

/**
 * `msg key=value … error=… err=…` of a zap or logrus record, values decoded. The error fields come last, as
 * the innermost part of a Go error chain does: what the failing call was about (`target=`, `remote-addr=`)
 * stands before the failure, where a reader of the error grammar looks for it.
 */
const decodeFields = (record: DecodedRecord): string => {
	let out = record.message;
	const fields = record.fields;
	for (const [key, value] of Object.entries(fields)) {
		if (key !== 'error' && key !== 'err' && !unsearched.has(key)) {
			out += ' ' + key + '=' + formatValue(value);
		}
	}

	for (const key of ['error', 'err']) {
		if (key in fields) {
			out += ' ' + key + '=' + formatValue(fields[key]);
		}
	}

	return out;
};

/** A kubectl event row: its message, then what the table said about it. */
const decodeEvent = (record: DecodedRecord): string => {
	const {reason, object} = record.fields;
	return record.message + (typeof reason === 'string' ? ' reason=' + reason : '') + (typeof object === 'string' ? ' object=' + object : '');
};

/**
 * The decoded text that rules match against: klog structured lines with the message and quoted values
 * unquoted, Kubernetes JSON as `msg err=… key=value`, zap and logrus (JSON and text) as `msg key=value … error=… err=…`
 * with JSON escapes and Go quotes decoded, kubectl event rows as `message reason=… object=…`, everything else its
 * message.
 */
export function searchableText(record: LogRecord): string {
	switch (record.payload) {
		case 'klog': {
			return record.structured ? decodeKlogStructured(record.message) : record.message;
		}

		case 'k8s-json': {
			return decodeK8sJson(record);
		}

		case 'zap-json':
		case 'logrus-json':
		case 'logrus-text': {
			return decodeFields(record);
		}

		case 'kubectl-event': {
			return decodeEvent(record);
		}

		case 'etcd-capnslog':
		case 'dmesg':
		case 'kubectl-error':
		case 'go-panic':
		case 'cli-marker':
		case 'golog':
		case 'plain': {
			return record.message;
		}

		default: {
			return record satisfies never;
		}
	}
}
