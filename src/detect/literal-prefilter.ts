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
	/**
	 * The same search over UTF-8 bytes, with byte offsets: about twice as fast as over a string, and it can
	 * run before the bytes are decoded. Byte and character offsets agree only for ASCII text.
	 */
	scanBytes(bytes: Uint8Array, onMatch: (offset: number, literal: number) => void): void;
};

const blockSize = 2;
const tableSize = 1 << 16;

function blockHash(text: string, end: number): number {
	return ((text.charCodeAt(end - 1) << 8) ^ text.charCodeAt(end)) & (tableSize - 1);
}

/** A table with no candidate list in any slot. */
const emptyTable = (): (number[] | undefined)[] => new Array<number[] | undefined>(tableSize).fill(undefined);

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

	// Filled, not built with Array.from and a callback: that takes milliseconds at every start-up.
	const candidateTable: (number[] | undefined)[] = emptyTable();
	for (const [h, list] of candidates) candidateTable[h] = list;
	const shortIndexes = short.map((literal) => indexOf.get(literal)!);

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

	// Over bytes the hash takes three bytes: fewer false stops on common pairs of letters, and a byte is
	// cheap to read, so with many literals this is a third faster than pairs.
	const byteBlock = 3;
	const byteHash = (bytes: Uint8Array, end: number): number => ((bytes[end - 2]! << 12) ^ (bytes[end - 1]! << 6) ^ bytes[end]!) & (tableSize - 1);
	const encoder = new TextEncoder();
	const encoded = unique.map((literal) => encoder.encode(literal));
	const longBytes = encoded.map((bytes, index) => [bytes, index] as const).filter(([bytes]) => bytes.length >= byteBlock);
	const shortBytes = encoded.map((bytes, index) => [bytes, index] as const).filter(([bytes]) => bytes.length < byteBlock);
	const mb = longBytes.length === 0 ? byteBlock : Math.min(...longBytes.map(([bytes]) => bytes.length));
	const byteShift = new Uint8Array(tableSize).fill(Math.min(mb - byteBlock + 1, 255));
	const byteCandidates: (number[] | undefined)[] = emptyTable();
	for (const [bytes, index] of longBytes) {
		for (let q = byteBlock - 1; q < mb; q++) {
			const h = byteHash(bytes, q);
			if (mb - 1 - q < byteShift[h]!) byteShift[h] = mb - 1 - q;
		}

		(byteCandidates[byteHash(bytes, mb - 1)] ??= []).push(index);
	}

	function scanBytes(bytes: Uint8Array, onMatch: (offset: number, literal: number) => void): void {
		const n = bytes.length;
		let pos = mb - 1;
		while (pos < n) {
			const h = ((bytes[pos - 2]! << 12) ^ (bytes[pos - 1]! << 6) ^ bytes[pos]!) & (tableSize - 1);
			const s = byteShift[h]!;
			if (s !== 0) {
				pos += s;
				continue;
			}

			const list = byteCandidates[h];
			if (list !== undefined) {
				const start = pos - mb + 1;
				for (const index of list) {
					const literal = encoded[index]!;
					let k = 0;
					while (k < literal.length && bytes[start + k] === literal[k]) k++;
					if (k === literal.length) onMatch(start, index);
				}
			}

			pos += 1;
		}

		for (const [literal, index] of shortBytes) {
			for (let at = 0; at + literal.length <= n; at++) {
				let k = 0;
				while (k < literal.length && bytes[at + k] === literal[k]) k++;
				if (k === literal.length) onMatch(at, index);
			}
		}
	}

	function find(text: string): number[] | undefined {
		let found: number[] | undefined;
		scan(text, (_offset, index) => {
			if (found === undefined) found = [index];
			else if (!found.includes(index)) found.push(index);
		});
		return found;
	}

	return {literals: unique, find, scan, scanBytes};
}
