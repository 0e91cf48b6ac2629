import {createCliMarker} from './cli-marker.js';
import {dmesg} from './dmesg.js';
import {etcdCapnslog} from './etcd-capnslog.js';
import {goPanic} from './go-panic.js';
import {createKubectlEvents} from './kubectl-events.js';
import {kubectlError} from './kubectl-error.js';
import {logrusText} from './logrus-text.js';
import {golog} from './parse-golog.js';
import type {DecodeContext, PayloadDecoder, PayloadFields} from './payload-fields.js';

/** The text payload decoders after klog, tried by first character, the previous line's decoder first. */
export type PayloadRegistry = {
	/** Decode `content` into `out` with the first decoder that takes it; false when none does (plain or continuation). */
	readonly decode: (content: string, context: DecodeContext, out: PayloadFields) => boolean;
	/** The `==> name <==` section the lines are in, when a header named one. */
	readonly section: () => string | undefined;
};

/**
 * A registry for one parser (the events table and section decoders keep state). The fixed order decides between
 * formats a line could be: an open events table first, then logrus, capnslog, Go log, dmesg, Go panics, kubectl
 * errors and CLI markers.
 */
export function createPayloadRegistry(): PayloadRegistry {
	const marker = createCliMarker();
	const events = createKubectlEvents();
	const ordered: readonly PayloadDecoder[] = [events, logrusText, etcdCapnslog, golog, dmesg, goPanic, kubectlError, marker];
	const byFirst: PayloadDecoder[][] = Array.from({length: 128}, () => []);
	for (const decoder of ordered) {
		for (const char of new Set(decoder.firsts)) {
			byFirst[char.charCodeAt(0)]!.push(decoder);
		}
	}

	const nonAscii = ordered.filter((decoder) => decoder.nonAscii === true);
	let last: PayloadDecoder | undefined;
	const decode = (content: string, context: DecodeContext, out: PayloadFields): boolean => {
		const first = content.charCodeAt(0);
		const candidates = first < 128 ? byFirst[first]! : nonAscii;
		// An open events table takes its rows before anything else; then the previous line's decoder.
		if (candidates[0] === events && events.decode(content, context, out)) {
			last = events;
			return true;
		}

		if (last !== undefined && last !== events && candidates.includes(last) && last.decode(content, context, out)) {
			return true;
		}

		for (const decoder of candidates) {
			if (decoder !== last && decoder !== events && decoder.decode(content, context, out)) {
				last = decoder;
				return true;
			}
		}

		return false;
	};

	return {decode, section: marker.section};
}
