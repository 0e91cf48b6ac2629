import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {readBuiltinRules} from '../../src/cli/builtin-rules.js';
import {compileRules} from '../../src/detect/compile-rules.js';
import {createLiteralPrefilter, type LiteralPrefilter} from '../../src/detect/literal-prefilter.js';

const literals = ['certificate has expired or is not yet valid', 'TLS handshake error from', 'authentication handshake failed', 'Serving securely on', 'ab'];

function naive(text: string): [number, number][] {
	const found: [number, number][] = [];
	for (const [index, literal] of literals.entries()) {
		for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) found.push([at, index]);
	}

	return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('createLiteralPrefilter', () => {
	const prefilter = createLiteralPrefilter(literals);
	const scan = (text: string): [number, number][] => {
		const found: [number, number][] = [];
		prefilter.scan(text, (offset, literal) => found.push([offset, literal]));
		return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	};

	it.each([
		['E1127 … Get "https://127.0.0.1:6443/api": x509: certificate has expired or is not yet valid', [[48, 0]]],
		['I1127 log.go:245] http: TLS handshake error from 10.0.0.1:5: EOF', [[24, 1]]],
		['nothing here at all', []],
		['certificate has expired or is not yet vali', []],
		['ab TLS handshake error fromTLS handshake error from', [[0, 4], [3, 1], [27, 1]]],
	] as const)('finds every occurrence in %j', (text, expected) => {
		expect(scan(text)).toEqual(expected);
		expect(prefilter.find(text)?.sort()).toEqual(expected.length === 0 ? undefined : [...new Set(expected.map((e) => e[1]))].sort());
	});

	it('agrees with a plain indexOf search on any text', () => {
		const pieces = fc.constantFrom(...literals, 'x509', ' ', 'certificate has', 'TLS hand', 'é', '\n', 'zz');
		fc.assert(
			fc.property(fc.array(fc.oneof(pieces, fc.string()), {maxLength: 30}), (parts) => {
				const text = parts.join('');
				expect(scan(text)).toEqual(naive(text));
			}),
			{numRuns: 500},
		);
	});
});

describe('scanBytes', () => {
	const prefilter = createLiteralPrefilter(literals);
	it('finds the same occurrences in the UTF-8 bytes of ASCII text as scan does in the text', () => {
		const pieces = fc.constantFrom(...literals, 'x509', ' ', 'certificate has', 'TLS hand', '\n', 'zz', 'ab');
		fc.assert(
			fc.property(fc.array(fc.oneof(pieces, fc.string({unit: 'grapheme-ascii'})), {maxLength: 30}), (parts) => {
				const text = parts.join('');
				const found: [number, number][] = [];
				prefilter.scanBytes(Buffer.from(text, 'latin1'), (offset, literal) => found.push([offset, literal]));
				expect(found.sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(naive(text));
			}),
			{numRuns: 500},
		);
	});
});

/** Every (offset, literal index) occurrence of `literals` in `bytes`, by Buffer.indexOf from each offset after the last one found. */
function naiveBytes(bytes: Uint8Array, literals: readonly string[]): [number, number][] {
	const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const found: [number, number][] = [];
	for (const [index, literal] of literals.entries()) {
		const needle = Buffer.from(literal);
		for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) found.push([at, index]);
	}

	return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function naiveString(text: string, literals: readonly string[]): [number, number][] {
	const found: [number, number][] = [];
	for (const [index, literal] of literals.entries()) {
		for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) found.push([at, index]);
	}

	return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** What scanBytes reports, in its order, and checks the order contract: literals of three bytes or more in offset order. */
function scanBytesInOrder(prefilter: LiteralPrefilter, bytes: Uint8Array): [number, number][] {
	const reported: [number, number][] = [];
	prefilter.scanBytes(bytes, (offset, literal) => reported.push([offset, literal]));
	const isLong = prefilter.literals.map((literal) => Buffer.byteLength(literal) >= 3);
	const long = reported.filter(([, literal]) => isLong[literal]);
	expect(long.every(([offset], i) => i === 0 || long[i - 1]![0] <= offset)).toBe(true);
	return reported;
}

const sorted = (pairs: [number, number][]): [number, number][] => [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

/** toEqual, compared by a plain loop first: toEqual takes seconds over hundreds of thousands of pairs. */
function expectSamePairs(actual: [number, number][], expected: [number, number][]): void {
	if (actual.length === expected.length && actual.every(([offset, literal], i) => offset === expected[i]![0] && literal === expected[i]![1])) return;
	expect(actual).toEqual(expected);
}

// Literals from a small alphabet overlap and repeat inside each other; the others are long, log-like or not ASCII.
const smallAlphabet = fc.constantFrom('a', 'b', ' ', 'ab');
const literalArbitrary = fc.oneof(
	fc.string({unit: smallAlphabet, minLength: 1, maxLength: 3}),
	fc.string({unit: smallAlphabet, minLength: 1, maxLength: 24}),
	fc.string({unit: 'grapheme', minLength: 1, maxLength: 8}),
	fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 60}),
	fc.constantFrom(...literals, 'é', 'ü: expired', 'certificate', 'ertificate has expired', 'x509', 'TLS'),
);

/** A literal set, maybe empty or with the empty literal (which is dropped), with literals that are prefixes, suffixes and middles of others added. */
const literalSetArbitrary = fc
	.tuple(fc.array(literalArbitrary, {minLength: 1, maxLength: 12}), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), {maxLength: 6}))
	.map(([base, cuts]) => {
		const set = [...base];
		for (const [which, from, length] of cuts) {
			const literal = base[which % base.length] ?? '';
			if (literal.length === 0) continue;
			const start = from % literal.length;
			set.push(literal.slice(start, start + 1 + (length % (literal.length - start))));
		}

		return set;
	});

/** Text made of the literals, pieces of them and other strings, some not ASCII. */
function textArbitrary(set: readonly string[], maxLength: number): fc.Arbitrary<string> {
	const some = set.length === 0 ? ['x509'] : set;
	const piece = fc.oneof(
		fc.constantFrom(...some),
		fc.tuple(fc.constantFrom(...some), fc.nat(), fc.nat()).map(([literal, a, b]) => literal.slice(Math.min(a, b) % (literal.length + 1), Math.max(a, b) % (literal.length + 1))),
		fc.string({unit: smallAlphabet, maxLength: 6}),
		fc.string({unit: 'grapheme', maxLength: 6}),
		fc.constantFrom(' ', '\n', 'é', '€'),
	);
	return fc.array(piece, {maxLength}).map((parts) => parts.join(''));
}

describe('scanBytes and scan on any literal set', () => {
	const noLiteral = new Uint8Array(1024 * 1024).fill(0xff);

	it('find exactly the occurrences a naive search finds, long literals in offset order', () => {
		fc.assert(
			fc.property(
				literalSetArbitrary.chain((set) => fc.tuple(fc.constant(set), textArbitrary(set, 40))),
				([set, text]) => {
					const prefilter = createLiteralPrefilter(set);
					const bytes = new TextEncoder().encode(text);
					expect(sorted(scanBytesInOrder(prefilter, bytes))).toEqual(naiveBytes(bytes, prefilter.literals));
					const reported: [number, number][] = [];
					prefilter.scan(text, (offset, literal) => reported.push([offset, literal]));
					expect(sorted(reported)).toEqual(naiveString(text, prefilter.literals));
					const indexes = [...new Set(naiveString(text, prefilter.literals).map(([, literal]) => literal))].sort((a, b) => a - b);
					expect(prefilter.find(text)?.sort((a, b) => a - b)).toEqual(indexes.length === 0 ? undefined : indexes);
				},
			),
			{numRuns: 800},
		);
	});

	it('find the same on texts long enough to choose windows from, scanned one after the other by the same prefilter', () => {
		fc.assert(
			fc.property(
				literalSetArbitrary.chain((set) => fc.tuple(fc.constant(set), fc.array(textArbitrary(set, 40), {minLength: 1, maxLength: 8}), fc.array(fc.nat(2000), {minLength: 1, maxLength: 4}))),
				([set, lines, repeats]) => {
					const prefilter = createLiteralPrefilter(set);
					// A megabyte no literal is in (0xff is in no UTF-8), after which the prefilter chooses its windows from a sample of the next text.
					prefilter.scanBytes(noLiteral, () => expect.unreachable());
					for (const repeat of repeats) {
						// 16 KiB and more, so that the prefilter samples it; a line repeated, so that its blocks dominate the sample.
						let text = lines.join('\n');
						while (text.length < 16 * 1024) text += `\n${lines[repeat % lines.length]!}${'x'.repeat(repeat % 7)}`;
						const bytes = new TextEncoder().encode(text);
						expectSamePairs(sorted(scanBytesInOrder(prefilter, bytes)), naiveBytes(bytes, prefilter.literals));
					}
				},
			),
			{numRuns: 60},
		);
	});

	it('scanBytesRange finds exactly the occurrences that lie wholly in its range, before and after the windows are chosen', () => {
		fc.assert(
			fc.property(
				literalSetArbitrary.chain((set) => fc.tuple(fc.constant(set), textArbitrary(set, 60), fc.array(fc.tuple(fc.nat(), fc.nat()), {minLength: 1, maxLength: 6}), fc.boolean())),
				([set, text, cuts, tuned]) => {
					const prefilter = createLiteralPrefilter(set);
					if (tuned) {
						prefilter.scanBytes(noLiteral, () => expect.unreachable());
						let sample = text;
						while (sample.length < 16 * 1024) sample += `\n${text}x`;
						prefilter.scanBytes(new TextEncoder().encode(sample), () => {});
					}

					const bytes = new TextEncoder().encode(text);
					const all = naiveBytes(bytes, prefilter.literals);
					const lengths = prefilter.literals.map((literal) => Buffer.byteLength(literal));
					const isLong = lengths.map((length) => length >= 3);
					for (const [a, b] of cuts) {
						const from = Math.min(a, b) % (bytes.length + 1);
						const to = Math.max(a, b) % (bytes.length + 1);
						// Pairs already in the array stay, the new ones go after them.
						const found = [-1, -1];
						prefilter.scanBytesRange(bytes, Math.min(from, to), Math.max(from, to), found);
						expect(found.slice(0, 2)).toEqual([-1, -1]);
						const pairs: [number, number][] = [];
						for (let i = 2; i < found.length; i += 2) pairs.push([found[i]!, found[i + 1]!]);
						const long = pairs.filter(([, literal]) => isLong[literal]);
						expect(long.every(([offset], i) => i === 0 || long[i - 1]![0] <= offset)).toBe(true);
						const lo = Math.min(from, to);
						const hi = Math.max(from, to);
						expect(sorted(pairs)).toEqual(all.filter(([offset, literal]) => offset >= lo && offset + lengths[literal]! <= hi));
					}
				},
			),
			{numRuns: 600},
		);
	});

	it.each([3, 4, 13, 20])('find an occurrence at every offset of one repeated byte, literals of %i bytes and more, at any text length', (length) => {
		const prefilter = createLiteralPrefilter(['a'.repeat(length), 'a'.repeat(length + 5), `${'a'.repeat(length)}b`]);
		// Short lengths, the lengths around where the text is split into stretches searched at once, and one sampled after a megabyte.
		const around = (from: number, to: number): number[] => Array.from({length: to - from}, (_, i) => from + i);
		const check = (textLength: number): void => {
			const bytes = new Uint8Array(textLength).fill(0x61);
			expectSamePairs(sorted(scanBytesInOrder(prefilter, bytes)), naiveBytes(bytes, prefilter.literals));
		};

		for (const textLength of [...around(0, 40), ...around(1000, 1060), ...around(2030, 2090), 4099]) check(textLength);
		prefilter.scanBytes(noLiteral, () => expect.unreachable());
		check(70_003);
	});

	it('find every occurrence of the built-in literals in megabytes of log lines, in pieces, across the stretches searched at once', async () => {
		const builtin = compileRules(await readBuiltinRules()).rules.prefilter.literals;
		const prefilter = createLiteralPrefilter(builtin);
		const lines = [
			'I1127 10:38:13.123456       1 httplog.go:132] "HTTP" verb="GET" URI="/api/v1/namespaces/kube-system/pods" latency="1.2ms" userAgent="kubelet/v1.28.9" resp=200',
			'E1127 10:38:13.223456       1 authentication.go:73] "Unable to authenticate the request" err="x509: certificate has expired or is not yet valid"',
			'Nov 27 10:38:13 cp-1 kube-apiserver[2345]: I1127 10:38:13.323456 1 log.go:245] http: TLS handshake error from 10.0.0.1:5: EOF',
			'{"log":"W1127 10:38:13.423456 1 dispatcher.go:205] Failed calling webhook, failing closed: context deadline exceeded\\n","stream":"stderr"}',
		];
		fc.assert(
			// The lines are picked by a seeded generator rather than drawn as an array, which would take minutes to shrink.
			fc.property(fc.integer(), fc.integer({min: 2000, max: 10_000}), fc.nat(300_000), (seed, count, cut) => {
				let state = seed | 1;
				const picks = Array.from({length: count}, () => {
					state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) ^ 0x6b43a9b5;
					return (state >>> 8) % lines.length;
				});
				const bytes = new TextEncoder().encode(picks.map((pick) => lines[pick]).join('\n'));
				const pieceEnd = Math.min(bytes.length, 16 * 1024 + cut);
				for (const piece of [bytes.subarray(0, pieceEnd), bytes.subarray(pieceEnd)]) {
					expectSamePairs(sorted(scanBytesInOrder(prefilter, piece)), naiveBytes(piece, prefilter.literals));
				}
			}),
			{numRuns: 10, endOnFailure: true},
		);
	});
});
