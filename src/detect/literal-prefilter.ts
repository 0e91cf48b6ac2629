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
	 * The same search over UTF-8 bytes, with byte offsets: several times faster than over a string, and it can
	 * run before the bytes are decoded. Byte and character offsets agree only for ASCII text. It learns which
	 * parts of the literals are rare from the text it is given, which changes how fast it is, never what it finds.
	 */
	scanBytes(bytes: Uint8Array, onMatch: (offset: number, literal: number) => void): void;
	/**
	 * The occurrences that lie wholly in `bytes[from, to)`, appended to `found` as (offset, literal) pairs, long
	 * literals' in offset order: for many short ranges of one piece of text (the messages of journal entries,
	 * whose other fields are most of their bytes and hold nothing a rule matches), each searched alone.
	 */
	scanBytesRange(bytes: Uint8Array, from: number, to: number, found: number[]): void;
};

const blockSize = 2;
const tableSize = 1 << 16;

function blockHash(text: string, end: number): number {
	return ((text.charCodeAt(end - 1) << 8) ^ text.charCodeAt(end)) & (tableSize - 1);
}

/** A table with no candidate list in any slot. */
const emptyTable = (): (number[] | undefined)[] => new Array<number[] | undefined>(tableSize).fill(undefined);

/**
 * Builds the search tables, each on its first use: a prefilter searches strings (the failure grammar's, over a
 * message) or bytes (the rules', over a chunk), seldom both, and each side's tables cost milliseconds at start-up.
 * Literals shorter than two characters are matched with indexOf.
 */
export function createLiteralPrefilter(literals: readonly string[]): LiteralPrefilter {
	const unique = [...new Set(literals)].filter((literal) => literal.length > 0);
	let stringScan: ((text: string, onMatch: (offset: number, literal: number) => void) => void) | undefined;
	const scan = (text: string, onMatch: (offset: number, literal: number) => void): void => {
		stringScan ??= createStringSearch(unique);
		stringScan(text, onMatch);
	};

	function find(text: string): number[] | undefined {
		let found: number[] | undefined;
		scan(text, (_offset, index) => {
			if (found === undefined) found = [index];
			else if (!found.includes(index)) found.push(index);
		});
		return found;
	}

	// The byte search takes the place of these two at their first call: the walk then calls it itself, not
	// through a wrapper whose inner call V8 would compile before it has seen it made (and throw the walk's code
	// away at the next chunk).
	const prefilter: LiteralPrefilter = {
		literals: unique,
		find,
		scan,
		scanBytes(text, onMatch) {
			bytes().scanBytes(text, onMatch);
		},
		scanBytesRange(text, from, to, found) {
			bytes().scanBytesRange(text, from, to, found);
		},
	};
	let byteSearch: Pick<LiteralPrefilter, 'scanBytes' | 'scanBytesRange'> | undefined;
	const bytes = (): Pick<LiteralPrefilter, 'scanBytes' | 'scanBytesRange'> => {
		if (byteSearch === undefined) {
			const encoder = new TextEncoder();
			byteSearch = createByteSearch(unique.map((literal) => encoder.encode(literal)));
			prefilter.scanBytes = byteSearch.scanBytes;
			prefilter.scanBytesRange = byteSearch.scanBytesRange;
		}

		return byteSearch;
	};

	return prefilter;
}

/** Wu-Manber over a string's UTF-16 code units, with two-character blocks. */
function createStringSearch(unique: readonly string[]): (text: string, onMatch: (offset: number, literal: number) => void) => void {
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

	return function scan(text: string, onMatch: (offset: number, literal: number) => void): void {
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
	};
}

// Over bytes the search is Wu-Manber on three-byte blocks hashed into a 64 Ki table, with changes that make it
// about five times faster on klog, CRI and docker json-file text, three and a half on journald, two on text dense
// with occurrences (test/bench/prefilter-speed.mjs measures it):
// - each literal is found by a window of `m` bytes (the shortest literal's length) anywhere inside it, the one
//   whose blocks are rarest in the text (counted in a sample of it), so that few positions stop the skipping
//   and the skips are long;
// - a stop (a block that ends some window) first tests a bit keyed on that block and the window's first three
//   bytes, then walks the literals whose window ends with the block, comparing four bytes at a time; after it
//   the search skips to the next place the block could end a window, not one byte on;
// - eight stretches of the text are searched at once, one step of each in turn: a step waits on two dependent
//   loads (the text, then the shift table), and eight independent chains keep the processor busy meanwhile.
const byteBlock = 3;
/** Indexed by a block's hash, its top 16 bits (the `>>> 16` written out in the search loops). */
const byteTableSize = 1 << 16;
const filterBits = 17;
const streams = 8;
/** In steps of the search, about: a stop, and a stop that passes the filter and walks the candidates. */
const stopCost = 2;
const passCost = 8;
/** A stretch shorter than this is searched by one chain: the eight-chain loop only pays over many steps. */
const minStreamLength = 256;
/**
 * The windows are chosen from the first `sampleLength` bytes of a call at least `minSampleLength` long: on the
 * first such call after `ratePeriod` bytes have been searched (before, with the fixed shares: a small input is
 * done before choosing would pay, about a third of a millisecond, or a few milliseconds before the code is hot);
 * again when the stops per byte over the last `ratePeriod` bytes differ by more than a factor of two from those
 * over the first `ratePeriod` bytes after the windows were chosen (give or take `rateSlack`): the text has changed
 * (another log, another envelope), at most once per `minRetuneBytes`; and at least every `retuneBytes`.
 */
const sampleLength = 32 * 1024;
const minSampleLength = 16 * 1024;
const ratePeriod = 1024 * 1024;
const minRetuneBytes = 16 * 1024 * 1024;
const retuneBytes = 256 * 1024 * 1024;
const rateSlack = 1 / 4096;

/**
 * The block ending at `end` as a little-endian number, multiplied, its top 16 bits: every byte of it counts
 * (a shift-and-xor hash dropped half of the first byte). The search loops compute it inline, with the constants
 * written out: V8 reads a module's constant from memory at each use, which costs a tenth of a loop's time.
 */
const byteBlockHash = (bytes: Uint8Array, end: number): number => Math.imul(bytes[end - 2]! | (bytes[end - 1]! << 8) | (bytes[end]! << 16), 0x9e3779b1) >>> 16;

/** The filter's bit for a stop at `end` with block hash `h`: that block and the three bytes from `back` bytes before its end. */
function filterKey(bytes: Uint8Array, end: number, h: number, back: number): number {
	return filterKeyOf((bytes[end - back]! << 16) | (bytes[end - back + 1]! << 8) | bytes[end - back + 2]!, h);
}

/** The filter's bit for three bytes (big-endian: the other order gives the multiplication less to mix, and five times the false passes) and a block hash. */
function filterKeyOf(bytes: number, h: number): number {
	return (Math.imul(bytes, 0x2c1b3c6d) ^ Math.imul(h, 0x297a2d39)) >>> (32 - filterBits);
}

/**
 * About how often each byte occurs in ASCII log text (klog, journald and JSON lines), per byte: the letter, digit,
 * space and punctuation shares of the realworld fixtures, rounded. Used to choose the windows before any text is
 * seen, and as a prior (pseudo-counts) when choosing them from a sample. Percent; every byte not listed is 0.01.
 */
const logByteShare: Float64Array = (() => {
	const share = new Float64Array(256).fill(0.01);
	const letters = 'e7.2 t5 r4.7 o3.8 a3.6 i3.5 n3.2 c3 s2.9 l2.2 d1.9 p1.6 g1.3 h1.2 u1.1 f1.1 v1 m1 b0.8 k0.8 y0.6 x0.5 w0.3 j0.2 q0.2 z0.1';
	for (const entry of letters.split(' ')) {
		share[entry.charCodeAt(0)] = Number(entry.slice(1));
		share[entry.toUpperCase().charCodeAt(0)] = 0.14;
	}

	for (let digit = 0x30; digit <= 0x39; digit++) share[digit] = 1.9;
	const punctuation: [string, number][] = [[' ', 10.8], [':', 4], ['.', 2], ['-', 1.8], ['"', 1.4], ['/', 1.1], ['\n', 0.8], [']', 0.7], [',', 0.5], ['[', 0.4], ['=', 0.2], ['(', 0.2], [')', 0.2], ['*', 0.2], ['_', 0.1]];
	for (const [char, value] of punctuation) share[char.charCodeAt(0)] = value;
	return share;
})();

type ByteTables = {
	/** By block hash: how far the search may skip when a text position ends with that block (0: it ends a window). */
	readonly shift: Uint8Array;
	/** By block hash, for a block that ends a window: how far the search may skip once the stop there is checked. */
	readonly shiftAfterStop: Uint8Array;
	/** Bits set at `filterKey` of each window's end: a stop whose bit is clear is no occurrence. */
	readonly filter: Int32Array;
	/** The filter looks at the three bytes this far before a block's end: the window's first three. */
	readonly filterBack: number;
	/** By block hash: the first literal whose window ends with that block (-1: none); by literal: the next one. */
	readonly firstCandidate: Int32Array;
	readonly nextCandidate: Int32Array;
	/** By literal: its start is this many bytes before its window's last byte. */
	readonly back: Int32Array;
	/** The stops of the search running now (counted to notice that the text has changed). */
	readonly stops: Int32Array;
	/** By literal: its UTF-8 bytes, and those as `literalWords`. */
	readonly literals: readonly Uint8Array[];
	readonly words: readonly Int32Array[];
};

function createByteSearch(encoded: readonly Uint8Array[]): Pick<LiteralPrefilter, 'scanBytes' | 'scanBytesRange'> {
	const long = encoded.flatMap((bytes, index) => (bytes.length >= byteBlock ? [index] : []));
	const short = encoded.flatMap((bytes, index) => (bytes.length < byteBlock ? [index] : []));
	const m = long.length === 0 ? byteBlock : Math.min(...long.map((index) => encoded[index]!.length));
	const maxShift = Math.min(m - byteBlock + 1, 255);
	const words = encoded.map(literalWords);

	// By literal and position e in it: the hash of the block ending at e, the filter key of a window ending at e,
	// and how often, by the fixed shares, that block and that key occur per byte of text.
	const hashAt: Int32Array[] = [];
	const keyAt: Int32Array[] = [];
	const blockShareAt: Float64Array[] = [];
	const keyShareAt: Float64Array[] = [];
	/** By block hash: 1 when the block can end a window (so the sample counts filter keys only there). */
	const canEnd = new Uint8Array(byteTableSize);
	const share = (byte: number): number => logByteShare[byte]! / 100;
	for (const literal of encoded) {
		const hashes = new Int32Array(literal.length);
		const keys = new Int32Array(literal.length);
		const blockShares = new Float64Array(literal.length);
		const keyShares = new Float64Array(literal.length);
		for (let e = byteBlock - 1; e < literal.length; e++) {
			hashes[e] = byteBlockHash(literal, e);
			blockShares[e] = share(literal[e - 2]!) * share(literal[e - 1]!) * share(literal[e]!);
			if (e < m - 1) continue;
			keys[e] = filterKey(literal, e, hashes[e]!, m - 1);
			keyShares[e] = blockShares[e]! * (m < 6 ? 1 : share(literal[e - m + 1]!) * share(literal[e - m + 2]!) * share(literal[e - m + 3]!));
			canEnd[hashes[e]!] = 1;
		}

		hashAt.push(hashes);
		keyAt.push(keys);
		blockShareAt.push(blockShares);
		keyShareAt.push(keyShares);
	}

	/**
	 * For each long literal, the offset of its cheapest window, from how often a sample of the text holds each block
	 * (`blockCounts`, by hash) and each filter key (`keyCounts`), plus `prior` times the fixed shares. A block at
	 * distance d ≥ 1 from the window's end takes (maxShift − d) bytes off a skip; the last block adds a stop (a step
	 * of one and the filter), and a stop that passes the filter a walk of the candidates.
	 */
	function chooseWindows(blockCounts: Uint16Array | undefined, keyCounts: Uint16Array | undefined, prior: number): Int32Array {
		const windows = new Int32Array(encoded.length);
		const blockCost = new Float64Array(Math.max(0, ...encoded.map((literal) => literal.length)));
		for (const index of long) {
			const length = encoded[index]!.length;
			const hashes = hashAt[index]!;
			const blockShares = blockShareAt[index]!;
			for (let e = byteBlock - 1; e < length; e++) blockCost[e] = (blockCounts === undefined ? 0 : blockCounts[hashes[e]!]!) + prior * blockShares[e]!;
			let best = 0;
			let bestCost = Infinity;
			// The blocks before the last one cost Σ blockCost[j] × (j − last + maxShift) over j in [last − maxShift + 1,
			// last − 1], that is sumWeighted − (last − maxShift) × sum, with both sums slid along the literal.
			let sum = 0;
			let sumWeighted = 0;
			for (let j = m - maxShift; j < m - 1; j++) {
				sum += blockCost[j]!;
				sumWeighted += j * blockCost[j]!;
			}

			for (let last = m - 1; last < length; last++) {
				const passes = (keyCounts === undefined ? 0 : keyCounts[keyAt[index]![last]!]!) + prior * keyShareAt[index]![last]!;
				const cost = (blockCost[last]! * stopCost + passes * passCost) * maxShift + sumWeighted - (last - maxShift) * sum;
				if (cost < bestCost) {
					bestCost = cost;
					best = last - m + 1;
				}

				const leaving = last - maxShift + 1;
				sum += blockCost[last]! - blockCost[leaving]!;
				sumWeighted += last * blockCost[last]! - leaving * blockCost[leaving]!;
			}

			windows[index] = best;
		}

		return windows;
	}

	// One tables object for the search's life, filled again when the windows are chosen again: the search's
	// optimized code depends on the object's fields, and a second object made by the same literal threw that code
	// away (V8 then searched two or three more megabytes in the interpreter, some 25 ms, before it optimized again).
	const tables: ByteTables = {
		stops: new Int32Array(1),
		shift: new Uint8Array(byteTableSize),
		shiftAfterStop: new Uint8Array(byteTableSize),
		filter: new Int32Array(1 << (filterBits - 5)),
		filterBack: m - 1,
		firstCandidate: new Int32Array(byteTableSize),
		nextCandidate: new Int32Array(encoded.length),
		back: new Int32Array(encoded.length),
		literals: encoded,
		words,
	};

	/** Fills the tables for the windows at `windows` (by literal, the offset of its window). */
	function fillTables(windows: Int32Array): void {
		const {shift, shiftAfterStop, filter, firstCandidate, nextCandidate, back} = tables;
		shift.fill(maxShift);
		shiftAfterStop.fill(maxShift);
		filter.fill(0);
		firstCandidate.fill(-1);
		nextCandidate.fill(0);
		back.fill(0);
		for (const index of long) {
			const hashes = hashAt[index]!;
			const last = windows[index]! + m - 1;
			for (let d = 0; d < maxShift; d++) {
				const h = hashes[last - d]!;
				if (d < shift[h]!) shift[h] = d;
				if (d > 0 && d < shiftAfterStop[h]!) shiftAfterStop[h] = d;
			}

			const key = keyAt[index]![last]!;
			filter[key >>> 5]! |= 1 << (key & 31);
			back[index] = last;
		}

		// Linked in reverse, so that each list holds its literals in index order.
		for (let i = long.length - 1; i >= 0; i--) {
			const index = long[i]!;
			const h = hashAt[index]![back[index]!]!;
			nextCandidate[index] = firstCandidate[h]!;
			firstCandidate[h] = index;
		}
	}

	fillTables(chooseWindows(undefined, undefined, 1));
	warmUp(tables);
	let tuned = false;
	let sinceTuned = 0;
	let periodBytes = 0;
	let periodStops = 0;
	/** Stops per byte over the first period after the windows were chosen, or -1 before it ends. */
	let tunedRate = -1;
	let retune = false;

	/** Chooses the windows again from the first `sampleLength` bytes of `bytes`. */
	function tune(bytes: Uint8Array): void {
		const end = Math.min(bytes.length, sampleLength);
		const blockCounts = new Uint16Array(byteTableSize);
		const keyCounts = new Uint16Array(1 << filterBits);
		// Written for the interpreter too (this runs once or twice a process, before V8 has optimized it): one read
		// a byte, the hash inline.
		let a = bytes[0]!;
		let b = bytes[1]!;
		for (let at = byteBlock - 1; at < end; at++) {
			const c = bytes[at]!;
			const h = Math.imul(a | (b << 8) | (c << 16), 0x9e3779b1) >>> 16;
			blockCounts[h]!++;
			if (canEnd[h] === 1 && at >= m - 1) keyCounts[filterKey(bytes, at, h, m - 1)]!++;
			a = b;
			b = c;
		}

		// The fixed shares count as a sample a tenth as long: they decide between windows the sample never saw.
		fillTables(chooseWindows(blockCounts, keyCounts, end / 10));
		tuned = true;
		retune = false;
		sinceTuned = 0;
		periodBytes = 0;
		periodStops = 0;
		tunedRate = -1;
	}

	function countStops(bytes: number, stops: number): void {
		sinceTuned += bytes;
		periodBytes += bytes;
		periodStops += stops;
		if (periodBytes < ratePeriod) return;
		const rate = periodStops / periodBytes;
		if (tunedRate === -1) tunedRate = rate;
		else if (Math.abs(Math.log2((rate + rateSlack) / (tunedRate + rateSlack))) > 1 && sinceTuned >= minRetuneBytes) retune = true;
		periodBytes = 0;
		periodStops = 0;
	}

	/**
	 * Searches the literals themselves, each on a line, repeated to fill all the stretches: so that every call in the
	 * search has been made once before V8 optimizes it. Else the optimized search is thrown away at the first stop, or
	 * occurrence, in each stretch: some thirty times over the first 192 MiB of klog.
	 */
	function warmUp(t: ByteTables): void {
		if (long.length === 0) return;
		const lines = long.map((index) => encoded[index]!);
		const length = lines.reduce((total, literal) => total + literal.length + 1, 0);
		const copies = Math.ceil((2 * streams * minStreamLength) / length);
		const text = new Uint8Array(copies * length);
		let at = 0;
		for (let copy = 0; copy < copies; copy++) {
			for (const literal of lines) {
				text.set(literal, at);
				at += literal.length;
				text[at++] = 0x0a;
			}
		}

		const view = new DataView(text.buffer);
		searchStretches(view, m - 1, t, []);
		searchStretch(view, m - 1, text.length, t, []);
	}

	const scanBytes = (bytes: Uint8Array, onMatch: (offset: number, literal: number) => void): void => {
		const n = bytes.length;
		if (long.length > 0 && n >= minSampleLength && (retune || sinceTuned >= (tuned ? retuneBytes : ratePeriod))) tune(bytes);
		const t = tables;
		const found: number[] = [];
		if (long.length > 0 && n >= m) {
			const first = m - 1;
			const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			t.stops[0] = 0;
			if (n - first < streams * minStreamLength) searchStretch(view, first, n, t, found);
			else searchStretches(view, first, t, found);
			countStops(n, t.stops[0]!);
		}

		for (let i = 0; i < found.length; i += 2) onMatch(found[i]!, found[i + 1]!);
		for (const index of short) {
			const literal = encoded[index]!;
			for (let at = bytes.indexOf(literal[0]!); at !== -1 && at + literal.length <= n; at = bytes.indexOf(literal[0]!, at + 1)) {
				if (literal.length === 1 || bytes[at + 1] === literal[1]) onMatch(at, index);
			}
		}
	};

	// The view of the last text a range was searched in: one per piece of text, not one per range.
	let rangeBytes: Uint8Array | undefined;
	let rangeView: DataView = new DataView(new ArrayBuffer(0));
	const scanBytesRange = (bytes: Uint8Array, from: number, to: number, found: number[]): void => {
		// The windows stay as they are: the ranges are not the text a sample would be taken from.
		const start = found.length;
		if (long.length > 0 && to - from >= m) {
			if (rangeBytes !== bytes) {
				rangeBytes = bytes;
				rangeView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			}

			// A window's last byte is at least m - 1 bytes into the range; the two-byte read before it needs two bytes.
			searchStretch(rangeView, Math.max(from + m - 1, 2), to, tables, found);
		}

		for (const index of short) {
			const literal = encoded[index]!;
			for (let at = (bytes as Buffer).indexOf(literal[0]!, from); at !== -1 && at + literal.length <= to; at = (bytes as Buffer).indexOf(literal[0]!, at + 1)) {
				if (literal.length === 1 || bytes[at + 1] === literal[1]) found.push(at, index);
			}
		}

		// A window found at the range's start may belong to an occurrence that starts before it.
		let kept = start;
		for (let i = start; i < found.length; i += 2) {
			const offset = found[i]!;
			const literal = found[i + 1]!;
			if (offset < from || offset + encoded[literal]!.length > to) continue;
			found[kept++] = offset;
			found[kept++] = literal;
		}

		found.length = kept;
	};

	return {scanBytes, scanBytesRange};
}

/**
 * At a stop (position `end` ends some window's last block, hash `h`): the filter, then each literal with such a
 * window. Returns how far to skip: the next window to end after `end` holds this block at that distance from its end.
 * Small, because V8 copies it into each of the eight steps of `searchStretches`; the walk, seldom reached, it does not.
 */
function stopAt(view: DataView, end: number, h: number, t: ByteTables, found: number[]): number {
	t.stops[0]!++;
	const back = end - t.filterBack;
	const key = filterKeyOf((view.getUint16(back) << 8) | view.getUint8(back + 2), h);
	if ((t.filter[key >>> 5]! & (1 << (key & 31))) !== 0) walkCandidates(view, end, h, t, found);
	return t.shiftAfterStop[h]!;
}

/** Each literal whose window ends with the block at `end` (hash `h`): is it there? */
function walkCandidates(view: DataView, end: number, h: number, t: ByteTables, found: number[]): void {
	const n = view.byteLength;
	for (let index = t.firstCandidate[h]!; index !== -1; index = t.nextCandidate[index]!) {
		const start = end - t.back[index]!;
		const literal = t.literals[index]!;
		if (start >= 0 && start + literal.length <= n && occursAt(view, start, literal, t.words[index]!)) addMatch(found, start, index);
	}
}

/** Whether `literal` is at `start` in the view's bytes (which hold all of it): four bytes at a time, by `literalWords`. */
function occursAt(view: DataView, start: number, literal: Uint8Array, words: Int32Array): boolean {
	const length = literal.length;
	if (length < 4) {
		for (let k = 0; k < length; k++) if (view.getUint8(start + k) !== literal[k]) return false;
		return true;
	}

	const last = words.length - 1;
	for (let j = 0; j < last; j++) if (view.getInt32(start + 4 * j, true) !== words[j]) return false;
	return view.getInt32(start + length - 4, true) === words[last];
}

/** The literal's bytes as little-endian 32-bit words from offsets 0, 4, 8… short of its last four bytes, then the word of those. */
function literalWords(literal: Uint8Array): Int32Array {
	if (literal.length < 4) return new Int32Array(0);
	const view = new DataView(literal.buffer, literal.byteOffset, literal.byteLength);
	const full = Math.floor((literal.length - 1) / 4);
	const words = new Int32Array(full + 1);
	for (let j = 0; j < full; j++) words[j] = view.getInt32(4 * j, true);
	words[full] = view.getInt32(literal.length - 4, true);
	return words;
}

/** Wu-Manber over the window ends in [from, to), with one chain of steps. */
function searchStretch(view: DataView, from: number, to: number, t: ByteTables, found: number[]): void {
	const {shift} = t;
	let pos = from;
	while (pos < to) {
		const h = Math.imul(view.getUint16(pos - 2, true) | (view.getUint8(pos) << 16), 0x9e3779b1) >>> 16;
		const s = shift[h]!;
		if (s !== 0) pos += s;
		else pos += stopAt(view, pos, h, t, found);
	}
}

/**
 * Wu-Manber over the window ends in [first, view.byteLength), split into eight stretches (the last one a little
 * longer) searched one step of each in turn, then each stretch's rest alone. A step
 * reads its block as the top three bytes of a four-byte little-endian number: one bounds check instead of three.
 * The search reads the text only through a DataView, the same kind of object whatever the caller passes (a
 * Uint8Array, a Buffer), so that V8's optimized code for it never meets another and is thrown away.
 * Written out for each stretch: with the stretches in arrays, or a step in a function, it is a third slower; and
 * stops are counted in `stopAt`, a count kept here took a register from the stretches and a tenth of the speed.
 */
function searchStretches(view: DataView, first: number, t: ByteTables, found: number[]): void {
	const {shift} = t;
	const n = view.byteLength;
	// The four-byte read needs a byte before the block.
	if (first < 3) searchStretch(view, first, 3, t, found);
	const from = Math.max(first, 3);
	const stretch = Math.floor((n - from) / streams);
	const end0 = from + stretch;
	const end1 = end0 + stretch;
	const end2 = end1 + stretch;
	const end3 = end2 + stretch;
	const end4 = end3 + stretch;
	const end5 = end4 + stretch;
	const end6 = end5 + stretch;
	const found1: number[] = [];
	const found2: number[] = [];
	const found3: number[] = [];
	const found4: number[] = [];
	const found5: number[] = [];
	const found6: number[] = [];
	const found7: number[] = [];
	let p0 = from;
	let p1 = end0;
	let p2 = end1;
	let p3 = end2;
	let p4 = end3;
	let p5 = end4;
	let p6 = end5;
	let p7 = end6;
	while (p0 < end0 && p1 < end1 && p2 < end2 && p3 < end3 && p4 < end4 && p5 < end5 && p6 < end6 && p7 < n) {
		const h0 = Math.imul(view.getUint32(p0 - 3, true) >>> 8, 0x9e3779b1) >>> 16;
		const h1 = Math.imul(view.getUint32(p1 - 3, true) >>> 8, 0x9e3779b1) >>> 16;
		const h2 = Math.imul(view.getUint32(p2 - 3, true) >>> 8, 0x9e3779b1) >>> 16;
		const h3 = Math.imul(view.getUint32(p3 - 3, true) >>> 8, 0x9e3779b1) >>> 16;
		const h4 = Math.imul(view.getUint32(p4 - 3, true) >>> 8, 0x9e3779b1) >>> 16;
		const h5 = Math.imul(view.getUint32(p5 - 3, true) >>> 8, 0x9e3779b1) >>> 16;
		const h6 = Math.imul(view.getUint32(p6 - 3, true) >>> 8, 0x9e3779b1) >>> 16;
		const h7 = Math.imul(view.getUint32(p7 - 3, true) >>> 8, 0x9e3779b1) >>> 16;
		const s0 = shift[h0]!;
		const s1 = shift[h1]!;
		const s2 = shift[h2]!;
		const s3 = shift[h3]!;
		const s4 = shift[h4]!;
		const s5 = shift[h5]!;
		const s6 = shift[h6]!;
		const s7 = shift[h7]!;
		if (s0 !== 0) p0 += s0;
		else p0 += stopAt(view, p0, h0, t, found);
		if (s1 !== 0) p1 += s1;
		else p1 += stopAt(view, p1, h1, t, found1);
		if (s2 !== 0) p2 += s2;
		else p2 += stopAt(view, p2, h2, t, found2);
		if (s3 !== 0) p3 += s3;
		else p3 += stopAt(view, p3, h3, t, found3);
		if (s4 !== 0) p4 += s4;
		else p4 += stopAt(view, p4, h4, t, found4);
		if (s5 !== 0) p5 += s5;
		else p5 += stopAt(view, p5, h5, t, found5);
		if (s6 !== 0) p6 += s6;
		else p6 += stopAt(view, p6, h6, t, found6);
		if (s7 !== 0) p7 += s7;
		else p7 += stopAt(view, p7, h7, t, found7);
	}

	searchStretch(view, p0, end0, t, found);
	searchStretch(view, p1, end1, t, found1);
	searchStretch(view, p2, end2, t, found2);
	searchStretch(view, p3, end3, t, found3);
	searchStretch(view, p4, end4, t, found4);
	searchStretch(view, p5, end5, t, found5);
	searchStretch(view, p6, end6, t, found6);
	searchStretch(view, p7, n, t, found7);
	for (const more of [found1, found2, found3, found4, found5, found6, found7]) for (let i = 0; i < more.length; i += 2) addMatch(found, more[i]!, more[i + 1]!);
}

/**
 * Appends an occurrence to `found`, (offset, literal) pairs in offset order. Windows at different places in their
 * literals find them slightly out of order, so the new pair moves back past the few that start later.
 */
function addMatch(found: number[], start: number, index: number): void {
	let i = found.length;
	found.push(start, index);
	while (i > 0 && (found[i - 2]! > start || (found[i - 2] === start && found[i - 1]! > index))) {
		found[i] = found[i - 2]!;
		found[i + 1] = found[i - 1]!;
		i -= 2;
	}

	found[i] = start;
	found[i + 1] = index;
}
