import type {DecodedPayload, Severity, TimePrecision} from '../record.js';
import type {ZoneClock} from '../time/civil-time.js';
import type {Rfc3339Result} from '../time/parse-rfc3339.js';

/**
 * What a payload decoder found in one logical line. One instance per parser, overwritten per line,
 * like the envelope's fields.
 */
export type PayloadFields = {
	payload: DecodedPayload | 'golog';
	/** Epoch ms of a full wall-clock time written in the payload, or NaN. */
	time: number;
	precision: TimePrecision | undefined;
	/** How long before the source's reference time the line was written (event table ages), or NaN. */
	ageMs: number;
	/** Milliseconds since the writing process started (logrus terminal `ERRO[0025]`), or NaN. */
	uptimeMs: number;
	severity: Severity | undefined;
	component: string | undefined;
	caller: string | undefined;
	message: string;
	fields: Readonly<Record<string, unknown>>;
	/**
	 * The line starts a record only when it cannot continue the pending one (`goroutine 1 [running]:` after a
	 * klog `F` line or a `panic:` line belongs to it).
	 */
	weak: boolean;
	/** The payload's lines may be followed by headerless continuation lines (stacks, wrapped messages). */
	continuable: boolean;
};

export const noFields: Readonly<Record<string, unknown>> = Object.freeze({});

/** A fresh scratch record. */
export function createPayloadFields(): PayloadFields {
	return {
		payload: 'golog',
		time: Number.NaN,
		precision: undefined,
		ageMs: Number.NaN,
		uptimeMs: Number.NaN,
		severity: undefined,
		component: undefined,
		caller: undefined,
		message: '',
		fields: noFields,
		weak: false,
		continuable: false,
	};
}

/** Reset every field before a decoder fills them. */
export function resetPayloadFields(out: PayloadFields, payload: PayloadFields['payload'], message: string): void {
	out.payload = payload;
	out.time = Number.NaN;
	out.precision = undefined;
	out.ageMs = Number.NaN;
	out.uptimeMs = Number.NaN;
	out.severity = undefined;
	out.component = undefined;
	out.caller = undefined;
	out.message = message;
	out.fields = noFields;
	out.weak = false;
	out.continuable = false;
}

/** What decoders may use besides the text: clocks for zone-less times and the RFC 3339 scratch. */
export type DecodeContext = {
	readonly clock: ZoneClock;
	readonly rfc: Rfc3339Result;
};

/** One payload format: a pure test-and-decode of a line's content. */
export type PayloadDecoder = {
	readonly name: string;
	/**
	 * The ASCII characters a line of this format can start with; `nonAscii` adds lines whose first character is
	 * not ASCII. The registry only offers a line to the decoders of its first character.
	 */
	readonly firsts: string;
	readonly nonAscii?: boolean;
	/** Fill `out` and return true when `content` is a line of this format; leave the line alone otherwise. */
	decode(content: string, context: DecodeContext, out: PayloadFields): boolean;
};

/** Digit value at `index`, or a large negative number. */
export const digitAt = (text: string, index: number): number => {
	const code = text.charCodeAt(index) - 48;
	return code >= 0 && code <= 9 ? code : -10_000;
};

/** Two digits at `index` as a number, negative when either is not a digit. */
export const twoDigitsAt = (text: string, index: number): number => digitAt(text, index) * 10 + digitAt(text, index + 1);

/** `HH:MM:SS` at `index` as [hour, minute, second], or undefined. */
export function clockAt(text: string, index: number): readonly [number, number, number] | undefined {
	if (text.charCodeAt(index + 2) !== 58 || text.charCodeAt(index + 5) !== 58) {
		return undefined;
	}

	const hour = twoDigitsAt(text, index);
	const minute = twoDigitsAt(text, index + 3);
	const second = twoDigitsAt(text, index + 6);
	return hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 61 ? [hour, minute, second] : undefined;
}

/** Milliseconds of the fraction digits in [start, end) (at most 9 read). */
export function fractionMs(text: string, start: number, end: number): number {
	let value = 0;
	let scale = 1000;
	for (let i = start; i < end && i < start + 9; i++) {
		value = value * 10 + digitAt(text, i);
		scale /= 10;
	}

	return value * scale;
}

/** Index just past the run of digits starting at `index`. */
export function digitsEnd(text: string, index: number): number {
	let end = index;
	while (digitAt(text, end) >= 0) {
		end++;
	}

	return end;
}
