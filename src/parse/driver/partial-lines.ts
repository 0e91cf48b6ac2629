import type {EnvelopeFields} from '../envelope/envelope-fields.js';
import {resetEnvelopeFields} from '../envelope/envelope-fields.js';
import type {Envelope, TimePrecision} from '../record.js';

/** Hands on one logical line whose envelope is in the fields: its raw first line, line number and physical line count. */
export type LogicalLineSink = (raw: string, line: number, count: number) => void;

/**
 * Joins partial lines (CRI `P` records, docker json-file chunks without `\n`) per stream (1 stdout, 2 stderr)
 * up to their final piece, then hands the logical line on with the first piece's time.
 */
export type PartialLines = {
	/** One physical line whose envelope was just read into `fields`. */
	readonly push: (text: string, line: number) => void;
	/** Flush the pieces still open at the end, the earlier stream first. */
	readonly end: () => void;
};

const maxJoinedLength = 8 * 1024 * 1024;

export function createPartialLines(fields: EnvelopeFields, sink: LogicalLineSink): PartialLines {
	const content = ['', '', ''];
	const count = [0, 0, 0];
	const firstLine = [0, 0, 0];
	const raw = ['', '', ''];
	const time = [0, 0, 0];
	const precision: Array<TimePrecision | undefined> = [undefined, undefined, undefined];
	const envelope: Envelope[] = ['none', 'none', 'none'];

	const flush = (stream: number): void => {
		const pieces = count[stream]!;
		resetEnvelopeFields(fields, envelope[stream]!, content[stream]!);
		fields.stream = stream;
		fields.time = time[stream]!;
		fields.precision = precision[stream];
		count[stream] = 0;
		content[stream] = '';
		sink(raw[stream]!, firstLine[stream]!, pieces);
	};

	const push = (text: string, line: number): void => {
		const stream = fields.stream;
		if (stream === 0 || (fields.envelope !== 'cri' && fields.envelope !== 'docker-json')) {
			sink(text, line, 1);
			return;
		}

		const pieces = count[stream]!;
		if (fields.partial) {
			if (pieces === 0) {
				content[stream] = fields.content;
				firstLine[stream] = line;
				raw[stream] = text;
				time[stream] = fields.time;
				precision[stream] = fields.precision;
				envelope[stream] = fields.envelope;
			} else {
				content[stream] += fields.content;
			}

			count[stream] = pieces + 1;
			if (content[stream]!.length > maxJoinedLength) {
				flush(stream);
			}

			return;
		}

		if (pieces === 0) {
			sink(text, line, 1);
			return;
		}

		fields.content = content[stream] + fields.content;
		fields.time = time[stream]!;
		fields.precision = precision[stream];
		count[stream] = 0;
		content[stream] = '';
		sink(raw[stream]!, firstLine[stream]!, pieces + 1);
	};

	const end = (): void => {
		const first = count[1]! > 0 && (count[2] === 0 || firstLine[1]! < firstLine[2]!) ? 1 : 2;
		for (const stream of [first, 3 - first]) {
			if (count[stream]! > 0) {
				flush(stream);
			}
		}
	};

	return {push, end};
}
