import type {Envelope} from '../record.js';
import {detectEnvelope, type DetectContext, type DetectOutcome} from './detect-envelope.js';
import {resetEnvelopeFields} from './envelope-fields.js';
import {parseCri} from './parse-cri.js';
import {parseJournaldText} from './parse-journald-text.js';
import {parseKubectl} from './parse-kubectl.js';

/** Reads one physical line's envelope into the context's fields: the previous line's envelope first, then full detection. */
export type EnvelopeReader = {
	readonly read: (text: string, jsonStream: boolean) => DetectOutcome;
};

// The previous line's envelope, tried first: 0 none, 1 cri, 2 kubectl, 3 journald text, 4 other (full detection).
const fastCode = (envelope: Envelope): number => {
	switch (envelope) {
		case 'none': {
			return 0;
		}

		case 'cri': {
			return 1;
		}

		case 'kubectl': {
			return 2;
		}

		case 'journald-short':
		case 'journald-short-precise':
		case 'journald-short-iso':
		case 'journald-short-iso-precise':
		case 'journald-short-full':
		case 'journald-short-unix': {
			return 3;
		}

		case 'journald-json':
		case 'docker-json':
		case 'syslog': {
			return 4;
		}

		default: {
			return envelope satisfies never;
		}
	}
};

/** A reader over one parser's detection context. */
export function createEnvelopeReader(context: DetectContext): EnvelopeReader {
	const {fields, rfc, clock, utcClock, cache} = context;
	let fast = 4;
	const fastParse = (text: string): boolean => {
		if (fast === 0) {
			// Only the common klog case; anything else gets full detection.
			const first = text.charCodeAt(0);
			if (first === 73 || first === 87 || first === 69 || first === 70) {
				resetEnvelopeFields(fields, 'none', text);
				return true;
			}

			return false;
		}

		return fast === 1 ? parseCri(text, fields, rfc)
			: fast === 2 ? parseKubectl(text, fields, rfc)
				: fast === 3 && parseJournaldText(text, fields, rfc, clock, utcClock, cache);
	};

	return {
		read(text, jsonStream) {
			if (fastParse(text)) {
				return 'ok';
			}

			const outcome = detectEnvelope(text, context, jsonStream);
			if (outcome === 'ok') {
				fast = fastCode(fields.envelope);
			}

			return outcome;
		},
	};
}
