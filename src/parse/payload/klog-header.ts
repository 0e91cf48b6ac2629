/** Fields of a klog header, filled in place by `parseKlogHeader`. */
export type KlogHeader = {
	/** Char code of `I`, `W`, `E` or `F`. */
	letter: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	micros: number;
	pid: number;
	callerStart: number;
	callerEnd: number;
};

/** A fresh header slot. */
export function createKlogHeader(): KlogHeader {
	return {letter: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0, pid: 0, callerStart: 0, callerEnd: 0};
}

const d = (text: string, index: number): number => {
	const code = text.charCodeAt(index) - 48;
	return code >= 0 && code <= 9 ? code : -100;
};

const parseTime = (text: string, start: number, out: KlogHeader): boolean => {
	const month = d(text, start + 1) * 10 + d(text, start + 2);
	const day = d(text, start + 3) * 10 + d(text, start + 4);
	const hour = d(text, start + 6) * 10 + d(text, start + 7);
	const minute = d(text, start + 9) * 10 + d(text, start + 10);
	const second = d(text, start + 12) * 10 + d(text, start + 13);
	let micros = 0;
	for (let i = start + 15; i < start + 21; i++) {
		micros = micros * 10 + d(text, i);
	}

	if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || micros < 0
		|| text.charCodeAt(start + 21) !== 32) {
		return false;
	}

	out.month = month;
	out.day = day;
	out.hour = hour;
	out.minute = minute;
	out.second = second;
	out.micros = micros;
	return true;
};

/**
 * Parse `Lmmdd hh:mm:ss.uuuuuu pid file:line] ` at `start` (no regex, no allocation).
 * Returns the index where the message starts, or -1 when the text is not a klog header. Without
 * `withTime` (the envelope has the time) the date digits are not read.
 */
export function parseKlogHeader(text: string, start: number, out: KlogHeader, withTime = true): number {
	const letter = text.charCodeAt(start);
	if ((letter !== 73 && letter !== 87 && letter !== 69 && letter !== 70) || text.charCodeAt(start + 5) !== 32
		|| text.charCodeAt(start + 8) !== 58 || text.charCodeAt(start + 11) !== 58 || text.charCodeAt(start + 14) !== 46) {
		return -1;
	}

	if (withTime) {
		if (!parseTime(text, start, out)) {
			return -1;
		}
	} else if (text.charCodeAt(start + 21) !== 32) {
		return -1;
	}

	// The PID is right-aligned in 7 columns, so it usually ends at column 28: read it backwards from there.
	let index = start + 29;
	let pid = 0;
	if (text.charCodeAt(index) === 32 && d(text, index - 1) >= 0) {
		let scale = 1;
		let i = index - 1;
		let digit = d(text, i);
		while (digit >= 0) {
			pid += digit * scale;
			scale *= 10;
			i--;
			digit = d(text, i);
		}

		if (text.charCodeAt(i) !== 32) {
			return -1;
		}
	} else {
		index = start + 22;
		while (text.charCodeAt(index) === 32) {
			index++;
		}

		const pidStart = index;
		let digit = d(text, index);
		while (digit >= 0) {
			pid = pid * 10 + digit;
			index++;
			digit = d(text, index);
		}

		if (index === pidStart || text.charCodeAt(index) !== 32) {
			return -1;
		}
	}

	const callerStart = index + 1;
	const bracket = text.indexOf(']', callerStart);
	if (bracket < 0 || bracket === callerStart) {
		return -1;
	}

	out.letter = letter;
	out.pid = pid;
	out.callerStart = callerStart;
	out.callerEnd = bracket;
	return text.charCodeAt(bracket + 1) === 32 ? bracket + 2 : bracket + 1;
}

const scratch = createKlogHeader();

/**
 * Where a second klog record pasted onto the same physical line starts in `text` (at or after `from`): a space,
 * then a whole klog header of the same month and day `monthDay` (`0510`). -1 when there is none.
 */
export function pastedKlogAt(text: string, from: number, monthDay: string): number {
	for (let index = text.indexOf(monthDay, from + 1); index > 0; index = text.indexOf(monthDay, index + 1)) {
		const start = index - 1;
		const letter = text.charCodeAt(start);
		if ((letter === 73 || letter === 87 || letter === 69 || letter === 70) && text.charCodeAt(start - 1) === 32 && parseKlogHeader(text, start, scratch, true) >= 0) {
			return start;
		}
	}

	return -1;
}
