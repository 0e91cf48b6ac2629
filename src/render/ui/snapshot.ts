import type {Report} from '../../diagnose/report.js';
import type {Progress} from '../../pipeline/diagnosis-session.js';

/** Where the reading is: still reading, caught up and following new lines, or finished. */
export type FeedPhase = 'reading' | 'following' | 'done';

/** Reading speed over the last few seconds. */
export type ReadRate = {readonly bytesPerSecond: number; readonly linesPerSecond: number};

/** Everything the live view draws from, taken at one moment. */
export type Snapshot = {
	readonly report: Report;
	readonly progress: Progress;
	readonly phase: FeedPhase;
	readonly rate: ReadRate | undefined;
	/** Since reading started. */
	readonly elapsedMs: number;
	/** What was asked to be read (paths, stdin, journald), for the first frame. */
	readonly inputs?: readonly string[] | undefined;
};

/** 1.2 kB, 34.5 MB: decimal units, as file managers and `ls -h --si` show them. */
export function formatBytes(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}

	// A rate can be a fraction of a byte (146.27… B/s): bytes are whole.
	return unit === 0 ? `${Math.round(value)} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** 4.2s, 45s, 3m 04s, 2h 05m. */
export function formatDuration(ms: number): string {
	if (ms < 9950) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
	return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
