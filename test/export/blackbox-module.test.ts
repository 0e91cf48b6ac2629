import {spawn, type ChildProcess} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {createServer as createNetServer} from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {createSecureContext, createServer as createTlsServer, type Server as TlsServer} from 'node:tls';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {parse, stringify} from 'yaml';
import {renderBlackboxAlerts, renderBlackboxConfig, renderBlackboxScrapeConfig} from '../../src/export/blackbox-module.js';
import {constantSeries, expandAnnotation, makeTempDir, missingToolMessage, runPromtoolTests, runTool, type TempDir} from './run-tool.js';

type Rule = {readonly alert: string; readonly labels: Record<string, string>; readonly annotations: Record<string, string>};

const day = 86_400;
const evalMinutes = 120;
const evalSeconds = evalMinutes * 60;
const job = 'blackbox-apiserver-loopback';

let dir: TempDir;
beforeAll(async () => {
	dir = await makeTempDir('blackbox');
});
afterAll(async () => {
	await dir.remove();
});

const alertsYaml = renderBlackboxAlerts({warningDays: 30, criticalDays: 7});
const alertRules = (parse(alertsYaml) as {groups: {rules: Rule[]}[]}).groups.flatMap((group) => group.rules);

function expectedAlert(name: string, instance: string, duration: string) {
	const rule = alertRules.find((candidate) => candidate.alert === name);
	if (rule === undefined) {
		throw new Error(`no alert ${name} in the exported rules`);
	}

	return {
		exp_labels: {instance, job, ...rule.labels},
		exp_annotations: Object.fromEntries(
			Object.entries(rule.annotations).map(([key, template]) => [key, expandAnnotation(template, {instance, duration})]),
		),
	};
}

describe('blackbox alert rules and scrape config', () => {
	test('promtool check rules accepts the probe alert rules', async () => {
		const file = await dir.write('probe-rules.yml', alertsYaml);
		const result = await runTool('promtool', ['check', 'rules', file]);
		expect(result.stderr + result.stdout).toContain('SUCCESS: 4 rules found');
		expect(result.code).toBe(0);
	});

	test('promtool test rules: probe_ssl_earliest_cert_expiry fires warning, critical and expired; a failing probe is reported', async () => {
		const probed = [
			{instance: '10.0.0.31:6443', left: 20 * day},
			{instance: '10.0.0.32:6443', left: 3 * day},
			{instance: '10.0.0.33:6443', left: -1 * day},
			{instance: '10.0.0.34:6443', left: 400 * day},
		];
		const inputSeries = [
			...probed.flatMap(({instance, left}) => [
				{series: `probe_ssl_earliest_cert_expiry{job="${job}", instance="${instance}"}`, values: constantSeries(evalSeconds + left, evalMinutes)},
				{series: `probe_success{job="${job}", instance="${instance}"}`, values: constantSeries(1, evalMinutes)},
			]),
			{series: `probe_success{job="${job}", instance="10.0.0.35:6443"}`, values: constantSeries(0, evalMinutes)},
			// Another probe job's expired certificate is not the loopback one.
			{series: 'probe_ssl_earliest_cert_expiry{job="blackbox-http", instance="https://example.test"}', values: constantSeries(0, evalMinutes)},
		];
		const rulesFile = await dir.write('probe-test-rules.yml', alertsYaml);
		const at = `${evalMinutes}m`;
		const result = await runPromtoolTests(dir, rulesFile, [
			{
				interval: '1m',
				input_series: inputSeries,
				alert_rule_test: [
					{
						eval_time: at,
						alertname: 'ApiserverLoopbackCertificateProbeExpiringSoon',
						exp_alerts: [
							expectedAlert('ApiserverLoopbackCertificateProbeExpiringSoon', '10.0.0.31:6443', '20d 0h 0m 0s'),
							expectedAlert('ApiserverLoopbackCertificateProbeExpiringSoon', '10.0.0.32:6443', '3d 0h 0m 0s'),
						],
					},
					{
						eval_time: at,
						alertname: 'ApiserverLoopbackCertificateProbeExpiringCritical',
						exp_alerts: [expectedAlert('ApiserverLoopbackCertificateProbeExpiringCritical', '10.0.0.32:6443', '3d 0h 0m 0s')],
					},
					{
						eval_time: at,
						alertname: 'ApiserverLoopbackCertificateProbeExpired',
						exp_alerts: [expectedAlert('ApiserverLoopbackCertificateProbeExpired', '10.0.0.33:6443', '1d 0h 0m 0s')],
					},
					{
						eval_time: at,
						alertname: 'ApiserverLoopbackCertificateProbeFailing',
						exp_alerts: [expectedAlert('ApiserverLoopbackCertificateProbeFailing', '10.0.0.35:6443', '')],
					},
				],
			},
		]);
		expect(result.stdout + result.stderr).toContain('SUCCESS');
		expect(result.code, result.stdout + result.stderr).toBe(0);
	});

	test('promtool check config accepts a prometheus.yml made of the scrape config and the alert rules', async () => {
		await dir.write('config-rules.yml', alertsYaml);
		const scrape = parse(renderBlackboxScrapeConfig(['10.0.0.31:6443', '10.0.0.32:6443'])) as Record<string, unknown>;
		const file = await dir.write('prometheus.yml', stringify({...scrape, rule_files: ['config-rules.yml']}));
		const result = await runTool('promtool', ['check', 'config', file]);
		expect(result.code, result.stdout + result.stderr).toBe(0);
		expect(scrape).toMatchObject({
			scrape_configs: [
				{
					job_name: job,
					metrics_path: '/probe',
					relabel_configs: expect.arrayContaining([
						{source_labels: ['__address__'], target_label: '__param_target'},
						{target_label: '__param_module', replacement: 'apiserver_loopback_cert'},
						{target_label: '__address__', replacement: '127.0.0.1:9115'},
					]),
				},
			],
		});
	});

	test('blackbox_exporter --config.check accepts the module config', async () => {
		const file = await dir.write('check-blackbox.yml', renderBlackboxConfig({moduleName: 'apiserver_loopback_cert', timeoutSeconds: 5}));
		const result = await runTool('prometheus-blackbox-exporter', ['--config.check', `--config.file=${file}`]);
		expect(result.code, result.stdout + result.stderr).toBe(0);
	});
});

describe('the real blackbox_exporter reads the loopback certificate by SNI', () => {
	let exporter: ChildProcess | undefined;
	let exporterLog = '';
	let tlsServer: TlsServer | undefined;
	const seenServerNames: string[] = [];

	afterAll(async () => {
		const child = exporter;
		if (child !== undefined && child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(5000)]);
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGKILL');
			}
		}

		await new Promise<void>((resolve) => {
			if (tlsServer === undefined) {
				resolve();
				return;
			}

			tlsServer.close(() => {
				resolve();
			});
		});
	});

	test('probe_success is 1 and probe_ssl_earliest_cert_expiry is the loopback certificate not-after', async () => {
		const startUnix = Math.floor(Date.now() / 1000);
		const loopback = await makeCertificate(dir, 'loopback', `apiserver-loopback-client@${startUnix}`, 10);
		const plain = await makeCertificate(dir, 'plain', 'kube-apiserver', 400);
		const loopbackContext = createSecureContext({key: loopback.key, cert: loopback.cert});
		const plainContext = createSecureContext({key: plain.key, cert: plain.cert});
		const server = createTlsServer({
			key: plain.key,
			cert: plain.cert,
			SNICallback(serverName, callback) {
				seenServerNames.push(serverName);
				callback(null, serverName === 'apiserver-loopback-client' ? loopbackContext : plainContext);
			},
		});
		tlsServer = server;
		server.on('secureConnection', (socket) => {
			socket.on('error', () => undefined);
		});
		server.on('tlsClientError', () => undefined);
		const tlsPort = await new Promise<number>((resolve) => {
			server.listen(0, '127.0.0.1', () => {
				resolve(portOf(server.address()));
			});
		});

		const configFile = await dir.write('blackbox.yml', renderBlackboxConfig({moduleName: 'apiserver_loopback_cert', timeoutSeconds: 5}));
		const exporterPort = await freePort();
		const child = spawn('prometheus-blackbox-exporter', [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${exporterPort}`], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		exporter = child;
		const spawnError = new Promise<never>((_resolve, reject) => {
			child.on('error', (error: NodeJS.ErrnoException) => {
				reject(error.code === 'ENOENT' ? new Error(missingToolMessage('prometheus-blackbox-exporter')) : error);
			});
		});
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (exporterLog += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (exporterLog += chunk));
		await Promise.race([spawnError, waitUntilHealthy(exporterPort, child)]);

		const response = await fetch(
			`http://127.0.0.1:${exporterPort}/probe?module=apiserver_loopback_cert&target=127.0.0.1:${tlsPort}`,
		);
		const body = await response.text();
		expect(response.status, body).toBe(200);
		expect(metricValue(body, 'probe_success'), body).toBe(1);
		const notAfterUnix = Date.parse(new X509Certificate(loopback.cert).validTo) / 1000;
		expect(Number.isInteger(notAfterUnix)).toBe(true);
		expect(notAfterUnix).not.toBe(Date.parse(new X509Certificate(plain.cert).validTo) / 1000);
		expect(metricValue(body, 'probe_ssl_earliest_cert_expiry'), body).toBe(notAfterUnix);
		expect(seenServerNames).toContain('apiserver-loopback-client');
	});

	async function waitUntilHealthy(port: number, child: ChildProcess): Promise<void> {
		for (let attempt = 0; attempt < 150; attempt++) {
			if (child.exitCode !== null) {
				throw new Error(`blackbox_exporter exited with ${child.exitCode}: ${exporterLog}`);
			}

			const healthy = await fetch(`http://127.0.0.1:${port}/-/healthy`).then(
				(response) => response.ok,
				() => false,
			);
			if (healthy) {
				return;
			}

			await sleep(100);
		}

		throw new Error(`blackbox_exporter did not become healthy on 127.0.0.1:${port}: ${exporterLog}`);
	}
});

/** A self-signed EC certificate made with the real openssl binary. */
async function makeCertificate(dir: TempDir, name: string, commonName: string, days: number): Promise<{key: string; cert: string}> {
	const keyFile = `${dir.path}/${name}.key`;
	const certFile = `${dir.path}/${name}.crt`;
	const result = await runTool('openssl', [
		'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
		'-keyout', keyFile, '-out', certFile, '-days', String(days), '-subj', `/CN=${commonName}`,
		'-addext', `subjectAltName=DNS:${commonName.split('@')[0] ?? commonName}`,
	]);
	if (result.code !== 0) {
		throw new Error(`openssl req failed: ${result.stderr}`);
	}

	return {key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8')};
}

function metricValue(exposition: string, name: string): number | undefined {
	const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${name} `));
	return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

function portOf(address: ReturnType<TlsServer['address']>): number {
	if (address === null || typeof address === 'string') {
		throw new Error(`unexpected listen address ${String(address)}`);
	}

	return address.port;
}

async function freePort(): Promise<number> {
	const server = createNetServer();
	const port = await new Promise<number>((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			resolve(address !== null && typeof address === 'object' ? address.port : 0);
		});
	});
	await new Promise((resolve) => server.close(resolve));
	return port;
}
