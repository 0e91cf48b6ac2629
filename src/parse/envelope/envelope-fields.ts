import type {Envelope, Severity, TimePrecision} from '../record.js';

/**
 * What an envelope parser found on one physical line. One instance per parser, overwritten per line,
 * so the hot path allocates nothing but the strings it slices.
 */
export type EnvelopeFields = {
	envelope: Envelope;
	/** Epoch ms of a full timestamp, or NaN. */
	time: number;
	precision: TimePrecision | undefined;
	/** A year-less wall-clock time (journald `short`): month 0 means none. */
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	fracMs: number;
	host: string | undefined;
	unit: string | undefined;
	pid: number | undefined;
	pod: string | undefined;
	container: string | undefined;
	/** journald PRIORITY mapped to a severity. */
	severity: Severity | undefined;
	/** 0 none, 1 stdout, 2 stderr. */
	stream: number;
	/** CRI `P` tag or a docker log chunk without its newline. */
	partial: boolean;
	/** The payload text. */
	content: string;
	/** Width of a journald text prefix, for continuation lines; 0 otherwise. */
	indent: number;
	/** A JSON object already decoded by envelope detection (envelope `none`), to spare a second parse. */
	json: Record<string, unknown> | undefined;
};

/** A fresh, empty scratch record. */
export function createEnvelopeFields(): EnvelopeFields {
	return {
		envelope: 'none',
		time: Number.NaN,
		precision: undefined,
		month: 0,
		day: 0,
		hour: 0,
		minute: 0,
		second: 0,
		fracMs: 0,
		host: undefined,
		unit: undefined,
		pid: undefined,
		pod: undefined,
		container: undefined,
		severity: undefined,
		stream: 0,
		partial: false,
		content: '',
		indent: 0,
		json: undefined,
	};
}

/** Reset every per-line field. */
export function resetEnvelopeFields(fields: EnvelopeFields, envelope: Envelope, content: string): void {
	fields.envelope = envelope;
	fields.time = Number.NaN;
	fields.precision = undefined;
	fields.month = 0;
	fields.host = undefined;
	fields.unit = undefined;
	fields.pid = undefined;
	fields.pod = undefined;
	fields.container = undefined;
	fields.severity = undefined;
	fields.stream = 0;
	fields.partial = false;
	fields.content = content;
	fields.indent = 0;
	fields.json = undefined;
}
