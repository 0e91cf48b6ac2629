import type {YearHint} from '../line-parser.js';
import type {YearSource} from '../record.js';
import {yearlessMonthDay} from '../payload/yearless-month-day.js';
import {civilOf, type ZoneClock} from './civil-time.js';

/** Gives year-less wall-clock times (klog, journald `short`) a year, following one stream's order. */
export type YearResolver = {
	/** Epoch ms of a year-less time; updates the rollover state. */
	readonly epoch: (month: number, day: number, hour: number, minute: number, second: number, fracMs: number) => number;
	/** Where the year of the last `epoch` call came from. */
	readonly source: () => YearSource;
	/** A klog `Log file created at:` header: the following lines are in this year. */
	readonly noteHeader: (year: number, month: number) => void;
	/** A line with its own full timestamp: year-less lines after it continue from its year. */
	readonly noteFullTime: (ms: number) => void;
};

const dayMs = 86_400_000;
// A month drop this large between consecutive lines is a December -> January rollover.
const rolloverMonths = 6;

/**
 * What the source's last line says about the end of the source: its month and day (month*100+day), and the time
 * it is known not to be after (the file's mtime, or the line's own full time). `full` is true when the line had
 * a full date, so the year comes from the log itself.
 */
export type EndAnchor = {readonly ms: number; readonly monthDay: number | undefined; readonly full: boolean};

/**
 * The end anchor of an `mtime` hint: the last line's own full time when it has one (`fullTimeOf`), else its
 * year-less month and day against the mtime.
 */
export function endAnchorOf(hint: YearHint, zone: 'local' | 'utc', fullTimeOf: (line: string) => number | undefined): EndAnchor | undefined {
	if (hint.kind !== 'mtime' || hint.lastLine === undefined) {
		return undefined;
	}

	const full = fullTimeOf(hint.lastLine);
	if (full !== undefined) {
		const civil = civilOf(full, zone);
		return {ms: full, monthDay: civil.month * 100 + civil.day, full: true};
	}

	return {ms: hint.ms, monthDay: yearlessMonthDay(hint.lastLine), full: false};
}

/**
 * `end` is what the source's last line says (see `endAnchorOf`), when known. A line with a full date anchors
 * the year-less lines after it (`noteFullTime`); the last line's full date anchors those before the first one.
 */
export function createYearResolver(hint: YearHint, zone: 'local' | 'utc', clock: ZoneClock, end: EndAnchor | undefined): YearResolver {
	const lastMonthDay = end?.monthDay;
	const endMs = end?.ms ?? (hint.kind === 'flag' ? 0 : hint.ms);
	let year = Number.NaN;
	let previousMonth = 0;
	let source: YearSource = hint.kind;
	let anchorMs = Number.NaN;

	const startYear = (month: number, day: number, hour: number, minute: number, second: number): void => {
		switch (hint.kind) {
			case 'flag': {
				year = hint.year;
				break;
			}

			case 'mtime': {
				const mtime = civilOf(endMs, zone);
				if (lastMonthDay === undefined) {
					year = mtime.year;
					if (clock.epoch(year, month, day, hour, minute, second, 0) > endMs + dayMs) {
						year--;
					}
				} else {
					const lastYear = lastMonthDay > mtime.month * 100 + mtime.day ? mtime.year - 1 : mtime.year;
					year = hint.rollovers !== undefined ? lastYear - hint.rollovers : month * 100 + day > lastMonthDay ? lastYear - 1 : lastYear;
				}

				break;
			}

			case 'now': {
				year = civilOf(hint.ms, zone).year;
				if (clock.epoch(year, month, day, hour, minute, second, 0) > hint.ms + dayMs) {
					year--;
				}

				break;
			}

			default: {
				hint satisfies never;
			}
		}

		source = end?.full === true ? 'envelope' : hint.kind;
		previousMonth = month;
	};

	const epoch = (month: number, day: number, hour: number, minute: number, second: number, fracMs: number): number => {
		if (!Number.isNaN(anchorMs)) {
			const anchor = civilOf(anchorMs, zone);
			year = anchor.year;
			previousMonth = anchor.month;
			source = 'envelope';
			anchorMs = Number.NaN;
		}

		if (Number.isNaN(year)) {
			startYear(month, day, hour, minute, second);
		}

		let lineYear = year;
		if (month < previousMonth - rolloverMonths + 1) {
			year++;
			lineYear = year;
			previousMonth = month;
		} else if (month === 12 && previousMonth === 1) {
			// A late December line right after the rollover (lines written at once, a moment apart, may come out
			// of order): last year's, and it must not roll again. Any other step forward is time going on, gaps
			// of months too (a node that was off, a sampled file): June after January is this year's June.
			lineYear = year - 1;
		} else {
			previousMonth = month;
		}

		return clock.epoch(lineYear, month, day, hour, minute, second, fracMs);
	};

	return {
		epoch,
		source: () => source,
		noteHeader(headerYear, month) {
			year = headerYear;
			previousMonth = month;
			source = 'klog-header';
			anchorMs = Number.NaN;
		},
		noteFullTime(ms) {
			anchorMs = ms;
		},
	};
}
