import {digitsEnd, resetPayloadFields, type PayloadDecoder} from './payload-fields.js';

/**
 * Go crash output (more-formats.md §11): `panic: …` and `fatal error: …` start a record of severity fatal that
 * takes the following `[signal …]`, `goroutine N [status]:` and stack frame lines as continuations. A
 * `goroutine N [` line with no panic before it (a dump after a klog `F` line, a pasted stack) starts one only
 * when no pending record can take it.
 */
export const goPanic: PayloadDecoder = {
	name: 'go-panic',
	firsts: 'pfg',
	decode(content, _context, out) {
		const first = content.charCodeAt(0);
		let weak = false;
		if (first === 112) {
			if (!content.startsWith('panic: ')) {
				return false;
			}
		} else if (first === 102) {
			if (!content.startsWith('fatal error: ')) {
				return false;
			}
		} else {
			const end = digitsEnd(content, 10);
			if (!content.startsWith('goroutine ') || end === 10 || content.charCodeAt(end) !== 32 || content.charCodeAt(end + 1) !== 91) {
				return false;
			}

			weak = true;
		}

		resetPayloadFields(out, 'go-panic', content);
		out.severity = 'fatal';
		out.weak = weak;
		out.continuable = true;
		return true;
	},
};
