// `%b` month abbreviations of journalctl `short` output under common locales (glibc 2.36, more-formats.md §6.1),
// lower-cased; English is read by `monthAt` in parse-journald-text.ts.
const names: ReadonlyArray<readonly string[]> = [
	['jan', 'feb', 'mär', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dez'], // de
	['janv.', 'févr.', 'mars', 'avril', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'], // fr
	['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'], // es
	['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'], // it
	['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'], // pt
	['янв', 'фев', 'мар', 'апр', 'мая', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'], // ru (genitive `мая`)
	['sty', 'lut', 'mar', 'kwi', 'maj', 'cze', 'lip', 'sie', 'wrz', 'paź', 'lis', 'gru'], // pl
	['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'], // nl
	['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'], // sv, da, nb
];

// Other spellings glibc versions or locales use for the same months.
const variants: Readonly<Record<string, number>> = {mrz: 3, май: 5, 'janv': 1, 'févr': 2, 'juil': 7, 'sept': 9, 'déc': 12, 'fév': 2};

const months = new Map<string, number>(Object.entries(variants));
for (const locale of names) {
	for (const [index, name] of locale.entries()) {
		months.set(name, index + 1);
	}
}

/** The longest month token in the table (`janv.`), plus room for CJK `12月`. */
const maxToken = 6;

/**
 * A non-English month token at `index` (after one optional leading space, as ja/ko pad 1-9): the month 1-12
 * and the index of the space after the token, or undefined. CJK `N月` / `N월` are read as numbers.
 */
export function localeMonthAt(text: string, index: number): readonly [month: number, end: number] | undefined {
	const start = text.charCodeAt(index) === 32 ? index + 1 : index;
	const end = text.indexOf(' ', start);
	if (end <= start || end - start > maxToken) {
		return undefined;
	}

	const last = text.charCodeAt(end - 1);
	if (last === 0x6708 || last === 0xC6D4) {
		const month = Number(text.slice(start, end - 1));
		return Number.isInteger(month) && month >= 1 && month <= 12 && end - 1 > start ? [month, end] : undefined;
	}

	const month = months.get(text.slice(start, end).toLowerCase());
	return month === undefined ? undefined : [month, end];
}
