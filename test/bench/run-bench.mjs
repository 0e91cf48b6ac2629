// npm run bench: the speed and memory targets. Generates a deterministic 1 GiB klog file (once, in the
// temp directory), runs kubesleuth on it with the whole catalogue and with the loopback rules alone, runs
// GNU grep -c -E with the same signature literals on the same file, and prints the figures. Then the memory
// case of issue 13: a 6 MB .gz of 64 KiB lines that match many signals with distinct targets, hosts and
// `is after` times must finish with a report under 400 MB peak RSS. `npm run bench -- amplification` runs it alone.
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {compileRules} from '../../dist/detect/compile-rules.js';
import {readBuiltinRules} from '../../dist/cli/builtin-rules.js';
import {generateKlog} from './generate-klog.mjs';
import {writeAmplificationGz} from './generate-amplification.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const size = Number(process.env.KUBESLEUTH_BENCH_BYTES ?? 2 ** 30);
const dir = path.join(os.tmpdir(), 'kubesleuth-bench');
mkdirSync(dir, {recursive: true});
const file = path.join(dir, `apiserver-${size}.log`);
const generatorVersion = '1';
const marker = `${file}.v${generatorVersion}`;
const only = process.argv[2];
if ((only === undefined || only === 'speed') && (!existsSync(file) || !existsSync(marker))) {
	process.stdout.write(`generating ${file} (${(size / 2 ** 20).toFixed(0)} MiB)…\n`);
	generateKlog(file, size);
	writeFileSync(marker, '');
}


const gnuTime = existsSync('/usr/bin/time');

/**
 * Runs a command, measuring wall time, CPU time and peak RSS: with GNU time when the machine has it
 * (Debian package `time`), else by polling VmHWM in /proc (CPU time is then not known).
 */
function measure(command, args, stdoutFile) {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const timeFile = path.join(dir, 'time.txt');
		const child = gnuTime
			? spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, command, ...args], {cwd: root, stdio: ['ignore', 'pipe', 'inherit']})
			: spawn(command, args, {cwd: root, stdio: ['ignore', 'pipe', 'inherit']});
		const chunks = [];
		child.stdout.on('data', (chunk) => chunks.push(chunk));
		let peakKb = 0;
		const poll = setInterval(() => {
			try {
				const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
				if (m) peakKb = Math.max(peakKb, Number(m[1]));
			} catch {}
		}, 20);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(poll);
			const seconds = Number(process.hrtime.bigint() - started) / 1e9;
			const stdout = Buffer.concat(chunks).toString('utf8');
			if (stdoutFile) writeFileSync(stdoutFile, stdout);
			let cpu;
			if (gnuTime) {
				const [user, system, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
				cpu = user + system;
				peakKb = maxKb;
			}

			resolve({code, seconds, cpu, peakMb: peakKb / 1024, stdout});
		});
	});
}

async function speedCase() {
	const bytes = statSync(file).size;
	const {rules} = compileRules(await readBuiltinRules());
	const literals = rules.prefilter.literals;
	const pattern = literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

	// Warm the page cache so every run reads from memory, as grep would on a second look at a file.
	await new Promise((resolve, reject) => spawn('cat', [file], {stdio: 'ignore'}).on('close', resolve).on('error', reject));
	const grep = await measure('grep', ['-c', '-E', pattern, file], path.join(dir, 'grep-count.txt'));
	const args = (extra) => ['dist/cli/main.js', '--format', 'json', '--no-live', '--utc', '--now', '2026-11-28T12:00:00Z', ...extra, file];
	const full = await measure('node', args([]));
	const loopbackOnly = await measure('node', args(['--only', 'apiserver-context,loopback-certificate']));

	const report = JSON.parse(full.stdout);
	const lines = report.input.sources[0].lines;
	const mb = bytes / 2 ** 20;
	const row = (name, r) =>
		`${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(6)} s wall ${r.cpu === undefined ? '' : `${r.cpu.toFixed(2).padStart(6)} s cpu `}${(lines / r.seconds / 1e6).toFixed(2).padStart(6)} M lines/s ${(mb / r.seconds).toFixed(0).padStart(5)} MB/s ${r.peakMb.toFixed(0).padStart(5)} MB peak RSS`;
	process.stdout.write(`\ninput: ${file}, ${mb.toFixed(0)} MiB, ${lines.toLocaleString('en-US')} lines; grep counted ${grep.stdout.trim()} matching lines, kubesleuth found ${report.findings.map((f) => f.id).join(', ')}\n\n`);
	process.stdout.write(row('grep -c -E (same literals)', grep) + '\n');
	process.stdout.write(row('kubesleuth, whole catalogue', full) + '\n');
	process.stdout.write(row('kubesleuth, loopback rules only', loopbackOnly) + '\n');
	process.stdout.write(`\nratio to grep: ${(full.seconds / grep.seconds).toFixed(2)}x wall${full.cpu === undefined ? '' : `, ${(full.cpu / grep.cpu).toFixed(2)}x cpu`} (aim 1x, floor 2x); peak RSS ${full.peakMb.toFixed(0)} MB (aim < 100, floor < 200)\n`);
	process.stdout.write(`(wall times suffer when other work shares the machine; the cpu ratio is the steadier figure)\n`);
	process.stdout.write(`catalogue cost over the loopback rules alone: ${(((full.seconds - loopbackOnly.seconds) / loopbackOnly.seconds) * 100).toFixed(0)}% (target <= 25%)\n`);
	if (full.code !== 1) process.stdout.write(`note: kubesleuth exited ${full.code}, expected 1 (the file holds the incident)\n`);
}

async function amplificationCase() {
	const gz = path.join(dir, 'amplification-v1.log.gz');
	if (!existsSync(gz)) {
		process.stdout.write(`generating ${gz}…\n`);
		await writeAmplificationGz(gz, 7700);
	}

	const run = await measure('node', ['dist/cli/main.js', '--format', 'json', '--no-live', '--now', '2026-11-28T12:00:00Z', gz]);
	let verdict = 'no report';
	try {
		verdict = JSON.parse(run.stdout).verdict;
	} catch {}

	const ok = run.code === 1 && verdict === 'incident' && run.peakMb < 400;
	process.stdout.write(
		`\namplification: ${(statSync(gz).size / 2 ** 20).toFixed(1)} MiB .gz of 64 KiB lines (distinct hosts, targets, bounds): exit ${run.code}, ${verdict}, ${run.seconds.toFixed(2)} s wall, ${run.peakMb.toFixed(0)} MB peak RSS (target < 400 MB) ${ok ? 'ok' : 'FAILED'}\n`,
	);
	if (!ok) process.exitCode = 1;
}

if (only === undefined || only === 'speed') await speedCase();
if (only === undefined || only === 'amplification') await amplificationCase();
