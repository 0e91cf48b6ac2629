// npm run bench: the speed and memory targets of issue 16, measured side by side in one run, then a summary
// of each target with the measured value.
//   speed         1 GiB of klog (KUBESLEUTH_BENCH_BYTES scales it): grep -c -E with the five signatures an engineer
//                 would type, kubesleuth on one thread (the default) and with KUBESLEUTH_WORKERS=2, and with the
//                 loopback rules alone (the whole catalogue should cost at most 25% over them);
//   envelopes     256 MiB (a quarter of the klog size) of the same lines as journalctl short, CRI, journalctl -o json
//                 and docker json-file, each against grep on the same file;
//   startup       the demo (fixtures/demo), median of 10 runs;
//   amplification issue 13's memory case: a 6 MB .gz of 64 KiB lines that match many signals with distinct targets,
//                 hosts and `is after` times must finish with a report under 400 MB peak RSS (exit code 1 if not);
//   follow        test/bench/follow-latency.mjs, when it exists.
// `npm run bench -- envelopes` (or several names) runs those cases alone. Generated files are cached in
// os.tmpdir()/kubesleuth-bench. KUBESLEUTH_BENCH_RUNS=n runs the commands of a case n times, in turn, and keeps each one's median run
// (default 1). Targets that are missed print FAILED; only the amplification case changes the exit code.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {generateKlog} from './generate-klog.mjs';
import {envelopeNames, generateEnvelope} from './generate-envelopes.mjs';
import {writeAmplificationGz} from './generate-amplification.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = path.join(os.tmpdir(), 'kubesleuth-bench');
mkdirSync(dir, {recursive: true});
const size = Number(process.env.KUBESLEUTH_BENCH_BYTES ?? 2 ** 30);
const envelopeSize = Math.floor(size / 4);
const runs = Math.max(1, Number(process.env.KUBESLEUTH_BENCH_RUNS ?? 1));
const now = '2026-11-28T12:00:00Z';
const signatures = 'x509: certificate has expired|TLS handshake error|certificate signed by unknown authority|etcdserver: request timed out|failed calling webhook';
const loopbackId = 'apiserver-loopback-cert-expired';
const followModule = new URL('./follow-latency.mjs', import.meta.url);

const caseNames = ['speed', 'envelopes', 'startup', 'amplification', 'follow'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !caseNames.includes(name));
if (unknown.length > 0 || !Number.isFinite(size) || size <= 0) {
	process.stderr.write(`usage: npm run bench [-- ${caseNames.join('|')} ...]; KUBESLEUTH_BENCH_BYTES=<bytes of klog> (now ${process.env.KUBESLEUTH_BENCH_BYTES ?? 'unset'})${unknown.length > 0 ? `; unknown case ${unknown.join(', ')}` : ''}\n`);
	process.exit(2);
}

const wanted = (name) => asked.length === 0 || asked.includes(name);
const out = (text = '') => process.stdout.write(text + '\n');
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

// ---- inputs -------------------------------------------------------------------------------------------------

/**
 * The cached file made by `generate(path)`, made once: written under a temporary name and renamed, so a bench
 * running at the same time never reads half a file; the marker names the generator version that wrote it.
 * Its modification time is set to the bench's `--now`, so year-less times get the same year on any machine.
 */
function cached(file, version, generate) {
	const marker = `${file}.v${version}`;
	if (!existsSync(file) || !existsSync(marker)) {
		out(`generating ${file}…`);
		const started = Date.now();
		const temporary = `${file}.tmp-${process.pid}`;
		try {
			generate(temporary);
			renameSync(temporary, file);
		} finally {
			rmSync(temporary, {force: true});
		}

		writeFileSync(marker, '');
		out(`  ${mib(statSync(file).size)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}

	const at = new Date(now);
	utimesSync(file, at, at);
	return file;
}

// Version 1 of the klog file is what the generator has written since the bench began (generators.test.ts pins it).
const klogFile = () => cached(path.join(dir, `apiserver-${size}.log`), '1', (file) => generateKlog(file, size));
const envelopeFile = (name) => cached(path.join(dir, `apiserver-${envelopeSize}.${name}.log`), '1', (file) => generateEnvelope(file, envelopeSize, name));

/** Reads a file once so every run reads it from the page cache, as grep would on a second look. */
const warm = (file) => new Promise((resolve, reject) => spawn('cat', [file], {stdio: 'ignore'}).on('close', resolve).on('error', reject));

// ---- measuring ----------------------------------------------------------------------------------------------

const gnuTime = existsSync('/usr/bin/time');
const timeFile = path.join(dir, `time-${process.pid}.txt`);

/**
 * Runs a command once, measuring wall time, CPU time and peak RSS: with GNU time when the machine has it
 * (Debian package `time`), else by polling VmHWM in /proc (CPU time is then not known).
 */
function measureOnce(command, args, env) {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const options = {cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env};
		const child = gnuTime ? spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, command, ...args], options) : spawn(command, args, options);
		const chunks = [];
		let stderr = '';
		child.stdout.on('data', (chunk) => chunks.push(chunk));
		child.stderr.on('data', (chunk) => {
			stderr = (stderr + chunk.toString('utf8')).slice(-4000);
		});
		let peakKb = 0;
		const poll = gnuTime
			? undefined
			: setInterval(() => {
					try {
						const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
						if (m) peakKb = Math.max(peakKb, Number(m[1]));
					} catch {}
				}, 20);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(poll);
			const seconds = Number(process.hrtime.bigint() - started) / 1e9;
			let cpu;
			if (gnuTime) {
				const [user, system, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
				cpu = user + system;
				peakKb = maxKb;
			}

			resolve({code, seconds, cpu, peakMb: peakKb / 1024, stdout: Buffer.concat(chunks).toString('utf8'), stderr});
		});
	});
}

/** A command to measure: grep's count, or kubesleuth's JSON report (read by `result`). */
const grep = (file, pattern = signatures) => ({command: 'grep', args: ['-c', '-E', pattern, file], env: process.env, result: (run) => run});

/** An environment without KUBESLEUTH_WORKERS (the default threads), or with it set. */
const envWith = (workers) => {
	const env = {...process.env};
	delete env.KUBESLEUTH_WORKERS;
	if (workers !== undefined) env.KUBESLEUTH_WORKERS = String(workers);
	return env;
};

/** kubesleuth's JSON report on `file`, and whether the loopback finding is on top. */
const kubesleuth = (file, {extra = [], workers} = {}) => ({
	command: 'node',
	args: ['dist/cli/main.js', '--format', 'json', '--no-live', '--utc', '--now', now, ...extra, file],
	env: envWith(workers),
	result(run) {
		let report;
		try {
			report = JSON.parse(run.stdout);
		} catch {}

		const ids = report?.findings?.map((f) => f.id) ?? [];
		const source = report?.input?.sources?.[0];
		return {...run, report, ids, onTop: run.code === 1 && ids[0] === loopbackId, lines: source?.lines, envelope: source?.envelope, payload: source?.payload};
	},
});

/**
 * Measures commands side by side: `runs` rounds, each running every command once in turn (so a burst of other
 * work on the machine falls on all of them alike), then for each command the run of median wall time (the lower
 * middle one for an even count), with the range of its runs.
 */
async function sideBySide(commands) {
	const all = commands.map(() => []);
	for (let round = 0; round < runs; round++) {
		for (const [i, c] of commands.entries()) all[i].push(await measureOnce(c.command, c.args, c.env));
	}

	return commands.map((c, i) => {
		const sorted = [...all[i]].sort((a, b) => a.seconds - b.seconds);
		return c.result({...sorted[Math.floor((sorted.length - 1) / 2)], range: [sorted[0].seconds, sorted.at(-1).seconds]});
	});
}

// ---- printing -----------------------------------------------------------------------------------------------

const nameWidth = 56;
const header = `${'run'.padEnd(nameWidth)} ${'wall'.padStart(8)} ${'cpu'.padStart(8)} ${'peak RSS'.padStart(9)} ${'MB/s'.padStart(6)} ${'x grep'.padStart(13)}`;
const spread = (r) => (runs > 1 ? ` (${r.range[0].toFixed(2)}-${r.range[1].toFixed(2)})` : '');

/** One row: the run's figures, its ratio to `base` (wall, and cpu when known), and what it found. */
function row(name, r, bytes, base) {
	const cpu = r.cpu === undefined ? '' : `${r.cpu.toFixed(2)} s`;
	const ratio = base === undefined ? '' : `${(r.seconds / base.seconds).toFixed(2)}x${r.cpu !== undefined && base.cpu ? ` ${(r.cpu / base.cpu).toFixed(2)}c` : ''}`;
	let found = '';
	if (r.report !== undefined || r.ids !== undefined) {
		found = r.onTop ? `  ok: ${r.ids.join(', ')}` : `  FAILED: ${r.report === undefined ? `no report (exit ${r.code}) ${r.stderr.trim().split('\n').at(-1) ?? ''}` : `exit ${r.code}, findings ${r.ids.join(', ') || 'none'}`}`;
	} else if (r.stdout !== undefined) {
		found = `  ${r.stdout.trim()} matching lines`;
	}

	out(`${name.padEnd(nameWidth)} ${`${r.seconds.toFixed(2)} s`.padStart(8)} ${cpu.padStart(8)} ${`${r.peakMb.toFixed(0)} MB`.padStart(9)} ${(bytes / 1e6 / r.seconds).toFixed(0).padStart(6)} ${ratio.padStart(13)}${found}${spread(r)}`);
}

// ---- cases --------------------------------------------------------------------------------------------------

const results = {};

/** The pre-filter's literals, for the extra grep row (the old comparison), when this build still exposes them. */
async function prefilterPattern() {
	try {
		const {compileRules} = await import(pathToFileURL(path.join(root, 'dist/detect/compile-rules.js')).href);
		const {readBuiltinRules} = await import(pathToFileURL(path.join(root, 'dist/cli/builtin-rules.js')).href);
		const literals = compileRules(await readBuiltinRules()).rules.prefilter.literals;
		return {count: literals.length, pattern: literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')};
	} catch {
		return undefined;
	}
}

async function speedCase() {
	const file = klogFile();
	const bytes = statSync(file).size;
	await warm(file);
	out(`\n== speed: ${file}, ${mib(bytes)} of klog (load ${load()})`);
	const literals = await prefilterPattern();
	const [g, full, two, loopback, gAll] = await sideBySide([
		grep(file),
		kubesleuth(file),
		kubesleuth(file, {workers: 2}),
		kubesleuth(file, {extra: ['--only', 'apiserver-context,loopback-certificate']}),
		...(literals === undefined ? [] : [grep(file, literals.pattern)]),
	]);
	out(`${full.lines?.toLocaleString('en-US') ?? '?'} lines; ratios are to grep with the five signatures (x wall, c cpu)\n`);
	out(header);
	row('grep -c -E, the five signatures', g, bytes);
	if (gAll !== undefined) row(`grep -c -E, all ${literals.count} pre-filter literals`, gAll, bytes, g);
	row('kubesleuth, whole catalogue (one thread)', full, bytes, g);
	row('kubesleuth, whole catalogue, KUBESLEUTH_WORKERS=2', two, bytes, g);
	row('kubesleuth, loopback rules only', loopback, bytes, g);
	const catalogue = full.seconds / loopback.seconds;
	out(`\nwhole catalogue over the loopback rules alone: ${catalogue.toFixed(2)}x wall${full.cpu !== undefined ? `, ${(full.cpu / loopback.cpu).toFixed(2)}x cpu` : ''} (target <= 1.25x)`);
	results.speed = {bytes, grep: g, full, two, loopback, catalogue};
}

async function envelopesCase() {
	const files = envelopeNames.map((name) => ({name, file: envelopeFile(name)}));
	out(`\n== envelopes: ${mib(envelopeSize)} of the same lines in each envelope (load ${load()})`);
	out(header);
	results.envelopes = [];
	for (const {name, file} of files) {
		const bytes = statSync(file).size;
		await warm(file);
		const [g, k] = await sideBySide([grep(file), kubesleuth(file)]);
		row(`grep -c -E, ${name}`, g, bytes);
		row(`kubesleuth, ${name} (read as ${k.envelope ?? '?'}/${k.payload ?? '?'})`, k, bytes, g);
		// A small file may end before the stream's first incident (about 9,000 lines in; a journal JSON entry is 2.4 KB).
		if (g.stdout.trim() === '0') out(`  (${path.basename(file)} holds no incident line: too small for a finding)`);
		results.envelopes.push({name, bytes, grep: g, kubesleuth: k, wrongEnvelope: k.envelope !== undefined && k.envelope !== name});
	}
}

async function startupCase() {
	const args = ['dist/cli/main.js', '--format', 'json', '--no-live', 'fixtures/demo'];
	out(`\n== startup: node ${args.join(' ')}, median of 10 runs after one warm-up (load ${load()})`);
	await measureOnce('node', args, envWith());
	const all = [];
	for (let i = 0; i < 10; i++) all.push(await measureOnce('node', args, envWith()));
	const seconds = all.map((r) => r.seconds).sort((a, b) => a - b);
	const median = (seconds[4] + seconds[5]) / 2;
	const reports = all.filter((r) => {
		try {
			return JSON.parse(r.stdout).findings[0]?.id === loopbackId;
		} catch {
			return false;
		}
	}).length;
	const peak = Math.max(...all.map((r) => r.peakMb));
	out(`median ${median.toFixed(3)} s (min ${seconds[0].toFixed(3)}, max ${seconds[9].toFixed(3)}), peak RSS ${peak.toFixed(0)} MB, loopback finding on top in ${reports} of 10 reports`);
	results.startup = {median, reports};
}

async function amplificationCase() {
	const gz = path.join(dir, 'amplification-v1.log.gz');
	if (!existsSync(gz)) {
		out(`generating ${gz}…`);
		const temporary = `${gz}.tmp-${process.pid}`;
		await writeAmplificationGz(temporary, 7700);
		renameSync(temporary, gz);
	}

	const [run] = await sideBySide([{command: 'node', args: ['dist/cli/main.js', '--format', 'json', '--no-live', '--now', now, gz], env: envWith(), result: (r) => r}]);
	let verdict = 'no report';
	try {
		verdict = JSON.parse(run.stdout).verdict;
	} catch {}

	const ok = run.code === 1 && verdict === 'incident' && run.peakMb < 400;
	out(`\n== amplification: ${(statSync(gz).size / 2 ** 20).toFixed(1)} MiB .gz of 64 KiB lines (distinct hosts, targets, bounds): exit ${run.code}, ${verdict}, ${run.seconds.toFixed(2)} s wall, ${run.peakMb.toFixed(0)} MB peak RSS (target < 400 MB) ${ok ? 'ok' : 'FAILED'}`);
	results.amplification = {ok, peakMb: run.peakMb};
	if (!ok) process.exitCode = 1;
}

async function followCase() {
	if (!existsSync(followModule)) {
		results.follow = {missing: true};
		return;
	}

	out(`\n== follow (load ${load()})`);
	try {
		const {followLatencyCase} = await import(followModule.href);
		const {lines, ok} = await followLatencyCase({root, dir});
		results.follow = {lines: Array.isArray(lines) ? lines : String(lines ?? '').split('\n').filter((l) => l !== ''), ok: ok === true};
	} catch (error) {
		results.follow = {lines: [`follow-latency.mjs failed: ${error instanceof Error ? error.message : String(error)}`], ok: false};
	}
}

// ---- run ----------------------------------------------------------------------------------------------------

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: root, encoding: 'utf8'}).stdout?.trim() || 'unknown';
out(`kubesleuth bench: commit ${commit}, node ${process.version}, ${os.cpus().length} cpus, load ${load()}, ${gnuTime ? 'GNU time' : 'no GNU time (no cpu times; peak RSS polled)'}, ${runs} run${runs > 1 ? 's (median)' : ''} per measurement`);
if (wanted('speed')) await speedCase();
if (wanted('envelopes')) await envelopesCase();
if (wanted('startup')) await startupCase();
if (wanted('amplification')) await amplificationCase();
if (wanted('follow')) await followCase();

// ---- summary ------------------------------------------------------------------------------------------------

const verdict = (ok) => (ok ? 'ok' : 'FAILED');
const targets = [];
const target = (what, measured, ok) => targets.push([what, measured, ok === undefined ? 'n/a' : verdict(ok)]);
const ratioText = (r, g) => `${(r.seconds / g.seconds).toFixed(2)}x (${r.seconds.toFixed(2)} s vs ${g.seconds.toFixed(2)} s${r.cpu !== undefined && g.cpu ? `; cpu ${(r.cpu / g.cpu).toFixed(2)}x` : ''})`;
const sizeName = size === 2 ** 30 ? '1 GiB' : mib(size);

if (results.speed) {
	const {grep: g, full, two, loopback, catalogue} = results.speed;
	const best = two.seconds < full.seconds ? two : full;
	target(`${sizeName} klog, best of one thread and two workers: <= 1.0x grep wall`, `${ratioText(best, g)}, ${best === two ? 'two workers' : 'one thread'}`, best.seconds <= g.seconds);
	target(`${sizeName} klog, one thread (the default): <= 1.5x grep wall`, ratioText(full, g), full.seconds <= 1.5 * g.seconds);
	target(`${sizeName} klog: peak RSS <= 100 MB (default)`, `${full.peakMb.toFixed(0)} MB one thread, ${two.peakMb.toFixed(0)} MB with two workers`, full.peakMb <= 100);
	const tops = [full, two, loopback];
	const allOnTop = tops.every((r) => r.onTop);
	target(`${sizeName} klog: loopback finding on top`, allOnTop ? 'on top in all three runs' : `top findings ${tops.map((r) => r.ids[0] ?? 'none').join(' / ')} (one thread / two workers / loopback rules)`, allOnTop);
	target('whole catalogue <= 1.25x the loopback rules alone', `${catalogue.toFixed(2)}x (${full.seconds.toFixed(2)} s vs ${loopback.seconds.toFixed(2)} s)`, catalogue <= 1.25);
}

for (const e of results.envelopes ?? []) {
	const k = e.kubesleuth;
	const top = k.onTop ? 'loopback on top' : `top finding ${k.ids[0] ?? 'none'}`;
	target(`${mib(e.bytes)} ${e.name}: <= 1.5x grep wall, loopback on top`, `${ratioText(k, e.grep)}, ${top}${e.wrongEnvelope ? `, read as ${k.envelope}` : ''}`, k.seconds <= 1.5 * e.grep.seconds && k.onTop && !e.wrongEnvelope);
}

if (results.startup) target('demo answered in <= 0.3 s (median of 10)', `${results.startup.median.toFixed(3)} s${results.startup.reports < 10 ? `, loopback on top in ${results.startup.reports} of 10` : ''}`, results.startup.median <= 0.3 && results.startup.reports === 10);
if (results.follow) {
	if (results.follow.missing) target('follow: appended incident line on screen <= 0.5 s', 'not measured (no test/bench/follow-latency.mjs)', undefined);
	else target('follow: appended incident line on screen <= 0.5 s', 'see below', results.follow.ok);
}

target('same JSON report on every fixture', 'not measured here: a test compares them', undefined);
if (results.amplification) target('amplification .gz: report under 400 MB peak RSS (exit code)', `${results.amplification.peakMb.toFixed(0)} MB`, results.amplification.ok);

const width = Math.max(...targets.map((t) => t[0].length));
out(`\n== summary (load ${load()}; wall times suffer when other work shares the machine, the cpu ratios are steadier)`);
for (const [what, measured, status] of targets) out(`${what.padEnd(width)}  ${status.padEnd(6)}  ${measured}`);
if (results.follow?.lines) {
	out('\nfollow:');
	for (const line of results.follow.lines) out(`  ${line}`);
}

rmSync(timeFile, {force: true});
