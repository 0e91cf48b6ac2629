import {parseRfc3339, type Rfc3339Result} from '../time/parse-rfc3339.js';
import {resetEnvelopeFields, type EnvelopeFields} from './envelope-fields.js';

/** Stream code after a timestamp: 1 for ` stdout `, 2 for ` stderr `, 0 otherwise. */
export function criStreamAt(text: string, index: number): number {
	if (text.charCodeAt(index) !== 32 || text.charCodeAt(index + 1) !== 115 || text.charCodeAt(index + 2) !== 116
		|| text.charCodeAt(index + 7) !== 32) {
		return 0;
	}

	if (text.startsWith('dout', index + 3)) {
		return 1;
	}

	return text.startsWith('derr', index + 3) ? 2 : 0;
}

/** `<RFC3339Nano> stdout|stderr P|F[:tags] content` (containerd, CRI-O). */
export function parseCri(text: string, fields: EnvelopeFields, rfc: Rfc3339Result): boolean {
	const end = parseRfc3339(text, 0, rfc);
	if (end < 0) {
		return false;
	}

	const stream = criStreamAt(text, end);
	if (stream === 0) {
		return false;
	}

	const tagStart = end + 8;
	const tag = text.charCodeAt(tagStart);
	if (tag !== 80 && tag !== 70) {
		return false;
	}

	let index = tagStart + 1;
	const next = text.charCodeAt(index);
	if (next === 58) {
		index = text.indexOf(' ', index);
		if (index < 0) {
			index = text.length;
		}
	} else if (next !== 32 && index !== text.length) {
		return false;
	}

	resetEnvelopeFields(fields, 'cri', index + 1 >= text.length ? '' : text.slice(index + 1));
	fields.time = rfc.time;
	fields.precision = rfc.precision;
	fields.stream = stream;
	fields.partial = tag === 80;
	return true;
}
