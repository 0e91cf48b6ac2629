import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {parse} from 'yaml';
import {predictedExpiryMetric, prometheusRuleGroupName, renderPrometheusRules} from '../../src/export/prometheus-rules.js';
import {constantSeries, expandAnnotation, makeTempDir, runPromtoolTests, runTool, type TempDir} from './run-tool.js';

type Rule = {
	readonly record?: string;
	readonly alert?: string;
	readonly expr: string;
	readonly for?: string;
	readonly labels?: Record<string, string>;
	readonly annotations?: Record<string, string>;
};

const day = 86_400;
// promtool's clock starts at 0; alerts are checked at 2h, so an apiserver started `age` days before that has a negative start time.
const evalMinutes = 120;
const evalSeconds = evalMinutes * 60;
const startedDaysAgo = (age: number): number => evalSeconds - age * day;

let dir: TempDir;
beforeAll(async () => {
	dir = await makeTempDir('prom-rules');
});
afterAll(async () => {
	await dir.remove();
});

function rulesOf(yamlText: string): readonly Rule[] {
	const file = parse(yamlText) as {groups: {name: string; rules: Rule[]}[]};
	return file.groups.flatMap((group) => group.rules);
}

function alertRule(rules: readonly Rule[], name: string): Rule {
	const rule = rules.find((candidate) => candidate.alert === name);
	if (rule === undefined) {
		throw new Error(`no alert ${name} in the exported rules`);
	}

	return rule;
}

const rulesYaml = renderPrometheusRules({warningDays: 30, criticalDays: 7});
const rules = rulesOf(rulesYaml);

describe('renderPrometheusRules', () => {
	test('promtool check rules accepts the exported file', async () => {
		const file = await dir.write('check.yml', rulesYaml);
		const result = await runTool('promtool', ['check', 'rules', file]);
		expect(result.stderr + result.stdout).toContain('SUCCESS: 4 rules found');
		expect(result.code).toBe(0);
	});

	test('holds one group with the recording rule and three alerts tagged with kubesleuth finding ids', () => {
		const file = parse(rulesYaml) as {groups: {name: string}[]};
		expect(file.groups.map((group) => group.name)).toEqual([prometheusRuleGroupName]);
		expect(rules.map((rule) => rule.record ?? rule.alert)).toEqual([
			predictedExpiryMetric,
			'ApiserverLoopbackCertificateExpiringSoon',
			'ApiserverLoopbackCertificateExpiringCritical',
			'ApiserverLoopbackCertificateExpired',
		]);
		expect(rules.slice(1).map((rule) => [rule.labels?.['severity'], rule.labels?.['kubesleuth_id']])).toEqual([
			['warning', 'apiserver-loopback-cert-expiring'],
			['critical', 'apiserver-loopback-cert-expiring'],
			['critical', 'apiserver-loopback-cert-expired'],
		]);
		for (const rule of rules.slice(1)) {
			expect(rule.for).toMatch(/^\d+[mh]$/);
			expect(rule.annotations?.['description']).toMatch(/[Rr]estart kube-apiserver/);
			expect(rule.annotations?.['description']).toContain('kubesleuth probe');
		}
	});

	test('promtool test rules: each apiserver gets the lifetime of its version and fires the right alerts', async () => {
		const instances = [
			{instance: '10.0.0.11:6443', age: 340, version: 'v1.31.4', lifetime: 365},
			{instance: '10.0.0.12:6443', age: 360, version: 'v1.30.14', lifetime: 365},
			{instance: '10.0.0.13:6443', age: 366, version: 'v1.32.13', lifetime: 365},
			{instance: '10.0.0.14:6443', age: 2, version: 'v1.31.4', lifetime: 365},
			{instance: '10.0.0.15:6443', age: 400, version: 'v1.33.1', lifetime: 1096},
			{instance: '10.0.0.16:6443', age: 360, version: undefined, lifetime: 365},
			{instance: '10.0.0.17:6443', age: 1000, version: 'v1.34.2+k3s1', lifetime: 1096},
		];
		const series = instances.flatMap(({instance, age, version}) => [
			{series: `process_start_time_seconds{job="apiserver", instance="${instance}"}`, values: constantSeries(startedDaysAgo(age), evalMinutes)},
			...(version === undefined ? [] : [{series: buildInfo(instance, 'apiserver', version), values: constantSeries(1, evalMinutes)}]),
		]);
		// Another job's old process must not be taken for an apiserver.
		series.push(
			{series: 'process_start_time_seconds{job="kubelet", instance="10.0.0.11:10250"}', values: constantSeries(startedDaysAgo(500), evalMinutes)},
			{series: buildInfo('10.0.0.11:10250', 'kubelet', 'v1.31.4'), values: constantSeries(1, evalMinutes)},
		);

		const expected = (name: string, instance: string, duration: string) => {
			const rule = alertRule(rules, name);
			return {
				exp_labels: {instance, job: 'apiserver', ...rule.labels},
				exp_annotations: Object.fromEntries(
					Object.entries(rule.annotations ?? {}).map(([key, template]) => [key, expandAnnotation(template, {instance, duration})]),
				),
			};
		};

		const rulesFile = await dir.write('version-rules.yml', rulesYaml);
		const result = await runPromtoolTests(dir, rulesFile, [
			{
				interval: '1m',
				input_series: series,
				promql_expr_test: [
					{
						expr: predictedExpiryMetric,
						eval_time: `${evalMinutes}m`,
						exp_samples: instances.map(({instance, age, lifetime}) => ({
							labels: `${predictedExpiryMetric}{instance="${instance}", job="apiserver"}`,
							value: startedDaysAgo(age) - 3600 + lifetime * day,
						})),
					},
				],
				alert_rule_test: [
					{
						eval_time: `${evalMinutes}m`,
						alertname: 'ApiserverLoopbackCertificateExpiringSoon',
						exp_alerts: [
							// 25 days - 1h left.
							expected('ApiserverLoopbackCertificateExpiringSoon', '10.0.0.11:6443', '24d 23h 0m 0s'),
							expected('ApiserverLoopbackCertificateExpiringSoon', '10.0.0.12:6443', '4d 23h 0m 0s'),
							expected('ApiserverLoopbackCertificateExpiringSoon', '10.0.0.16:6443', '4d 23h 0m 0s'),
						],
					},
					{
						eval_time: `${evalMinutes}m`,
						alertname: 'ApiserverLoopbackCertificateExpiringCritical',
						exp_alerts: [
							expected('ApiserverLoopbackCertificateExpiringCritical', '10.0.0.12:6443', '4d 23h 0m 0s'),
							expected('ApiserverLoopbackCertificateExpiringCritical', '10.0.0.16:6443', '4d 23h 0m 0s'),
						],
					},
					{
						eval_time: `${evalMinutes}m`,
						alertname: 'ApiserverLoopbackCertificateExpired',
						// 366 days - (365 days - 1h) ago.
						exp_alerts: [expected('ApiserverLoopbackCertificateExpired', '10.0.0.13:6443', '1d 1h 0m 0s')],
					},
				],
			},
		]);
		expect(result.stdout + result.stderr).toContain('SUCCESS');
		expect(result.code, result.stdout + result.stderr).toBe(0);
	});

	test('promtool test rules reports a wrong expectation, so the passing runs above mean something', async () => {
		const rulesFile = await dir.write('sanity-rules.yml', rulesYaml);
		const result = await runPromtoolTests(
			dir,
			rulesFile,
			[
				{
					interval: '1m',
					input_series: [
						{series: 'process_start_time_seconds{job="apiserver", instance="10.0.0.14:6443"}', values: constantSeries(startedDaysAgo(2), evalMinutes)},
					],
					alert_rule_test: [
						{
							eval_time: `${evalMinutes}m`,
							alertname: 'ApiserverLoopbackCertificateExpired',
							exp_alerts: [{exp_labels: {instance: '10.0.0.14:6443', job: 'apiserver'}}],
						},
					],
				},
			],
			'sanity-tests.yml',
		);
		expect(result.code).toBe(1);
		expect(result.stdout + result.stderr).toContain('FAILED');
	});

	test('an extra selector keeps other clusters out and their labels on the alerts', async () => {
		const scoped = renderPrometheusRules({warningDays: 30, criticalDays: 7, selector: 'cluster="prod"'});
		const rulesFile = await dir.write('selector-rules.yml', scoped);
		const expired = alertRule(rulesOf(scoped), 'ApiserverLoopbackCertificateExpired');
		const result = await runPromtoolTests(
			dir,
			rulesFile,
			[
				{
					interval: '1m',
					input_series: ['prod', 'staging'].flatMap((cluster) => [
						{
							series: `process_start_time_seconds{job="apiserver", cluster="${cluster}", instance="10.0.0.21:6443"}`,
							values: constantSeries(startedDaysAgo(370), evalMinutes),
						},
						{series: buildInfo('10.0.0.21:6443', 'apiserver', 'v1.31.4', cluster), values: constantSeries(1, evalMinutes)},
					]),
					alert_rule_test: [
						{
							eval_time: `${evalMinutes}m`,
							alertname: 'ApiserverLoopbackCertificateExpired',
							exp_alerts: [
								{
									exp_labels: {instance: '10.0.0.21:6443', job: 'apiserver', cluster: 'prod', ...expired.labels},
									exp_annotations: Object.fromEntries(
										Object.entries(expired.annotations ?? {}).map(([key, template]) => [
											key,
											expandAnnotation(template, {instance: '10.0.0.21:6443', duration: '5d 1h 0m 0s'}),
										]),
									),
								},
							],
						},
					],
				},
			],
			'selector-tests.yml',
		);
		expect(result.code, result.stdout + result.stderr).toBe(0);
	});

	test('a job name with quotes and backslashes is escaped into valid PromQL', async () => {
		const file = await dir.write('escaped-rules.yml', renderPrometheusRules({job: 'kube "api" \\ server', warningDays: 30, criticalDays: 7}));
		const result = await runTool('promtool', ['check', 'rules', file]);
		expect(result.code, result.stdout + result.stderr).toBe(0);
	});
});

/** A kubernetes_build_info series with the labels a real apiserver exposes beside git_version. */
function buildInfo(instance: string, job: string, version: string, cluster?: string): string {
	const minor = /^v1\.(\d+)/.exec(version)?.[1] ?? '';
	const clusterLabel = cluster === undefined ? '' : `, cluster="${cluster}"`;
	return (
		`kubernetes_build_info{job="${job}", instance="${instance}"${clusterLabel}, build_date="2025-01-15T10:00:00Z", compiler="gc", ` +
		`git_commit="0123456789abcdef0123456789abcdef01234567", git_tree_state="clean", git_version="${version}", ` +
		`go_version="go1.23.4", major="1", minor="${minor}", platform="linux/amd64"}`
	);
}
