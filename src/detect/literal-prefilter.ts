/**
 * Multi-literal search (Wu-Manber) used as the cheap first test on every line: only lines that contain
 * one of the rules' literals are decoded and matched against the rules' regular expressions.
 * One pass over the text finds every literal, skipping ahead by up to the shortest literal's length.
 */
export type LiteralPrefilter = {
	readonly literals: readonly string[];
	/** Indexes (into `literals`) of the literals found in `text`, in no particular order, or undefined when none is. */
	find(text: string): number[] | undefined;
	/** Calls `onMatch` with the start offset and literal index of every occurrence in `text`, in offset order for long literals. */
	scan(text: string, onMatch: (offset: number, literal: number) => void): void;
};

const blockSize = 2;
const tableSize = 1 << 16;

function blockHash(text: string, end: number): number {
	return ((text.charCodeAt(end - 1) << 8) ^ text.charCodeAt(end)) & (tableSize - 1);
}

/** Builds the search table once; literals shorter than two characters are matched with indexOf. */
export function createLiteralPrefilter(literals: readonly string[]): LiteralPrefilter {
	const unique = [...new Set(literals)].filter((literal) => literal.length > 0);
	const long = unique.filter((literal) => literal.length >= blockSize);
	const short = unique.filter((literal) => literal.length < blockSize);
	const indexOf = new Map(unique.map((literal, index) => [literal, index]));
	const m = long.length === 0 ? blockSize : Math.min(...long.map((literal) => literal.length));
	const defaultShift = m - blockSize + 1;
	const shift = new Uint8Array(tableSize).fill(Math.min(defaultShift, 255));
	const candidates = new Map<number, number[]>();
	for (const literal of long) {
		for (let q = blockSize - 1; q < m; q++) {
			const h = blockHash(literal, q);
			const s = m - 1 - q;
			if (s < shift[h]!) {
				shift[h] = s;
			}
		}

		const h = blockHash(literal, m - 1);
		const list = candidates.get(h) ?? [];
		list.push(indexOf.get(literal)!);
		candidates.set(h, list);
	}

	const candidateTable: (number[] | undefined)[] = Array.from({length: tableSize}, (_, h) => candidates.get(h));
	const shortIndexes = short.map((literal) => indexOf.get(literal)!);

	function find(text: string): number[] | undefined {
		let found: number[] | undefined;
		const n = text.length;
		let pos = m - 1;
		while (pos < n) {
			const h = blockHash(text, pos);
			const s = shift[h]!;
			if (s !== 0) {
				pos += s;
				continue;
			}

			const list = candidateTable[h];
			if (list !== undefined) {
				const start = pos - m + 1;
				for (const index of list) {
					if (text.startsWith(unique[index]!, start) && (found === undefined || !found.includes(index))) {
						(found ??= []).push(index);
					}
				}
			}

			pos += 1;
		}

		for (const index of shortIndexes) {
			if (text.includes(unique[index]!)) {
				(found ??= []).push(index);
			}
		}

		return found;
	}

	function scan(text: string, onMatch: (offset: number, literal: number) => void): void {
		const n = text.length;
		let pos = m - 1;
		while (pos < n) {
			const h = blockHash(text, pos);
			const s = shift[h]!;
			if (s !== 0) {
				pos += s;
				continue;
			}

			const list = candidateTable[h];
			if (list !== undefined) {
				const start = pos - m + 1;
				for (const index of list) {
					if (text.startsWith(unique[index]!, start)) {
						onMatch(start, index);
					}
				}
			}

			pos += 1;
		}

		for (const index of shortIndexes) {
			const literal = unique[index]!;
			for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) {
				onMatch(at, index);
			}
		}
	}

	return {literals: unique, find, scan};
}
