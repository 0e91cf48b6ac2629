import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {parse, parseAllDocuments} from 'yaml';
import {runExportCommand, type ExportIo} from '../../src/cli/commands/export-command.js';
import type {ExportOptions, ExportTarget} from '../../src/export/export-options.js';
import {renderPrometheusRules} from '../../src/export/prometheus-rules.js';
import {makeTempDir, runTool, type TempDir} from './run-tool.js';

async function run(what: ExportTarget, options: ExportOptions): Promise<{code: number; stdout: string; stderr: string}> {
	let stdout = '';
	let stderr = '';
	const io: ExportIo = {
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: (text: string) => (stderr += text)},
	};
	const code = await runExportCommand(what, options, io);
	return {code, stdout, stderr};
}

let dir: TempDir;
beforeAll(async () => {
	dir = await makeTempDir('export-command');
});
afterAll(async () => {
	await dir.remove();
});

describe('runExportCommand', () => {
	test('prometheus: prints the rule file after a comment line saying where it goes, and promtool accepts the output as is', async () => {
		const result = await run('prometheus', {warningDays: 21, criticalDays: 3, selector: 'cluster="prod"'});
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		expect(result.stdout.split('\n')[0]).toMatch(/^# .*rule_files/);
		expect(parse(result.stdout)).toEqual(parse(renderPrometheusRules({warningDays: 21, criticalDays: 3, selector: 'cluster="prod"'})));
		expect(result.stdout).toContain('< 21 * 86400');
		const file = await dir.write('cli-rules.yml', result.stdout);
		const check = await runTool('promtool', ['check', 'rules', file]);
		expect(check.code, check.stdout + check.stderr).toBe(0);
	});

	test('blackbox: module config, alert rules and scrape config as three commented YAML documents', async () => {
		const result = await run('blackbox', {warningDays: 30, criticalDays: 7, module: 'loopback_tls', job: 'loopback-probe', targets: ['10.0.0.5:6443']});
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		const chunks = result.stdout.split(/^---$/m);
		expect(chunks).toHaveLength(3);
		for (const chunk of chunks) {
			expect(chunk.replace(/^\n/, '')).toMatch(/^# \S/);
		}

		const documents = parseAllDocuments(result.stdout);
		expect(Array.isArray(documents)).toBe(true);
		const [modules, rules, scrape] = (documents as {toJS(): unknown; errors: unknown[]}[]).map((document) => {
			expect(document.errors).toEqual([]);
			return document.toJS() as Record<string, unknown>;
		});
		expect(modules).toEqual({
			modules: {
				loopback_tls: {
					prober: 'tcp',
					timeout: '5s',
					tcp: {tls: true, tls_config: {server_name: 'apiserver-loopback-client', insecure_skip_verify: true}},
				},
			},
		});
		expect(JSON.stringify(rules)).toContain('probe_ssl_earliest_cert_expiry{job=\\"loopback-probe\\"}');
		expect(scrape).toMatchObject({
			scrape_configs: [
				{
					job_name: 'loopback-probe',
					static_configs: [{targets: ['10.0.0.5:6443']}],
					relabel_configs: expect.arrayContaining([{target_label: '__param_module', replacement: 'loopback_tls'}]),
				},
			],
		});
	});

	test.each([
		['critical not below warning', 'prometheus', {warningDays: 7, criticalDays: 7}, /--critical-days \(7\) must be smaller than --warning-days \(7\)/],
		['non-numeric days', 'prometheus', {warningDays: Number.NaN, criticalDays: 7}, /--warning-days must be a positive number/],
		['negative critical days', 'blackbox', {warningDays: 30, criticalDays: -1}, /--critical-days must be a positive number/],
		['a selector that is not label matchers', 'prometheus', {warningDays: 30, criticalDays: 7, selector: 'cluster=prod'}, /--selector must be PromQL label matchers/],
		['a module name with spaces', 'blackbox', {warningDays: 30, criticalDays: 7, module: 'my module'}, /--module must be/],
		['a target without a port', 'blackbox', {warningDays: 30, criticalDays: 7, targets: ['10.0.0.5']}, /--target must be host:port/],
	] as const)('exits 2 with one sentence on stderr for %s', async (_name, what, options, message) => {
		const result = await run(what, options);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(message);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
	});

	test('accepts several matchers, regex matchers and a trailing comma in the selector', async () => {
		const result = await run('prometheus', {warningDays: 30, criticalDays: 7, selector: 'cluster="prod", region=~"eu-.*",'});
		expect(result.code, result.stderr).toBe(0);
		const file = await dir.write('cli-selector-rules.yml', result.stdout);
		const check = await runTool('promtool', ['check', 'rules', file]);
		expect(check.code, check.stdout + check.stderr).toBe(0);
	});
});
