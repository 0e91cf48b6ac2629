import type {Severity} from '../record.js';
import {precisionOfDigits} from '../time/parse-rfc3339.js';
import {clockAt, digitAt, digitsEnd, fractionMs, resetPayloadFields, twoDigitsAt, type PayloadDecoder} from './payload-fields.js';

const levels: Readonly<Record<string, Severity>> = {C: 'fatal', E: 'error', W: 'warning', N: 'info', I: 'info', D: 'debug', T: 'debug'};

// The package names etcd 3.3/3.4 log under (more-formats.md §1.1): with them a line whose time and level were
// cut off (`etcdmain: rejected connection …`) is still known as capnslog.
const packages = new Set([
	'etcdmain', 'etcdserver', 'embed', 'raft', 'rafthttp', 'wal', 'mvcc', 'mvcc/backend', 'auth', 'etcdserver/api/v3rpc',
	'etcdserver/membership', 'etcdserver/api/v2http', 'etcdserver/api/etcdhttp', 'snap', 'pkg/fileutil', 'pkg/flags', 'compactor', 'alarm',
	'v3rpc', 'membership', 'osutil', 'proxy', 'grpcproxy', 'clientv3', 'lease', 'backend', 'discovery',
]);

const isPackageChar = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 47 || code === 95 || code === 46 || code === 45;

/** Index of the `:` ending a `pkg: ` prefix at `start`, or -1. */
const packageEnd = (text: string, start: number): number => {
	let i = start;
	while (i < text.length && i < start + 48 && isPackageChar(text.charCodeAt(i))) {
		i++;
	}

	return i > start && text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 32 ? i : -1;
};

/**
 * etcd ≤ 3.4 (capnslog, more-formats.md §1): `YYYY-MM-DD HH:MM:SS.ffffff L | pkg: message` in local time, with
 * ` [file:line]` before the level under `--debug`; also a line of one of etcd's packages with the time cut off.
 */
export const etcdCapnslog: PayloadDecoder = {
	name: 'etcd-capnslog',
	firsts: '0123456789abcdefghijklmnopqrstuvwxyz',
	decode(content, context, out) {
		if (digitAt(content, 0) < 0) {
			const end = packageEnd(content, 0);
			if (end < 0 || !packages.has(content.slice(0, end))) {
				return false;
			}

			resetPayloadFields(out, 'etcd-capnslog', content.slice(end + 2));
			out.component = content.slice(0, end);
			out.continuable = true;
			return true;
		}

		if (content.charCodeAt(4) !== 45 || content.charCodeAt(7) !== 45 || content.charCodeAt(10) !== 32 || content.charCodeAt(19) !== 46) {
			return false;
		}

		const year = twoDigitsAt(content, 0) * 100 + twoDigitsAt(content, 2);
		const month = twoDigitsAt(content, 5);
		const day = twoDigitsAt(content, 8);
		const time = clockAt(content, 11);
		const fractionEnd = digitsEnd(content, 20);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || time === undefined || fractionEnd === 20 || content.charCodeAt(fractionEnd) !== 32) {
			return false;
		}

		let index = fractionEnd + 1;
		let caller: string | undefined;
		if (content.charCodeAt(index) === 91) {
			const close = content.indexOf('] ', index);
			if (close < 0) {
				return false;
			}

			caller = content.slice(index + 1, close);
			index = close + 2;
		}

		const severity = levels[content.charAt(index)];
		if (severity === undefined || content.charCodeAt(index + 1) !== 32 || content.charCodeAt(index + 2) !== 124 || content.charCodeAt(index + 3) !== 32) {
			return false;
		}

		const start = index + 4;
		const end = packageEnd(content, start);
		resetPayloadFields(out, 'etcd-capnslog', content.slice(end < 0 ? start : end + 2));
		out.time = context.clock.epoch(year, month, day, time[0], time[1], time[2], fractionMs(content, 20, fractionEnd));
		out.precision = precisionOfDigits(fractionEnd - 20);
		out.severity = severity;
		out.component = end < 0 ? undefined : content.slice(start, end);
		out.caller = caller;
		out.continuable = true;
		return true;
	},
};
