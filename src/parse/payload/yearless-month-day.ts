import {createKlogHeader, parseKlogHeader} from './klog-header.js';
import {localeMonthAt} from '../envelope/locale-months.js';
import {monthAt} from '../envelope/parse-journald-text.js';

const dayAt = (line: string, index: number): number | undefined => {
	const day = Number(line.slice(index, index + 2).trim());
	return Number.isInteger(day) && day >= 1 && day <= 31 ? day : undefined;
};

/**
 * month*100+day of a year-less line (journald `short` in any locale the parser reads, rsyslog traditional, or klog
 * after an optional kubectl prefix), or undefined. Used once per source on the last line, to anchor the year on
 * the file's mtime.
 */
export function yearlessMonthDay(line: string): number | undefined {
	const month = monthAt(line, 0);
	if (month > 0 && line.charCodeAt(3) === 32) {
		const day = dayAt(line, 4);
		return day === undefined ? undefined : month * 100 + day;
	}

	const locale = localeMonthAt(line, 0);
	if (locale !== undefined) {
		const day = dayAt(line, locale[1] + 1);
		if (day !== undefined) {
			return locale[0] * 100 + day;
		}
	}

	const close = line.startsWith('[') ? line.indexOf('] ') : -2;
	const start = close + 2;
	const header = createKlogHeader();
	return start >= 0 && parseKlogHeader(line, start, header) >= 0 ? header.month * 100 + header.day : undefined;
}
