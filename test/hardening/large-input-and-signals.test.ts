import {spawn} from 'node:child_process';
import {closeSync, openSync, readFileSync, statSync, writeSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {bytesRead, cli, demoLog, fixedFlags, makeTempDir, parseJsonReport, peakMemory, root, runCli, waitUntilIdle} from './cli-process.js';

let temp: ReturnType<typeof makeTempDir>;

beforeAll(() => {
	temp = makeTempDir('large');
});

afterAll(() => {
	temp.remove();
});

/** Writes `total` bytes: one klog line, then a single line of `A`s with no newline, 1 MiB at a time. */
function writeHugeLine(file: string, total: number): void {
	const fd = openSync(file, 'w');
	const first = '2026-11-28T09:00:00.000000000Z stderr F I1128 09:00:00.000000       1 a.go:1] before the long line\n';
	writeSync(fd, first);
	const block = Buffer.alloc(1 << 20, 'A');
	for (let written = first.length; written < total; written += block.length) writeSync(fd, block, 0, Math.min(block.length, total - written));
	closeSync(fd);
}

/** The demo log (its incident at the start), then ordinary containerd klog lines up to about `total` bytes. */
function writeLargeIncident(file: string, total: number): number {
	const fd = openSync(file, 'w');
	const demo = readFileSync(demoLog);
	let written = writeSync(fd, demo);
	let lines = demo.toString('utf8').split('\n').length - 1;
	let t = Date.UTC(2026, 10, 28, 8, 2, 0);
	while (written < total) {
		let batch = '';
		for (let i = 0; i < 4000; i++) {
			t += 7;
			const iso = new Date(t).toISOString();
			const klog = `${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 23)}000`;
			batch += `${iso.slice(0, 23)}000000Z stderr F I${klog}       1 httplog.go:132] "HTTP" verb="GET" URI="/api/v1/namespaces/kube-system/pods?limit=500&resourceVersion=${t % 1_000_003}" latency="3.1ms" userAgent="kubelet/v1.28.9 (linux/amd64) kubernetes/2ea7a34" srcIP="10.13.96.31:${30000 + (t % 30000)}" resp=200\n`;
		}

		written += writeSync(fd, batch);
		lines += 4000;
	}

	closeSync(fd);
	return lines;
}

describe('large input', () => {
	it('cuts a 100 MB line without a newline, counts it, and keeps memory bounded', async () => {
		const file = temp.file('huge-line.log');
		writeHugeLine(file, 100 * 1024 * 1024);
		let peak = 0;
		const result = await runCli([...fixedFlags, '--format', 'json', file], {
			onSpawn(child) {
				child.stdin!.end();
				const timer = setInterval(() => {
					peak = Math.max(peak, peakMemory(child.pid!) ?? 0);
				}, 10);
				child.on('exit', () => clearInterval(timer));
			},
		});
		expect(result.code).toBe(0);
		const source = parseJsonReport(result.stdout).input.sources[0]!;
		expect(source).toMatchObject({lines: 2, truncated: 1, unparsed: 0, bytes: statSync(file).size});
		expect(peak).toBeGreaterThan(0);
		expect(peak).toBeLessThan(300 * 1024 * 1024);
	});
});

describe('signals mid-read', () => {
	let file: string;
	let totalLines: number;
	beforeAll(() => {
		file = temp.file('large-incident.log');
		totalLines = writeLargeIncident(file, 300 * 1024 * 1024);
	});

	// Signals once the process has read 40 MB of the file (rchar), not after a set time.
	const interruptAfterReading = (signal: NodeJS.Signals) => (child: import('node:child_process').ChildProcess) => {
		child.stdin!.end();
		const timer = setInterval(() => {
			const read = bytesRead(child.pid!);
			if (read !== undefined && read > 40 * 1024 * 1024) {
				clearInterval(timer);
				child.kill(signal);
			}
		}, 5);
		child.on('exit', () => clearInterval(timer));
	};

	it('SIGINT: prints the text report of what was read, with the incident, and exits 1', async () => {
		const result = await runCli([...fixedFlags, '--format', 'text', file], {onSpawn: interruptAfterReading('SIGINT')});
		expect(result.signal).toBeNull();
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('');
		const out = result.stdout.toString('utf8');
		expect(out).toMatch(/^kubesleuth: INCIDENT: 1 critical finding/);
		expect(out).toContain('CRITICAL  apiserver-loopback-cert-expired');
		expect(out).toContain('  - interrupted: reading stopped early, so this report covers only the lines read before that\n');
	});

	it('SIGTERM: prints the JSON report of what was read, with the incident, and exits 1', async () => {
		const result = await runCli([...fixedFlags, '--format', 'json', file], {onSpawn: interruptAfterReading('SIGTERM')});
		expect(result.signal).toBeNull();
		expect(result.code).toBe(1);
		const report = parseJsonReport(result.stdout);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.warnings).toContain('interrupted: reading stopped early, so this report covers only the lines read before that');
		const source = report.input.sources[0]!;
		expect(source.lines).toBeGreaterThan(545);
		expect(source.lines).toBeLessThan(totalLines);
	});

	it('a second signal ends the process at once with 130, printing nothing more', async () => {
		// Stopped, the process holds both signals pending; on SIGCONT it handles them one after the other.
		const result = await runCli([...fixedFlags, '--format', 'text', file], {
			onSpawn(child) {
				child.stdin!.end();
				const timer = setInterval(() => {
					if ((bytesRead(child.pid!) ?? 0) > 40 * 1024 * 1024) {
						clearInterval(timer);
						child.kill('SIGSTOP');
						child.kill('SIGINT');
						child.kill('SIGTERM');
						child.kill('SIGCONT');
					}
				}, 5);
				child.on('exit', () => clearInterval(timer));
			},
		});
		expect(result.signal).toBeNull();
		expect(result.code).toBe(130);
		expect(result.stdout.length).toBe(0);
		expect(result.stderr).toBe('');
	});

	it('SIGTERM while a pipe is idle: the report of what came through, at once', async () => {
		const demo = readFileSync(demoLog);
		const result = await runCli([...fixedFlags, '--format', 'json'], {
			onSpawn(child) {
				// The writer keeps the pipe open and quiet, like kubectl logs -f. First the process starts and waits
				// on the empty pipe; then the log comes through; once it has read all of it and sits idle, SIGTERM.
				void (async () => {
					const started = await waitUntilIdle(child.pid!);
					await new Promise((resolve) => child.stdin!.write(demo, resolve));
					await waitUntilIdle(child.pid!, {readAtLeast: started + demo.length});
					child.kill('SIGTERM');
				})().catch((error: unknown) => {
					child.kill('SIGKILL');
					throw error;
				});
			},
		});
		expect(result.code).toBe(1);
		const report = parseJsonReport(result.stdout);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.input.sources[0]).toMatchObject({name: '-', lines: 545, bytes: demo.length});
	});
});

describe('a reader that goes away', () => {
	it('kubesleuth … | head -1: one line, nothing on stderr, no crash', async () => {
		const child = spawn('bash', ['-c', `node ${cli} --format text fixtures/demo | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], {cwd: root});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		await new Promise((resolve) => child.on('close', resolve));
		expect(stdout.split('\n')).toEqual([expect.stringMatching(/^kubesleuth: INCIDENT: 1 critical finding \(read 1 source, 545 lines/), '']);
		expect(stderr).toMatch(/^status=[01]\n$/);
	});

	it('a report larger than the pipe buffer, reader gone after one line: quiet exit', async () => {
		const child = spawn('bash', ['-c', `node ${cli} ${fixedFlags.join(' ')} --format json --no-redact fixtures/demo fixtures/incidents | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], {cwd: root});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		await new Promise((resolve) => child.on('close', resolve));
		expect(stdout).toBe('{\n');
		expect(stderr).toMatch(/^status=[01]\n$/);
	});
});
