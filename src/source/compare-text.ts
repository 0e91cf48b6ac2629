/**
 * Orders two texts as `a.localeCompare(b, 'en-US')` does (Unicode's root collation), whatever the node's locale:
 * the files of a directory are read, and a report's ties (addresses, clients, templates seen as often) listed,
 * in one order everywhere. Printable ASCII is ordered here, without ICU: the first `localeCompare` of a process
 * loads ICU's collator, some 6 ms of every run that sorts. Any other text is left to ICU. Only the sign of the
 * result is meant.
 *
 * The root collation sorts printable ASCII by the primary weights below (punctuation and symbols, then digits,
 * then letters with case ignored), a whole text before its case is looked at: lowercase before uppercase at the
 * first place they differ. test/source/compare-text.test.ts holds this to ICU's own order.
 */
export function compareText(a: string, b: string): number {
	if (a === b) return 0;
	const length = Math.min(a.length, b.length);
	let caseOrder = 0;
	for (let i = 0; i < length; i++) {
		const x = primaryOf(a.charCodeAt(i));
		const y = primaryOf(b.charCodeAt(i));
		if (x < 0 || y < 0) return a.localeCompare(b, 'en-US');
		if (x !== y) return rest(a, b, i) ? x - y : a.localeCompare(b, 'en-US');
		if (caseOrder === 0 && a.charCodeAt(i) !== b.charCodeAt(i)) caseOrder = a.charCodeAt(i) > b.charCodeAt(i) ? -1 : 1;
	}

	if (!rest(a, b, length)) return a.localeCompare(b, 'en-US');
	return a.length !== b.length ? a.length - b.length : caseOrder;
}

// Printable ASCII in the root collation's primary order; a letter's two cases share a weight.
const primaryOrder = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ';
const primary = (() => {
	const weights = new Int16Array(128).fill(-1);
	let weight = 0;
	for (let i = 0; i < primaryOrder.length; i++) {
		const code = primaryOrder.charCodeAt(i);
		const upperOfPrevious = code >= 0x41 && code <= 0x5a && primaryOrder.charCodeAt(i - 1) === code + 0x20;
		weights[code] = upperOfPrevious ? weight - 1 : weight++;
	}

	return weights;
})();

const primaryOf = (code: number): number => (code < 128 ? primary[code]! : -1);

/** Whether both texts are printable ASCII from `from` on (what the loop has not looked at yet). */
function rest(a: string, b: string, from: number): boolean {
	for (let i = from; i < a.length; i++) if (primaryOf(a.charCodeAt(i)) < 0) return false;
	for (let i = from; i < b.length; i++) if (primaryOf(b.charCodeAt(i)) < 0) return false;
	return true;
}
