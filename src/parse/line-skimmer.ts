import {endsWithServerErrorStatusBytes} from './payload/access-log-status.js';
import type {DetectedFormat, Envelope, Payload} from './record.js';

/**
 * Decides, per physical line, from its bytes alone, whether a line may be counted instead of parsed (see
 * `LineParser.skim`): a whole klog info record no rule literal was found in, followed by a line that starts
 * another record. The source's format (`setFormat`, from the parser) chooses the line shape:
 * - klog in no envelope or in CRI (`<time> stdout|stderr F <klog>`), as the parser reads them;
 * - journald short output (any of its time forms): the ` host unit[pid]: ` part is the previous line's, byte for
 *   byte, so no new host, unit or process (a restart) can hide in a skimmed line, and the message is klog;
 * - docker json-file (`{"log":"<klog>\n","stream":…`) and `journalctl -o json`, whose message, host, unit and
 *   pid fields are found by bytes; nothing is JSON-parsed.
 * Error lines are always parsed, as are access-log lines of 5xx answers, which the parser reads as errors. A
 * warning line that would be skimmed were it info is described to the caller (`WarningLine`), which may count it
 * by its message instead of parsing it.
 */
export type LineSkimmer = {
	/**
	 * The line `bytes[pos, end)` (`end` at its newline): the envelope it is counted as when it is skimmed, else
	 * undefined. `eligible` is the caller's part: no rule literal was found in the line, and it is neither the
	 * first nor the last line of its chunk. Every line must be offered, in order, so partial pieces and the
	 * previous line's identity are tracked. `nextEnd` is where the next line ends (its newline, or the chunk's end).
	 * A line that is not skimmed but would have been were it not a warning (a whole klog warning record of the
	 * same writer, followed by a record, nothing to unescape in it) is described in `warning`, whose `from` is
	 * -1 for every other line: the caller may count it instead of parsing it when its message is one it has seen.
	 */
	readonly line: (bytes: Uint8Array, pos: number, end: number, eligible: boolean, nextEnd: number, warning: WarningLine) => Envelope | undefined;
	/**
	 * Where in the line `bytes[pos, end)` its message is, when the envelope carries much besides it (a journal
	 * entry's `_CMDLINE` repeats the apiserver's flags on every line): rule literals outside it are no candidates,
	 * since rules match the message, and are not even looked for there (`searchesMessages`). Writes `range` and
	 * returns true; false: the whole line counts.
	 */
	readonly messageRange: (bytes: Uint8Array, pos: number, end: number, range: MessageRange) => boolean;
	/** Rule literals are looked for in each line's message range alone (see `messageRange`), not in the whole chunk. */
	readonly searchesMessages: () => boolean;
	/**
	 * The chunk whose lines are offered next: its view for four-byte comparisons is made here, once, so that no
	 * line's code makes it (V8 compiled the per-line code without the rare branch and threw it away at each new chunk).
	 */
	readonly chunk: (bytes: Uint8Array) => void;
	/** The source's format as parsed so far (once per chunk): skimming follows it. */
	readonly setFormat: (format: DetectedFormat) => void;
	/** The payload skimmed lines hold. */
	readonly payload: Payload;
};

/** Where a line's message is: bytes `[from, to)` of its chunk. */
export type MessageRange = {from: number; to: number};

/**
 * A klog warning line the skimmer would have skimmed were it an info line (see `LineSkimmer.line`): its klog
 * text is bytes `[from, to)` (from the `W` of its header to the end of its message), it counts as `envelope`, and
 * `envelopePid` says the envelope carries the writer's pid (journald), which the skimmer compared already; else
 * the record's pid is the klog header's, for the caller to compare.
 */
export type WarningLine = {from: number; to: number; envelope: Envelope; envelopePid: boolean};

/** A WarningLine that describes no line. */
export const noWarningLine = (): WarningLine => ({from: -1, to: -1, envelope: 'none', envelopePid: false});

type Shape = 'none' | 'cri' | 'journald' | 'docker-json' | 'journald-json';

const I = 73;
const W = 87;
const space = 32;
const colon = 58;
const quote = 34;
const backslash = 92;

/** What a klog line `bytes[content, end)` is to the skimmer (`klogKindAt`). */
const otherKlog = 0;
/** An info record it may skim: not an access-log line of a 5xx answer, which the parser reads as an error. */
const infoKlog = 1;
/** A warning it may describe to the caller (`WarningLine`). */
const warningKlog = 2;

/**
 * By byte: 0 when it starts no klog record, else 1 + what it makes the record (I info, W warning, E and F other).
 * A table, not a comparison per letter: V8 compiles a comparison once it has seen it made, and threw the skimmer's
 * optimized code away at the first warning line after a megabyte of info lines.
 */
const klogLetters = (() => {
	const letters = new Uint8Array(256);
	letters[I] = 1 + infoKlog;
	letters[W] = 1 + warningKlog;
	letters[69] = 1 + otherKlog;
	letters[70] = 1 + otherKlog;
	return letters;
})();

/** A klog header (`Lmmdd hh:mm:ss.`) at `at`, of any severity letter. */
// `| 0`: a read past the chunk's end is undefined, and the table is read at 0 (no record) rather than at undefined.
const klogHeaderAt = (bytes: Uint8Array, at: number): boolean => klogLetters[bytes[at]! | 0] !== 0 && bytes[at + 5] === space && bytes[at + 8] === colon && bytes[at + 11] === colon && bytes[at + 14] === 46;

/** What the klog record `bytes[content, end)`, whose header `klogHeaderAt` has found, is to the skimmer. */
const klogKindOfRecord = (bytes: Uint8Array, content: number, end: number): number => {
	const kind = klogLetters[bytes[content]!]! - 1;
	return kind === infoKlog && endsWithServerErrorStatusBytes(bytes, content, end) ? otherKlog : kind;
};

const klogKindAt = (bytes: Uint8Array, content: number, end: number): number => (klogHeaderAt(bytes, content) ? klogKindOfRecord(bytes, content, end) : otherKlog);

const indexOfByte = (bytes: Uint8Array, byte: number, from: number, end: number): number => {
	for (let i = from; i < end; i++) if (bytes[i] === byte) return i;
	return -1;
};

const hasByte = (bytes: Uint8Array, byte: number, from: number, end: number): boolean => indexOfByte(bytes, byte, from, end) !== -1;

const startsWithBytes = (bytes: Uint8Array, at: number, prefix: Uint8Array): boolean => {
	for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
	return true;
};

// The shortest CRI time, `2006-01-02T15:04:05Z`: its space comes after it.
const criShortestTime = 20;

/** The space after a CRI line's time when the line has the shape `<time> stdout|stderr F|P `, else -1. */
const criGapAt = (bytes: Uint8Array, pos: number, end: number): number => {
	const gap = indexOfByte(bytes, space, pos + criShortestTime, end);
	return gap < 0 || bytes[gap + 7] !== space || bytes[gap + 9] !== space ? -1 : gap;
};

// `<time> stdout|stderr F|P `: where the content starts (+), for a P piece -(start) - 1, or -Infinity when not CRI.
const criContentAt = (bytes: Uint8Array, pos: number, end: number): number => {
	const gap = criGapAt(bytes, pos, end);
	if (gap < 0) return Number.NEGATIVE_INFINITY;
	const tag = bytes[gap + 8];
	return tag === 70 ? gap + 10 : tag === 80 ? -(gap + 10) - 1 : Number.NEGATIVE_INFINITY;
};

/** journald short: where the message starts (after ` unit[pid]: `) and where ` host` starts, or -1. */
const journaldParts = (bytes: Uint8Array, pos: number, end: number, parts: {message: number; host: number}): boolean => {
	// The first `: ` ends the identity: times have colons, but no colon followed by a space.
	let colonAt = -1;
	for (let i = pos + 8; i < end - 1; i++) {
		if (bytes[i] === colon && bytes[i + 1] === space) {
			colonAt = i;
			break;
		}
	}

	if (colonAt < 0) return false;
	let unit = colonAt - 1;
	while (unit > pos && bytes[unit] !== space) unit--;
	let host = unit - 1;
	while (host > pos && bytes[host] !== space) host--;
	if (host <= pos) return false;
	parts.message = colonAt + 2;
	parts.host = host;
	return true;
};

/**
 * The JSON string value of `"key":"` in the line `bytes[pos, end)`: writes where its raw bytes are to `field`
 * (offsets in `bytes`) and returns true, or false when the line has no such value.
 */
const jsonStringField = (bytes: Uint8Array, pos: number, end: number, key: Uint8Array, hints: Map<Uint8Array, number>, field: MessageRange, view: DataView): boolean => {
	// Entries of one journal write their fields in one order: the key is looked for where the last line had it
	// (a JS comparison, no object made), then a little before it, then from the start, in a view of just the line.
	const hint = hints.get(key);
	let at = -1;
	if (hint !== undefined && pos + hint + key.length <= end && startsWithBytes(bytes, pos + hint, key)) at = hint;
	else {
		const line = (bytes as Buffer).subarray(pos, end);
		if (hint !== undefined) {
			at = line.indexOf(key, Math.max(0, hint - 48));
			if (at > hint + 256) at = -1;
		}

		if (at < 0) at = line.indexOf(key);
	}

	if (at < 0) return false;
	hints.set(key, at);
	const from = pos + at + key.length;
	const to = closingQuote(bytes, from, end, view);
	if (to < 0) return false;
	field.from = from;
	field.to = to;
	return true;
};

/**
 * Where the JSON string whose raw bytes start at `from` ends (its closing quote), before `end`, or -1. Four bytes
 * at a time while none of them is a quote or a backslash (a journal entry's message, its most read field, is a
 * few hundred bytes): `view` is a big-endian view of `bytes`.
 */
const closingQuote = (bytes: Uint8Array, from: number, end: number, view: DataView): number => {
	let i = from;
	while (i < end) {
		if (i + 4 <= end) {
			const word = view.getUint32(i);
			const quotes = word ^ 0x22222222;
			const backslashes = word ^ 0x5c5c5c5c;
			// No byte of 0 in either: the four bytes hold neither a quote nor a backslash.
			if (((((quotes - 0x01010101) & ~quotes) | ((backslashes - 0x01010101) & ~backslashes)) & 0x80808080) === 0) {
				i += 4;
				continue;
			}
		}

		const c = bytes[i];
		if (c === quote) return i;
		i += c === backslash ? 2 : 1;
	}

	return -1;
};

/** Where the line `bytes[pos, end)` ends without the CR a CRLF line has before its newline. */
export const withoutCr = (bytes: Uint8Array, pos: number, end: number): number => (end > pos && bytes[end - 1] === 13 ? end - 1 : end);

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const noBytes = new Uint8Array(0);
const dockerStart = utf8('{"log":"');
const dockerEnd = utf8('\\n","stream":"');
const journalMessage = utf8('"MESSAGE":"');
/** Docker's fixed bytes as big-endian words: `{"lo`, `g":"`; `\n",`, `"str`, `eam"` (then `:"`). */
const wordAt = (bytes: Uint8Array, at: number): number => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at);
const dockerStartWord0 = wordAt(dockerStart, 0);
const dockerStartWord1 = wordAt(dockerStart, 4);
const dockerEndWord0 = wordAt(dockerEnd, 0);
const dockerEndWord1 = wordAt(dockerEnd, 4);
const dockerEndWord2 = wordAt(dockerEnd, 8);
/**
 * The fields a journal entry's writer is read from, as the parser reads them (src/parse/envelope/parse-json-envelope.ts):
 * the host, then the unit and the pid each from the first of its fields the entry has. Only those are looked for,
 * so an entry with the usual ones costs three searches, each where the last line had it.
 */
const journalWriter: readonly (readonly Uint8Array[])[] = [
	[utf8('"_HOSTNAME":"')],
	[utf8('"SYSLOG_IDENTIFIER":"'), utf8('"_COMM":"'), utf8('"_SYSTEMD_UNIT":"')],
	[utf8('"_PID":"'), utf8('"SYSLOG_PID":"')],
];

/**
 * Where `\n","stream":"` ends the log value of a docker json-file line, or -1: looked for back from the line's
 * end, where it is (`stdout","time":"<time>"}` follows it), a few dozen bytes in JavaScript instead of a native
 * search's call.
 */
const dockerLogEnd = (bytes: Uint8Array, content: number, end: number): number => {
	for (let i = end - dockerEnd.length; i >= content; i--) {
		if (bytes[i] === backslash && bytes[i + 1] === 110 && bytes[i + 2] === quote && startsWithBytes(bytes, i, dockerEnd)) return i;
	}

	return -1;
};

/** What the skimmer knows of one journal JSON entry, computed once and reused as the next line's. */
type LineFacts = {
	/** The chunk and offset these facts are of (no chunk: an empty array, so that the comparison always meets an object). */
	bytes: Uint8Array;
	pos: number;
	/** A klog info record that starts here and ends on this line. */
	klogInfo: boolean;
	/** A klog warning record that starts here and ends on this line, with no escape in its bytes: where its klog text is. */
	warningFrom: number;
	warningTo: number;
	/** The line starts a record (any severity), so it ends the one before. */
	startsRecord: boolean;
	/**
	 * Its writer's bytes (host, unit and pid, each ended by a 0 byte or marked missing by a 1), compared with the
	 * previous entry's. `identityLength` -1: unknown, like no other.
	 */
	readonly identity: Uint8Array;
	identityLength: number;
	/** Some writer field of the entry has a value. */
	found: boolean;
	/** Where the message's raw bytes are (journal JSON), else -1. */
	messageFrom: number;
	messageTo: number;
};

const identityCapacity = 512;
const newFacts = (): LineFacts => ({bytes: noBytes, pos: -1, klogInfo: false, warningFrom: -1, warningTo: -1, startsRecord: false, identity: new Uint8Array(identityCapacity), identityLength: -1, found: false, messageFrom: -1, messageTo: -1});

/** Facts of the line at `pos` that say nothing: no record, no writer. */
const clearFacts = (facts: LineFacts, bytes: Uint8Array, pos: number): LineFacts => {
	facts.bytes = bytes;
	facts.pos = pos;
	facts.klogInfo = false;
	facts.warningFrom = -1;
	facts.warningTo = -1;
	facts.startsRecord = false;
	facts.identityLength = -1;
	facts.found = false;
	facts.messageFrom = -1;
	facts.messageTo = -1;
	return facts;
};

/** Whether two lines' writers are known and the same. */
const sameIdentity = (a: Uint8Array, aLength: number, b: Uint8Array, bLength: number): boolean => {
	if (aLength < 0 || aLength !== bLength) return false;
	for (let k = 0; k < aLength; k++) if (a[k] !== b[k]) return false;
	return true;
};

/** A skimmer for one source. */
export function createLineSkimmer(): LineSkimmer {
	let shape: Shape | undefined;
	let envelope: Envelope = 'none';
	const partials = [false, false];
	const parts = {message: 0, host: 0};
	let next: LineFacts = newFacts();
	const hints = new Map<Uint8Array, number>();
	// A view of the chunk being skimmed, for four-byte comparisons: one per chunk.
	let viewOf: Uint8Array = noBytes;
	let view: DataView = new DataView(new ArrayBuffer(0));
	const makeView = (bytes: Uint8Array): void => {
		viewOf = bytes;
		view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	};

	const chunk = (bytes: Uint8Array): void => {
		makeView(bytes);
		if (shape === 'docker-json') readFirstDocker(bytes);
		else if (shape === 'journald') askAhead(bytes, 0);
	};

	// The chunk's view: made by `chunk`, or here for a caller that did not say which chunk its lines are in.
	const viewFor = (bytes: Uint8Array): DataView => {
		if (viewOf !== bytes) makeView(bytes);
		return view;
	};

	// Where \`line\` describes the line it is asked about when that is a warning line (see WarningLine).
	let warningOut = noWarningLine();
	const noteWarning = (from: number, to: number): void => {
		warningOut.from = from;
		warningOut.to = to;
		warningOut.envelope = envelope;
		warningOut.envelopePid = shape === 'journald' || shape === 'journald-json';
	};

	// CRI and bare klog, as before: the next line must start a klog record.
	const plainLine = (bytes: Uint8Array, pos: number, end: number, eligible: boolean): boolean => {
		let content = pos;
		if (shape === 'cri') {
			const at = criContentAt(bytes, pos, end);
			if (at === Number.NEGATIVE_INFINITY) return false;
			// `stdout` has its `o` four bytes after the space that ends the time.
			const stream = bytes[(at < 0 ? -at - 1 : at) - 6] === 111 ? 0 : 1;
			if (at < 0) {
				partials[stream] = true;
				return false;
			}

			// The F piece that completes a partial line is not a record on its own.
			if (partials[stream]) {
				partials[stream] = false;
				return false;
			}

			content = at;
		}

		if (!eligible) return false;
		const kind = klogKindAt(bytes, content, end);
		if (kind === otherKlog) return false;
		const nextStart = end + 1;
		let followed: boolean;
		if (shape === 'none') followed = klogHeaderAt(bytes, nextStart);
		else {
			// The next line's prefix is all that is read of it (its time has no newline in it).
			const at = criContentAt(bytes, nextStart, Math.min(bytes.length, nextStart + 64));
			followed = at >= 0 && klogHeaderAt(bytes, at);
		}

		if (followed && kind === warningKlog) noteWarning(content, end);
		return followed && kind === infoKlog;
	};

	// Docker: how far from a complete line's end its log value ended, the last time (the stream and the time that
	// follow it are mostly as long as the line before's).
	let dockerTail = -1;
	const dockerClose = (bytes: Uint8Array, content: number, end: number): number => {
		const hinted = end - dockerTail;
		if (dockerTail > 0 && hinted >= content) {
			// `\n","stream":"` as three words and two bytes.
			const words = viewFor(bytes);
			if (words.getUint32(hinted) === dockerEndWord0 && words.getUint32(hinted + 4) === dockerEndWord1 && words.getUint32(hinted + 8) === dockerEndWord2 && bytes[hinted + 12] === 58 && bytes[hinted + 13] === quote) return hinted;
		}

		const close = dockerLogEnd(bytes, content, end);
		if (close >= content) dockerTail = end - close;
		return close;
	};

	// Docker json-file, in numbers rather than facts records: a line is its klog kind, where its log value starts
	// and ends, whether it starts a record, and its writer (the stream: -1 not a docker line, 0 a partial piece,
	// else 1 + the stream's fourth letter, `stdout`'s `o` or `stderr`'s `e`). Every line's are read a line ahead,
	// by the line before or, for a chunk's first line, by `chunk`: no line has a read of its own, a branch V8 would
	// compile unseen and throw its code away at.
	let aheadDockerBytes: Uint8Array = noBytes;
	// Nothing is ahead while the position is -1. The bytes are always an array: V8 compiles the comparison for
	// objects and threw the code away at the first undefined.
	let aheadDockerPos = -1;
	let aheadKind = otherKlog;
	let aheadFrom = 0;
	let aheadTo = 0;
	let aheadStarts = false;
	let aheadWriter = -1;
	/** Reads the numbers of the line `bytes[pos, end)` as the line ahead's. */
	const readDocker = (bytes: Uint8Array, pos: number, end: number): void => {
		aheadDockerBytes = bytes;
		aheadDockerPos = pos;
		aheadKind = otherKlog;
		aheadStarts = false;
		aheadWriter = -1;
		if (end - pos < dockerStart.length) return;
		const words = viewFor(bytes);
		if (words.getUint32(pos) !== dockerStartWord0 || words.getUint32(pos + 4) !== dockerStartWord1) return;
		const content = pos + dockerStart.length;
		const close = dockerClose(bytes, content, end);
		if (close < content) {
			aheadWriter = 0;
			return;
		}

		aheadFrom = content;
		aheadTo = close;
		// The header first, on every line: a line that starts a record of another kind (an error) has no call of its own.
		aheadStarts = klogHeaderAt(bytes, content);
		aheadKind = aheadStarts ? klogKindOfRecord(bytes, content, close) : otherKlog;
		aheadWriter = 1 + bytes[close + dockerEnd.length + 3]!;
	};

	/** A chunk's first line is read ahead when the chunk comes. */
	const readFirstDocker = (bytes: Uint8Array): void => {
		const end = bytes.indexOf(10);
		readDocker(bytes, 0, withoutCr(bytes, 0, end < 0 ? bytes.length : end));
	};

	// The previous line's writer. A line after a partial piece (writer 0) continues it: it is never the same writer's.
	let previousWriter = -1;
	const dockerLine = (bytes: Uint8Array, pos: number, end: number, eligible: boolean, followingEnd: number): boolean => {
		// Read ahead, unless a caller offered a chunk's lines without the chunk (`chunk`).
		if (aheadDockerPos !== pos || aheadDockerBytes !== bytes) readDocker(bytes, pos, end);
		const kind = aheadKind;
		const from = aheadFrom;
		const to = aheadTo;
		const writer = aheadWriter;
		const same = writer >= 0 && writer === previousWriter;
		previousWriter = writer;
		const nextStart = end + 1;
		if (followingEnd <= nextStart) {
			aheadDockerPos = -1;
			return false;
		}

		readDocker(bytes, nextStart, withoutCr(bytes, nextStart, followingEnd));
		if (!eligible || kind === otherKlog || !same) return false;
		// The next line starts a record of the same writer: nothing can continue this one.
		if (!aheadStarts || aheadWriter !== writer) return false;
		if (kind === warningKlog) {
			if (!hasByte(bytes, backslash, from, to)) noteWarning(from, to);
			return false;
		}

		return true;
	};

	const field: MessageRange = {from: 0, to: 0};
	/** The bytes of the first of `keys` the journal entry `bytes[pos, end)` has, appended to `facts.identity`; false when they do not fit. */
	const appendField = (bytes: Uint8Array, pos: number, end: number, keys: readonly Uint8Array[], facts: LineFacts): boolean => {
		const length = facts.identityLength;
		for (const key of keys) {
			if (!jsonStringField(bytes, pos, end, key, hints, field, viewFor(bytes))) continue;
			const size = field.to - field.from;
			if (length + size + 1 > identityCapacity) return false;
			// Copied by hand: host, unit and pid are a few bytes, and a subarray to copy from would be an object.
			for (let k = 0; k < size; k++) facts.identity[length + k] = bytes[field.from + k]!;
			facts.identity[length + size] = 0;
			facts.identityLength = length + size + 1;
			if (size > 0) facts.found = true;
			return true;
		}

		facts.identity[length] = 1;
		facts.identityLength = length + 1;
		return true;
	};

	// Journal JSON: the entry's message, whether it starts a klog record, and its writer's fields.
	const jsonFacts = (into: LineFacts, bytes: Uint8Array, pos: number, end: number): LineFacts => {
		const facts = clearFacts(into, bytes, pos);
		if (!jsonStringField(bytes, pos, end, journalMessage, hints, field, viewFor(bytes))) return facts;
		const from = field.from;
		const to = field.to;
		facts.messageFrom = from;
		facts.messageTo = to;
		facts.startsRecord = klogHeaderAt(bytes, from);
		// Any record's writer is noted, so the lines on both sides of a warning can still be skimmed.
		if (facts.startsRecord) {
			facts.identityLength = 0;
			for (const keys of journalWriter) {
				if (!appendField(bytes, pos, end, keys, facts)) {
					facts.identityLength = -1;
					break;
				}
			}

			// An entry with none of the writer's fields is not known to be the same writer's as the one before.
			if (!facts.found) facts.identityLength = -1;
		}

		const kind = facts.startsRecord && facts.identityLength > 0 ? klogKindAt(bytes, from, to) : otherKlog;
		facts.klogInfo = kind === infoKlog;
		if (kind === warningKlog && !hasByte(bytes, backslash, from, to)) {
			facts.warningFrom = from;
			facts.warningTo = to;
		}

		return facts;
	};

	// journald short, without a string per line: the last writer's ` host unit[pid]: ` bytes, copied, and where
	// they sit in its line. A line of the same writer has them at the same place (the time forms have a fixed
	// width), so one comparison tells the writer and where the message starts.
	const writer = Buffer.alloc(256);
	// The writer's bytes as big-endian words, compared four at a time through a view of the chunk.
	const writerWords = new DataView(writer.buffer, writer.byteOffset, writer.byteLength);
	let writerLength = 0;
	let writerAt = 0;
	// Where the message of `bytes[pos, end)` starts when its writer is the last one, else -1.
	const sameWriter = (bytes: Uint8Array, pos: number, end: number): number => {
		const message = pos + writerAt + writerLength;
		if (writerLength === 0 || message > end) return -1;
		const view = viewFor(bytes);
		const at = pos + writerAt;
		let k = 0;
		for (; k + 4 <= writerLength; k += 4) if (view.getInt32(at + k) !== writerWords.getInt32(k)) return -1;
		for (; k < writerLength; k++) if (bytes[at + k] !== writer[k]) return -1;
		return message;
	};

	// Notes the writer of a line whose writer is not the last one (a new host, unit or pid), or forgets it.
	const noteWriter = (bytes: Uint8Array, pos: number, end: number): void => {
		writerLength = 0;
		if (!journaldParts(bytes, pos, end, parts) || parts.message - parts.host > writer.length) return;
		writerAt = parts.host - pos;
		writerLength = parts.message - parts.host;
		writer.set(bytes.subarray(parts.host, parts.message));
	};

	// The next line's answer, kept: it is asked again when that line's turn comes. Every line's is asked a line
	// ahead, by the line before or, for a chunk's first line, by `chunk` (as docker's numbers are).
	let aheadBytes: Uint8Array = noBytes;
	let aheadPos = -1;
	let aheadMessage = -1;
	/** Asks, for the line at `pos` (its prefix: the writer's bytes hold no newline), where its message starts. */
	const askAhead = (bytes: Uint8Array, pos: number): void => {
		aheadBytes = bytes;
		aheadPos = pos;
		aheadMessage = sameWriter(bytes, pos, bytes.length);
	};

	const journaldLine = (bytes: Uint8Array, pos: number, end: number, eligible: boolean): boolean => {
		// Asked ahead, unless a caller offered a chunk's lines without the chunk (`chunk`).
		if (aheadPos !== pos || aheadBytes !== bytes) askAhead(bytes, pos);
		const message = aheadMessage;
		// A new writer is noted before the next line is asked about: its answer is about this line's writer.
		if (message < 0) noteWriter(bytes, pos, end);
		askAhead(bytes, end + 1);
		if (message < 0 || !eligible) return false;
		const kind = klogKindAt(bytes, message, end);
		if (kind === otherKlog) return false;
		// The next line is the same writer's and starts a klog record: nothing can continue this one.
		const followed = aheadMessage >= 0 && klogHeaderAt(bytes, aheadMessage);
		if (followed && kind === warningKlog) noteWarning(message, end);
		return followed && kind === infoKlog;
	};

	// Two facts in turn: the line's own, and the next line's, looked at ahead and kept for its turn.
	const facts = [newFacts(), newFacts()];
	const other = (one: LineFacts): LineFacts => (one === facts[0] ? facts[1]! : facts[0]!);
	const factsOf = (bytes: Uint8Array, pos: number, end: number): LineFacts => {
		if (next.bytes === bytes && next.pos === pos) return next;
		return jsonFacts(other(next), bytes, pos, end);
	};

	// The previous entry's writer.
	const previousIdentity = new Uint8Array(identityCapacity);
	let previousLength = -1;
	const journalJsonLine = (bytes: Uint8Array, pos: number, end: number, eligible: boolean, followingEnd: number): boolean => {
		const line = factsOf(bytes, pos, end);
		const same = sameIdentity(line.identity, line.identityLength, previousIdentity, previousLength);
		previousLength = line.identityLength;
		// Copied by hand: a subarray to copy from would be an object per line.
		for (let k = 0; k < line.identityLength; k++) previousIdentity[k] = line.identity[k]!;
		const warning = !line.klogInfo && line.warningFrom >= 0;
		if (!eligible || !(line.klogInfo || warning) || !same) return false;
		const nextStart = end + 1;
		if (followingEnd <= nextStart) return false;
		next = jsonFacts(other(line), bytes, nextStart, withoutCr(bytes, nextStart, followingEnd));
		// The next line starts a record of the same writer: nothing can continue this one.
		const followed = next.startsRecord && sameIdentity(next.identity, next.identityLength, line.identity, line.identityLength);
		if (followed && warning) noteWarning(line.warningFrom, line.warningTo);
		return followed && line.klogInfo;
	};

	return {
		payload: 'klog',
		messageRange(bytes, pos, end, range) {
			if (shape !== 'journald-json') return false;
			// Kept as the next line's facts, so the line's own turn reuses them.
			next = factsOf(bytes, pos, withoutCr(bytes, pos, end));
			if (next.messageFrom < 0) return false;
			range.from = next.messageFrom;
			range.to = next.messageTo;
			return true;
		},
		searchesMessages: () => shape === 'journald-json',
		chunk,
		line(bytes, pos, end, eligible, nextEnd, warning) {
			warning.from = -1;
			warningOut = warning;
			if (shape === undefined) return undefined;
			const lineEnd = withoutCr(bytes, pos, end);
			const skimmed = shape === 'none' || shape === 'cri' ? plainLine(bytes, pos, lineEnd, eligible) : shape === 'journald' ? journaldLine(bytes, pos, lineEnd, eligible) : shape === 'docker-json' ? dockerLine(bytes, pos, lineEnd, eligible, nextEnd) : journalJsonLine(bytes, pos, lineEnd, eligible, nextEnd);
			return skimmed ? envelope : undefined;
		},
		setFormat(format) {
			const seen = format.envelope;
			envelope = (seen ?? 'none') as Envelope;
			if (format.payload === 'klog' && (seen === 'none' || seen === 'cri')) shape = seen;
			else if (seen !== undefined && seen.startsWith('journald-short')) shape = 'journald';
			else if (seen === 'docker-json' && (format.payload === 'klog' || format.payload === 'mixed')) shape = 'docker-json';
			else if (seen === 'journald-json') shape = 'journald-json';
			else shape = undefined;
		},
	};
}
