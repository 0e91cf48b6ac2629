import {parseRfc3339, type Rfc3339Result} from '../time/parse-rfc3339.js';
import {criStreamAt} from './parse-cri.js';
import {resetEnvelopeFields, type EnvelopeFields} from './envelope-fields.js';

/**
 * `kubectl logs` with `--prefix` (`[pod/NAME/CONTAINER] `) and/or `--timestamps` (RFC3339 then a space).
 * Without either there is no envelope, so this returns false.
 */
export function parseKubectl(text: string, fields: EnvelopeFields, rfc: Rfc3339Result): boolean {
	let index = 0;
	let pod: string | undefined;
	let container: string | undefined;
	if (text.charCodeAt(0) === 91) {
		const close = text.indexOf('] ');
		const firstSlash = text.indexOf('/');
		if (close < 0 || firstSlash < 0 || firstSlash > close) {
			return false;
		}

		const secondSlash = text.indexOf('/', firstSlash + 1);
		if (secondSlash < 0 || secondSlash > close || text.slice(0, close).includes(' ')) {
			return false;
		}

		pod = text.slice(firstSlash + 1, secondSlash);
		container = text.slice(secondSlash + 1, close);
		index = close + 2;
	}

	const end = parseRfc3339(text, index, rfc);
	let time = Number.NaN;
	if (end > 0 && (text.charCodeAt(end) === 32 || end === text.length) && criStreamAt(text, end) === 0) {
		time = rfc.time;
		index = end + 1;
	} else if (pod === undefined) {
		return false;
	}

	resetEnvelopeFields(fields, 'kubectl', index >= text.length ? '' : text.slice(index));
	if (!Number.isNaN(time)) {
		fields.time = time;
		fields.precision = rfc.precision;
	}

	fields.pod = pod;
	fields.container = container;
	return true;
}
