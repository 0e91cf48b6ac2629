import type {
	DecodedPayload, DecodedRecord, Envelope, GoLogRecord, K8sJsonRecord, KlogRecord, PlainRecord, Severity, TimePrecision, TimeSource, YearSource,
} from './record.js';

/**
 * The common head of every record, in one fixed property order so that V8 keeps one hidden class per payload.
 * Each builder below spells out the literal instead of spreading, for the same reason.
 */
export type RecordHead = {
	source: string;
	line: number;
	lineCount: number;
	time: number | undefined;
	timePrecision: TimePrecision | undefined;
	yearFrom: YearSource | undefined;
	timeFrom: TimeSource | undefined;
	severity: Severity | undefined;
	envelope: Envelope;
	host: string | undefined;
	pod: string | undefined;
	container: string | undefined;
	pid: number | undefined;
	unit: string | undefined;
	component: string | undefined;
};

/** A head with nothing known yet. */
export function createRecordHead(source: string): RecordHead {
	return {
		source,
		line: 0,
		lineCount: 1,
		time: undefined,
		timePrecision: undefined,
		yearFrom: undefined,
		timeFrom: undefined,
		severity: undefined,
		envelope: 'none',
		host: undefined,
		pod: undefined,
		container: undefined,
		pid: undefined,
		unit: undefined,
		component: undefined,
	};
}

/** A klog record from the head fields and payload parts. */
export function buildKlogRecord(h: RecordHead, message: string, raw: string, caller: string, structured: boolean): KlogRecord {
	return {
		source: h.source,
		line: h.line,
		lineCount: h.lineCount,
		time: h.time,
		timePrecision: h.timePrecision,
		yearFrom: h.yearFrom,
		timeFrom: h.timeFrom,
		severity: h.severity,
		envelope: h.envelope,
		host: h.host,
		pod: h.pod,
		container: h.container,
		pid: h.pid,
		unit: h.unit,
		component: h.component,
		message,
		raw,
		payload: 'klog',
		caller,
		structured,
	};
}

/** A Kubernetes JSON record. */
export function buildK8sJsonRecord(h: RecordHead, message: string, raw: string, caller: string | undefined, fields: Readonly<Record<string, unknown>>): K8sJsonRecord {
	return {
		source: h.source,
		line: h.line,
		lineCount: h.lineCount,
		time: h.time,
		timePrecision: h.timePrecision,
		yearFrom: h.yearFrom,
		timeFrom: h.timeFrom,
		severity: h.severity,
		envelope: h.envelope,
		host: h.host,
		pod: h.pod,
		container: h.container,
		pid: h.pid,
		unit: h.unit,
		component: h.component,
		message,
		raw,
		payload: 'k8s-json',
		caller,
		fields,
	};
}

/** A Go `log` record. */
export function buildGoLogRecord(h: RecordHead, message: string, raw: string, caller: string | undefined): GoLogRecord {
	return {
		source: h.source,
		line: h.line,
		lineCount: h.lineCount,
		time: h.time,
		timePrecision: h.timePrecision,
		yearFrom: h.yearFrom,
		timeFrom: h.timeFrom,
		severity: h.severity,
		envelope: h.envelope,
		host: h.host,
		pod: h.pod,
		container: h.container,
		pid: h.pid,
		unit: h.unit,
		component: h.component,
		message,
		raw,
		payload: 'golog',
		caller,
	};
}

/** A record of one of the decoded payloads (zap, logrus, capnslog, dmesg, kubectl, Go panics, CLI markers). */
export function buildDecodedRecord(
	h: RecordHead,
	payload: DecodedPayload,
	message: string,
	raw: string,
	caller: string | undefined,
	fields: Readonly<Record<string, unknown>>,
): DecodedRecord {
	return {
		source: h.source,
		line: h.line,
		lineCount: h.lineCount,
		time: h.time,
		timePrecision: h.timePrecision,
		yearFrom: h.yearFrom,
		timeFrom: h.timeFrom,
		severity: h.severity,
		envelope: h.envelope,
		host: h.host,
		pod: h.pod,
		container: h.container,
		pid: h.pid,
		unit: h.unit,
		component: h.component,
		message,
		raw,
		payload,
		caller,
		fields,
	};
}

/** A plain record. */
export function buildPlainRecord(h: RecordHead, message: string, raw: string): PlainRecord {
	return {
		source: h.source,
		line: h.line,
		lineCount: h.lineCount,
		time: h.time,
		timePrecision: h.timePrecision,
		yearFrom: h.yearFrom,
		timeFrom: h.timeFrom,
		severity: h.severity,
		envelope: h.envelope,
		host: h.host,
		pod: h.pod,
		container: h.container,
		pid: h.pid,
		unit: h.unit,
		component: h.component,
		message,
		raw,
		payload: 'plain',
	};
}
