import {spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {stringify} from 'yaml';

/** Exit code and output of a finished binary. */
export type ToolResult = {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
};

/** Debian package that provides each binary the export tests need. */
const debianPackage: Readonly<Record<string, string>> = {
	promtool: 'prometheus',
	'prometheus-blackbox-exporter': 'prometheus-blackbox-exporter',
	openssl: 'openssl',
};

/** Explains how to get a missing binary; tests fail with this rather than skip. */
export function missingToolMessage(name: string): string {
	const pkg = debianPackage[name] ?? name;
	return `${name} is not installed: install Debian's \`${pkg}\` package (apt-get install -y ${pkg}); these tests need the real binary.`;
}

/** Runs a binary to completion; a missing binary rejects with {@link missingToolMessage}. */
export async function runTool(name: string, args: readonly string[], options: {readonly cwd?: string; readonly env?: NodeJS.ProcessEnv} = {}): Promise<ToolResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(name, args, {cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.on('error', (error: NodeJS.ErrnoException) => {
			reject(error.code === 'ENOENT' ? new Error(missingToolMessage(name)) : error);
		});
		child.on('close', (code) => {
			resolve({code, stdout, stderr});
		});
	});
}

/** A temp directory removed again by `remove()`. */
export type TempDir = {
	readonly path: string;
	/** Writes `content` to `name` inside the directory and returns the full path. */
	write(name: string, content: string): Promise<string>;
	remove(): Promise<void>;
};

/** Creates a fresh temp directory for one test file. */
export async function makeTempDir(prefix: string): Promise<TempDir> {
	const dir = await mkdtemp(path.join(tmpdir(), `kubesleuth-${prefix}-`));
	return {
		path: dir,
		async write(name, content) {
			const file = path.join(dir, name);
			await writeFile(file, content);
			return file;
		},
		async remove() {
			await rm(dir, {recursive: true, force: true});
		},
	};
}

/** Writes a promtool unit-test file for `ruleFile` (a name in the same dir) and runs `promtool test rules` on it. */
export async function runPromtoolTests(dir: TempDir, ruleFile: string, tests: readonly unknown[], name = 'tests.yml'): Promise<ToolResult> {
	const testFile = await dir.write(name, stringify({rule_files: [ruleFile], evaluation_interval: '1m', tests}, {lineWidth: 0}));
	return runTool('promtool', ['test', 'rules', testFile], {cwd: dir.path});
}

/** promtool series notation for a value held constant from 0 to `minutes` at a 1m interval. */
export function constantSeries(value: number, minutes: number): string {
	return `${value}+0x${minutes}`;
}

/** Fills the two placeholders the exported annotation templates use, the way Prometheus renders them. */
export function expandAnnotation(template: string, values: {readonly instance: string; readonly duration: string}): string {
	return template.replaceAll('{{ $labels.instance }}', values.instance).replaceAll('{{ $value | humanizeDuration }}', values.duration);
}
