/** What a klog file header line (`Log file created at:` ...) carries. */
export type KlogFileHeader =
	| {readonly kind: 'created'; readonly year: number; readonly month: number}
	| {readonly kind: 'machine'; readonly host: string}
	| {readonly kind: 'other'};

const created = 'Log file created at: ';

/** Recognise the four lines klog writes at the top of a log file; undefined for anything else. */
export function parseKlogFileHeader(text: string): KlogFileHeader | undefined {
	const first = text.charCodeAt(0);
	if (first === 76) {
		if (text.startsWith(created)) {
			const year = Number(text.slice(created.length, created.length + 4));
			const month = Number(text.slice(created.length + 5, created.length + 7));
			return Number.isInteger(year) && month >= 1 && month <= 12 ? {kind: 'created', year, month} : {kind: 'other'};
		}

		return text.startsWith('Log line format: ') ? {kind: 'other'} : undefined;
	}

	if (first === 82 && text.startsWith('Running on machine: ')) {
		const host = text.slice(20).trim();
		return host === '' ? {kind: 'other'} : {kind: 'machine', host};
	}

	if (first === 66 && text.startsWith('Binary: ')) {
		return {kind: 'other'};
	}

	return undefined;
}
