import {spawn, type ChildProcess} from 'node:child_process';
import {appendFileSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {runCliInProcess} from '../helpers/run-cli-in-process.js';

export const root = path.resolve(import.meta.dirname, '../..');
export const cli = path.join(root, 'dist/cli/main.js');
/** The demo's containerd log: start-up lines, then the expired loopback certificate (102 signal lines). */
export const demoLog = path.join(root, 'fixtures/demo/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c1b9d47e3a5c0f7d2b6e9a143/kube-apiserver/0.log');
/** Flags that make a run independent of this machine and of today's date. */
export const fixedFlags = ['--no-live', '--now', '2026-11-28T12:00:00Z'];

/** Exit status and raw output of a finished kubesleuth run. */
export type CliResult = {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: Buffer;
	readonly stderr: string;
};

export type RunOptions = {
	readonly stdin?: string | Buffer;
	/** Runs the CLI as this user and group (through setpriv), with no supplementary groups. */
	readonly uid?: number;
	/** Called once the process runs, e.g. to watch it or send it signals. */
	readonly onSpawn?: (child: ChildProcess) => void;
	/** Spawn `node dist/cli/main.js` even without `uid` or `onSpawn` (a test of the process itself). */
	readonly process?: boolean;
};

function cleanEnv(): NodeJS.ProcessEnv {
	const env = {...process.env};
	// Colour must come only from the flags under test.
	delete env['NO_COLOR'];
	delete env['FORCE_COLOR'];
	return env;
}

/**
 * Runs kubesleuth to its end: in this process through `runCli` (as fast as a call, and steady on a busy
 * machine), or as the built CLI (`node dist/cli/main.js …`) when the test is about the process: another
 * user, signals, watching its memory.
 */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
	if (options.uid === undefined && options.onSpawn === undefined && options.process !== true) {
		const result = await runCliInProcess(args, {...(options.stdin === undefined ? {} : {stdin: options.stdin}), env: cleanEnv()});
		return {code: result.code, signal: null, stdout: Buffer.from(result.stdout, 'utf8'), stderr: result.stderr};
	}

	return runCliProcess(args, options);
}

/** Runs the built CLI (`node dist/cli/main.js …`) as a process to its end. */
export async function runCliProcess(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
	const command = options.uid === undefined ? ['node', cli, ...args] : ['setpriv', `--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', 'node', cli, ...args];
	const child = spawn(command[0]!, command.slice(1), {cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: cleanEnv()});
	const stdout: Buffer[] = [];
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	child.stdin.on('error', () => undefined);
	if (options.stdin !== undefined) child.stdin.write(options.stdin);
	if (options.onSpawn === undefined) child.stdin.end();
	options.onSpawn?.(child);
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({code, signal, stdout: Buffer.concat(stdout), stderr}));
	});
}

/** A fresh temp directory, removed by `remove()`. */
export function makeTempDir(prefix: string): {readonly path: string; file(name: string): string; remove(): void} {
	const dir = mkdtempSync(path.join(tmpdir(), `kubesleuth-${prefix}-`));
	return {path: dir, file: (name) => path.join(dir, name), remove: () => rmSync(dir, {recursive: true, force: true})};
}

/**
 * One more loopback-certificate failure in the demo's containerd + klog shape, at 2026-11-28T09:MM:00Z,
 * with `tail` after the expiry time: the line becomes evidence (the last ones of the demo finding).
 */
export function incidentLine(minute: number, tail: string): string {
	const mm = String(minute).padStart(2, '0');
	return `2026-11-28T09:${mm}:00.000000000Z stderr F E1128 09:${mm}:00.000000       1 reflector.go:147] k8s.io/client-go/informers/factory.go:150: Failed to watch *v1.Node: failed to list *v1.Node: Get "https://10.13.96.11:6443/api/v1/nodes?resourceVersion=1": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-28T09:${mm}:00Z is after 2026-11-27T10:38:13Z ${tail}`;
}

/** Writes the demo log with extra lines appended (each gets its newline). */
export function writeDemoWith(file: string, extra: readonly string[]): void {
	appendFileSync(file, readFileSync(demoLog));
	if (extra.length > 0) appendFileSync(file, extra.map((line) => `${line}\n`).join(''));
}

export async function demoText(): Promise<string> {
	return readFile(demoLog, 'utf8');
}

/** The peak resident set size (VmHWM) of a running process in bytes, or undefined once it is gone. */
export function peakMemory(pid: number): number | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
		return kb === undefined ? undefined : Number(kb) * 1024;
	} catch {
		return undefined;
	}
}

/** Bytes the process has read so far (rchar in /proc/<pid>/io), or undefined once it is gone. */
export function bytesRead(pid: number): number | undefined {
	try {
		const io = readFileSync(`/proc/${pid}/io`, 'utf8');
		const rchar = /^rchar:\s+(\d+)$/m.exec(io)?.[1];
		return rchar === undefined ? undefined : Number(rchar);
	} catch {
		return undefined;
	}
}

/** The JSON report's parts these tests look at. */
export type JsonReport = {
	readonly verdict: string;
	readonly findings: readonly {readonly id: string; readonly count: number; readonly evidence: readonly {readonly source: string; readonly line: number; readonly text: string; readonly raw: string}[]}[];
	readonly input: {readonly sources: readonly {readonly name: string; readonly bytes: number; readonly lines: number; readonly records: number; readonly unparsed: number; readonly skipped: number; readonly truncated: number; readonly warnings: readonly string[]}[]};
	readonly warnings: readonly string[];
	readonly redaction: {readonly enabled: boolean; readonly values: number};
};

export function parseJsonReport(stdout: Buffer): JsonReport {
	return JSON.parse(stdout.toString('utf8')) as JsonReport;
}

/** The scheduler state of every thread of a process (R running or runnable, S sleeping, D disk…), or undefined once it is gone. */
function threadStates(pid: number): string[] | undefined {
	try {
		return readdirSync(`/proc/${pid}/task`).map((task) => {
			const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
			// `pid (comm) S …`: the name may hold spaces and parentheses, the state follows the last ')'.
			return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
		});
	} catch {
		return undefined;
	}
}

/**
 * Waits until a process has read at least `readAtLeast` bytes (rchar) and then sits idle: every thread
 * asleep and nothing more read, over `samples` looks in a row. A thread with work to do is runnable (R),
 * however loaded the machine, so this waits on the process's state rather than on a guess of time.
 * Resolves to the bytes read by then.
 */
export async function waitUntilIdle(pid: number, options: {readonly readAtLeast?: number; readonly samples?: number; readonly timeoutMs?: number} = {}): Promise<number> {
	const samples = options.samples ?? 5;
	const deadline = Date.now() + (options.timeoutMs ?? 120_000);
	let quiet = 0;
	let last = -1;
	for (;;) {
		const read = bytesRead(pid);
		const states = threadStates(pid);
		if (read === undefined || states === undefined) throw new Error(`process ${pid} ended while waiting for it to be idle`);
		const idle = read >= (options.readAtLeast ?? 0) && read === last && states.every((state) => state === 'S');
		quiet = idle ? quiet + 1 : 0;
		last = read;
		if (quiet >= samples) return read;
		if (Date.now() > deadline) throw new Error(`process ${pid} never became idle (read ${read} bytes, threads ${states.join('')})`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** True once a process holds `file` open (it has started reading it). */
export function holdsOpen(pid: number, file: string): boolean {
	try {
		return readdirSync(`/proc/${pid}/fd`).some((fd) => {
			try {
				return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
			} catch {
				return false;
			}
		});
	} catch {
		return false;
	}
}

