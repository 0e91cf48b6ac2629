// node test/bench/prefilter-speed.mjs [--mib N] [--piece-kib N] [--runs N] [--text name] [--check] [--module path...]: the throughput of the literal pre-filter's
// scanBytes with the built-in rules' literals, on 64 MiB (by default) of several texts built from the bench klog file
// (plain klog, journald short, CRI, docker json-file) and of the realworld fixtures concatenated and repeated. Each text
// is scanned in 256 KiB pieces, as the pipeline hands them over, and the best CPU time of seven runs is printed. `--module` compares
// other builds of literal-prefilter.js (for example a copy of the one before a change) on the same texts; every module
// must report the same (offset, literal) pairs. `--check` also compares them with a plain Buffer.indexOf search per literal.
// Run `npm run build` first; the klog file comes from `KUBESLEUTH_BENCH_BYTES=268435456 npm run bench -- speed`.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {compileRules} from '../../dist/detect/compile-rules.js';
import {readBuiltinRules} from '../../dist/cli/builtin-rules.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
	const at = args.indexOf(name);
	return at === -1 ? undefined : args[at + 1];
};

const mib = Number(option('--mib') ?? 64);
const size = mib * 2 ** 20;
const check = args.includes('--check');
const modules = args.flatMap((arg, i) => (args[i - 1] === '--module' ? [path.resolve(arg)] : []));
if (modules.length === 0) modules.push(path.join(root, 'dist/detect/literal-prefilter.js'));
const runs = Number(option('--runs') ?? 7);
const pieceSize = Number(option('--piece-kib') ?? 256) * 1024;

const {rules} = compileRules(await readBuiltinRules());
const literals = rules.prefilter.literals;

const klogFile = [path.join(os.tmpdir(), 'kubesleuth-bench/apiserver-268435456.log'), path.join(os.tmpdir(), 'kubesleuth-bench/apiserver-1073741824.log')].find((file) => existsSync(file));
if (klogFile === undefined) throw new Error('no bench klog file: run KUBESLEUTH_BENCH_BYTES=268435456 npm run bench -- speed');

/** Whole lines of `source` (a Buffer), transformed by `wrap`, up to `size` bytes, repeating the source when it runs out. */
function build(source, wrap) {
	const out = Buffer.allocUnsafe(size + 1024 * 1024);
	let length = 0;
	for (;;) {
		let pos = 0;
		while (pos < source.length) {
			let end = source.indexOf(10, pos);
			if (end === -1) end = source.length;
			const line = wrap(source.subarray(pos, end));
			if (length + line.length + 1 > size) return out.subarray(0, length);
			length += line.copy(out, length);
			out[length++] = 10;
			pos = end + 1;
		}
	}
}

const klog = readFileSync(klogFile).subarray(0, size + 1024 * 1024);
const realworld = Buffer.concat(
	readdirSync(path.join(root, 'fixtures/realworld'))
		.filter((name) => name.endsWith('.log'))
		.sort()
		.map((name) => readFileSync(path.join(root, 'fixtures/realworld', name))),
);
const clock = (i) => `2024-11-27T10:${String(38 + (i % 20)).padStart(2, '0')}:13.${String(123456789 + i).slice(0, 9)}Z`;
let lineCount = 0;
const texts = [
	['klog', build(klog, (line) => line)],
	['journald short', build(klog, (line) => Buffer.concat([Buffer.from('Nov 27 10:38:13 cp-1 kube-apiserver[2345]: '), line]))],
	['CRI', build(klog, (line) => Buffer.concat([Buffer.from(`${clock(lineCount++)} stderr F `), line]))],
	['docker json-file', build(klog, (line) => Buffer.from(`{"log":${JSON.stringify(`${line.toString('latin1')}\n`)},"stream":"stderr","time":"${clock(lineCount++)}"}`, 'latin1'))],
	['realworld fixtures', build(realworld, (line) => line)],
];

function collect(prefilter, bytes) {
	const found = [];
	for (let at = 0; at < bytes.length; at += pieceSize) {
		// An occurrence across two pieces is seen by neither, as in the pipeline, whose pieces end at line ends.
		const piece = bytes.subarray(at, Math.min(bytes.length, at + pieceSize));
		prefilter.scanBytes(piece, (offset, literal) => found.push(at + offset, literal));
	}

	return found;
}

function sortedPairs(flat) {
	const pairs = [];
	for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
	return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function naive(bytes, prefilter) {
	const pairs = [];
	for (const [index, literal] of prefilter.literals.entries()) {
		const needle = Buffer.from(literal);
		for (let at = 0; at < bytes.length; at += pieceSize) {
			const piece = bytes.subarray(at, Math.min(bytes.length, at + pieceSize));
			for (let k = piece.indexOf(needle); k !== -1; k = piece.indexOf(needle, k + 1)) pairs.push([at + k, index]);
		}
	}

	return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

const same = (a, b) => a.length === b.length && a.every((p, i) => p[0] === b[i][0] && p[1] === b[i][1]);

const prefilters = [];
for (const file of modules) {
	const {createLiteralPrefilter} = await import(pathToFileURL(file).href);
	prefilters.push([path.relative(process.cwd(), file), createLiteralPrefilter(literals)]);
}

process.stdout.write(`${literals.length} literals, shortest ${Math.min(...literals.map((l) => Buffer.byteLength(l)))} bytes; ${mib} MiB per text in ${pieceSize / 1024} KiB pieces, best CPU time of ${runs} runs\n`);
for (const [name, bytes] of texts) {
	if (option('--text') !== undefined && !name.startsWith(option('--text'))) continue;
	let reference;
	if (check) reference = naive(bytes, prefilters[0][1]);
	const best = prefilters.map(() => Infinity);
	const occurrences = [];
	for (const [label, prefilter] of prefilters) {
		const pairs = sortedPairs(collect(prefilter, bytes));
		if (reference === undefined) reference = pairs;
		else if (!same(pairs, reference)) throw new Error(`${label} reports different occurrences on ${name}: ${pairs.length} against ${reference.length}`);
		occurrences.push(pairs.length);
	}

	// Runs of the modules in turn, so that a busy machine slows them alike; CPU time, which a busy machine disturbs less than wall time.
	for (let run = 0; run < runs; run++) {
		for (const [i, [, prefilter]] of prefilters.entries()) {
			const started = process.cpuUsage();
			for (let at = 0; at < bytes.length; at += pieceSize) prefilter.scanBytes(bytes.subarray(at, Math.min(bytes.length, at + pieceSize)), () => {});
			const used = process.cpuUsage(started);
			best[i] = Math.min(best[i], (used.user + used.system) / 1e3);
		}
	}

	for (const [i, [label]] of prefilters.entries()) {
		process.stdout.write(`${name.padEnd(20)} ${label.padEnd(44)} ${(bytes.length / best[i] / 1e6).toFixed(2).padStart(6)} GB/s  ${best[i].toFixed(1).padStart(6)} ms  ${occurrences[i]} occurrences\n`);
	}
}
