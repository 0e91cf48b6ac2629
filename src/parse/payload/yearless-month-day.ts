import {createKlogHeader, parseKlogHeader} from './klog-header.js';
import {monthAt} from '../envelope/parse-journald-text.js';

/**
 * month*100+day of a year-less line (journald `short`, or klog after an optional kubectl prefix),
 * or undefined. Used once per source on the last line, to anchor the year on the file's mtime.
 */
export function yearlessMonthDay(line: string): number | undefined {
	const month = monthAt(line, 0);
	if (month > 0 && line.charCodeAt(3) === 32) {
		const day = Number(line.slice(4, 6).trim());
		return day >= 1 && day <= 31 ? month * 100 + day : undefined;
	}

	const close = line.startsWith('[') ? line.indexOf('] ') : -2;
	const start = close + 2;
	const header = createKlogHeader();
	return start >= 0 && parseKlogHeader(line, start, header) >= 0 ? header.month * 100 + header.day : undefined;
}
