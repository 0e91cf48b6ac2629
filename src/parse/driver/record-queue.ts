import type {LogRecord} from '../record.js';
import {validTime} from '../time/valid-time.js';

/**
 * Puts finished records out in order, holding back those whose time is seconds since the writing process started
 * (logrus terminal `ERRO[0025]`) until a record with a full time places the process start: then each gets
 * start + its uptime (`timeFrom: 'process-uptime'`, second precision). Records after a held one wait with it.
 */
export type RecordQueue = {
	/** `uptimeMs` is NaN unless the record's time is an uptime. */
	readonly push: (record: LogRecord, uptimeMs: number) => void;
	/** Put out what is still held; uptimes with no start known stay without a time. */
	readonly end: () => void;
};

// Beyond this many held records the wait ends without a time, so one uptime line cannot hold a whole file.
const maxHeld = 1000;

type Mutable = {time: number | undefined; timePrecision: LogRecord['timePrecision']; timeFrom: LogRecord['timeFrom']};

export function createRecordQueue(emit: (record: LogRecord) => void): RecordQueue {
	let startMs = Number.NaN;
	let lastFullMs = Number.NaN;
	const held: LogRecord[] = [];
	const heldUptimes: number[] = [];

	const date = (record: LogRecord, uptimeMs: number): void => {
		const time = validTime(startMs + uptimeMs);
		if (!Number.isNaN(time)) {
			const mutable = record as unknown as Mutable;
			mutable.time = time;
			mutable.timePrecision = 's';
			mutable.timeFrom = 'process-uptime';
		}
	};

	const release = (): void => {
		for (const [index, record] of held.entries()) {
			const uptime = heldUptimes[index]!;
			if (!Number.isNaN(uptime) && !Number.isNaN(startMs)) {
				date(record, uptime);
			}

			emit(record);
		}

		held.length = 0;
		heldUptimes.length = 0;
	};

	const push = (record: LogRecord, uptimeMs: number): void => {
		if (!Number.isNaN(uptimeMs)) {
			if (Number.isNaN(startMs) && !Number.isNaN(lastFullMs)) {
				startMs = lastFullMs - uptimeMs;
			}

			if (!Number.isNaN(startMs) && held.length === 0) {
				date(record, uptimeMs);
				emit(record);
				return;
			}
		} else if (record.time !== undefined && record.timeFrom === undefined) {
			lastFullMs = record.time;
			if (held.length > 0 && Number.isNaN(startMs)) {
				// The last held uptime was written before this line: the process started at most that long before it.
				const lastUptime = heldUptimes.findLast((uptime) => !Number.isNaN(uptime));
				startMs = lastUptime === undefined ? Number.NaN : record.time - lastUptime;
			}

			if (held.length > 0) {
				release();
			}
		}

		if (held.length === 0 && Number.isNaN(uptimeMs)) {
			emit(record);
			return;
		}

		held.push(record);
		heldUptimes.push(uptimeMs);
		if (held.length >= maxHeld) {
			release();
		}
	};

	return {push, end: release};
}
