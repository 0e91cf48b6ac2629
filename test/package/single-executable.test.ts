// The single executable (src/cli/package-executable.ts) run the way a control-plane node runs it: copied alone
// into a folder, with no node on PATH and no node_modules, and compared with the installed CLI (dist/cli/main.js).
// It needs a fresh `npm run build` (npm test does that first).
import {cp, copyFile, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {runTool, type ToolResult} from '../export/run-tool.js';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import tls from 'node:tls';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeCertificate} from '../host/helpers/openssl-certificates.js';

type Result = ToolResult;

const root = fileURLToPath(new URL('../../', import.meta.url));
const installedCli = path.join(root, 'dist', 'cli', 'main.js');
const builtExecutable = path.join(root, 'dist', `kubesleuth-${process.platform}-${process.arch}`);
const noNode = {...process.env, PATH: '/usr/bin/nonexistent'};
const dayMs = 86_400_000;

let work: string;
let executable: string;
let packageOutput: string;

function run(command: string, args: readonly string[], options: {readonly cwd?: string; readonly env?: NodeJS.ProcessEnv} = {}): Promise<Result> {
	return runTool(command, args, {cwd: options.cwd ?? work, env: options.env});
}

/** The executable with no node on PATH, and the installed CLI, on the same arguments in the same folder. */
async function both(args: readonly string[]): Promise<{exe: Result; cli: Result}> {
	const [exe, cli] = await Promise.all([run(executable, args, {env: noNode}), run(process.execPath, [installedCli, ...args])]);
	return {exe, cli};
}

beforeAll(async () => {
	const packaged = await run(process.execPath, [path.join(root, 'dist', 'cli', 'package-executable.js')], {cwd: root});
	expect(packaged.code, packaged.stdout + packaged.stderr).toBe(0);
	packageOutput = packaged.stdout;
	work = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-sea-'));
	executable = path.join(work, 'kubesleuth');
	await copyFile(builtExecutable, executable);
	await cp(path.join(root, 'fixtures', 'demo'), path.join(work, 'fixtures', 'demo'), {recursive: true});
}, 240_000);

afterAll(async () => {
	if (work !== undefined) await rm(work, {recursive: true, force: true});
});

describe('the single executable', () => {
	it('is reported by the package step with its size and start-up time', () => {
		expect(packageOutput).toMatch(new RegExp(`^dist/kubesleuth-${process.platform}-${process.arch}: \\d+\\.\\d MiB, kubesleuth \\S+ \\(commit \\S+, node v24\\.\\d+\\.\\d+\\), \\d+ built-in rule files, built on node-linux-${process.arch}@24\\.\\d+\\.\\d+ \\(node_modules\\)$`, 'm'));
		expect(packageOutput).toMatch(/^start-up \(--version, median of 5\): \d+ ms$/m);
	});

	it('diagnoses the demo incident exactly as the installed CLI does', async () => {
		const args = ['fixtures/demo', '--format', 'json', '--now', '2026-11-28T12:00:00Z', '--no-live'];
		const {exe, cli} = await both(args);
		expect(exe.stderr).toBe(cli.stderr);
		expect(exe.code).toBe(1);
		expect(exe.code).toBe(cli.code);
		expect(JSON.parse(exe.stdout)).toEqual(JSON.parse(cli.stdout));
		expect(exe.stdout).toContain('apiserver-loopback-cert-expired');
		expect(exe.stdout).toContain('fixtures/demo/var/log/pods/');
	});

	it('prints the version, the commit it was built from and the Node 24 LTS it embeds', async () => {
		const {exe, cli} = await both(['--version']);
		const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {version: string; devDependencies: Record<string, string>};
		const build = JSON.parse(await readFile(path.join(root, 'dist', 'cli', 'build-info.json'), 'utf8')) as {commit: string};
		// The runtime is the pinned registry package's, not the node that ran the build.
		const embedded = pkg.devDependencies[`node-linux-${process.arch}`];
		expect(embedded).toMatch(/^24\.\d+\.\d+$/);
		expect(exe).toEqual({code: 0, stdout: `kubesleuth ${pkg.version} (commit ${build.commit}, node v${embedded})\n`, stderr: ''});
		expect(build.commit).toMatch(/^(?:[0-9a-f]{12}(?:-dirty)?|unknown)$/);
		// The installed CLI says the same of the node it runs on.
		expect(cli).toEqual({code: 0, stdout: `kubesleuth ${pkg.version} (commit ${build.commit}, node ${process.version})\n`, stderr: ''});
	});

	it('carries every built-in rule file', async () => {
		const {exe, cli} = await both(['rules', 'list']);
		expect(exe.code).toBe(0);
		expect(exe.stdout).toContain('apiserver-loopback-cert-expired');
		expect(exe.stdout).toContain('builtin:loopback-certificate.yaml');
		expect(exe).toEqual(cli);
	});

	it('checks a rule file and points at the problem like the installed CLI', async () => {
		await writeFile(path.join(work, 'broken.yaml'), 'family: broken\nsignals:\n  - id: 7\n');
		const broken = await both(['rules', 'check', 'broken.yaml']);
		expect(broken.exe.code).not.toBe(0);
		expect(broken.exe.stdout + broken.exe.stderr).toContain('broken.yaml');
		expect(broken.exe).toEqual(broken.cli);
	});

	it('prints the parsed records like the installed CLI', async () => {
		const {exe, cli} = await both(['records', 'fixtures/demo']);
		expect(exe.code).toBe(0);
		expect(exe.stdout.split('\n').length).toBeGreaterThan(100);
		expect(exe).toEqual(cli);
	});

	it('exports the Prometheus alert rules', async () => {
		const {exe, cli} = await both(['export', 'prometheus', '--target', '127.0.0.1:6443']);
		expect(exe.code).toBe(0);
		for (const alert of ['ApiserverLoopbackCertificateExpiringSoon', 'ApiserverLoopbackCertificateExpiringCritical', 'ApiserverLoopbackCertificateExpired']) {
			expect(exe.stdout).toContain(`alert: ${alert}`);
		}

		expect(exe).toEqual(cli);
	});

	it('probes a TLS server for the loopback certificate and lists certificates on disk', async () => {
		// A self-signed loopback certificate made by openssl, expired a day ago, as on an apiserver up for a year.
		const start = Math.floor((Date.now() - (366 * dayMs)) / 1000);
		const made = await makeCertificate({
			commonName: `apiserver-loopback-client@${start}`,
			notBefore: new Date((start * 1000) - 3_600_000),
			notAfter: new Date((start * 1000) - 3_600_000 + (365 * dayMs)),
			dnsNames: ['apiserver-loopback-client'],
		});
		const server = tls.createServer({cert: made.cert, key: made.key});
		server.on('tlsClientError', () => undefined);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const {port} = server.address() as {port: number};
			const probe = await run(executable, ['probe', `127.0.0.1:${port}`], {env: noNode});
			expect(probe.stderr).toBe('');
			expect(probe.stdout).toContain(`CN=apiserver-loopback-client@${start}`);
			// Exit code 1: the loopback certificate has expired (src/cli/commands/probe-command.ts).
			expect(probe.code).toBe(1);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}

		await writeFile(path.join(work, 'loopback.crt'), made.cert);
		const certs = await run(executable, ['certs', 'loopback.crt'], {env: noNode});
		expect(certs.stderr).toBe('');
		expect(certs.stdout).toContain(`apiserver-loopback-client@${start}`);
	});
});

describe('the single executable on a terminal', () => {
	const socket = `kubesleuth-sea-${process.pid}`;
	const tmux = (...args: string[]): Promise<Result> => run('tmux', ['-L', socket, ...args], {env: process.env});
	const screen = async (): Promise<string> => (await tmux('capture-pane', '-p', '-S', '-1000', '-t', 'sea')).stdout;
	const waitFor = async (done: (text: string) => boolean): Promise<string> => {
		let text = '';
		for (let i = 0; i < 300; i++) {
			text = await screen();
			if (done(text)) return text;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}

		return text;
	};

	afterAll(async () => {
		await tmux('kill-server');
	});

	it('shows the diagnosis and quits on q', async () => {
		// The executable must carry the live view (ink), not only the text report.
		const inputs = JSON.parse(await readFile(path.join(root, 'dist', 'sea', 'inputs.json'), 'utf8')) as string[];
		const hasLiveView = inputs.some((input) => input.includes('node_modules/ink/'));
		expect(hasLiveView).toBe(true);
		const started = await tmux('new-session', '-d', '-s', 'sea', '-x', '120', '-y', '40', '-c', work, `env -u CI -u CONTINUOUS_INTEGRATION PATH=/usr/bin/nonexistent ${executable} fixtures/demo; echo "kubesleuth exited: $?"; sleep 120`);
		expect(started.code, started.stderr).toBe(0);
		const exited = /kubesleuth exited: \d+/;
		if (hasLiveView) {
			const shown = await waitFor((text) => text.includes('apiserver-loopback-cert-expired') || exited.test(text));
			expect(shown).toContain('apiserver-loopback-cert-expired');
			expect(shown).not.toMatch(exited);
			await tmux('send-keys', '-t', 'sea', 'q');
			expect(await waitFor((text) => exited.test(text))).toMatch(exited);
			return;
		}

		const after = await waitFor((text) => exited.test(text));
		expect(after).toMatch(exited);
		expect(after).toContain('apiserver-loopback-cert-expired');
	});
});
