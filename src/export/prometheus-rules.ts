import {expiryAlerts} from './expiry-alerts.js';
import {promqlString, vectorSelector} from './promql.js';
import {toYaml, type RuleFile} from './rule-file.js';

/** Options for {@link renderPrometheusRules}. */
export type PrometheusRulesOptions = {
	/** Scrape job of the apiservers, used as `job="…"` (default `apiserver`). */
	readonly job?: string;
	/** Extra raw label matchers added to every selector, e.g. `cluster="prod"`. */
	readonly selector?: string;
	readonly warningDays: number;
	readonly criticalDays: number;
};

/** Name of the rule group in the exported file. */
export const prometheusRuleGroupName = 'kubesleuth-apiserver-loopback-certificate';

/** Recorded series: predicted loopback certificate expiry, unix seconds, one per apiserver instance. */
export const predictedExpiryMetric = 'kubesleuth:apiserver_loopback_certificate_expiry:timestamp_seconds';

/** Kubernetes versions whose loopback certificate lasts 1096 days (v1.33 and later, any patch or distro suffix). */
export const threeYearVersionRegex = String.raw`v1\.(3[3-9]|[4-9][0-9]|[1-9][0-9]{2,})([.+-].*)?`;

const hourSeconds = 3600;

/** Renders a Prometheus rule file predicting each apiserver's loopback certificate expiry and alerting before it. */
export function renderPrometheusRules(options: PrometheusRulesOptions): string {
	const job = options.job ?? 'apiserver';
	const started = vectorSelector('process_start_time_seconds', job, options.selector);
	const threeYearBuilds = vectorSelector(
		'kubernetes_build_info',
		job,
		options.selector,
		`git_version=~${promqlString(threeYearVersionRegex)}`,
	);
	// build_info carries many labels (git_commit, go_version, …); reduce it to one series per target before joining.
	const isThreeYear = `group by (instance, job) (${threeYearBuilds})`;
	// The certificate is valid from start - 1h for 365 days (<= v1.32) or 1096 days (>= v1.33). Without a
	// matching build_info the shorter lifetime is assumed: an early alert is cheaper than a missed one.
	const predictedExpiry = [
		'(',
		`  ${started} - ${hourSeconds} + 1096 * 86400`,
		'    and on (instance, job)',
		`  ${isThreeYear}`,
		')',
		'or',
		'(',
		`  ${started} - ${hourSeconds} + 365 * 86400`,
		'    unless on (instance, job)',
		`  ${isThreeYear}`,
		')',
	].join('\n');

	const recorded = vectorSelector(predictedExpiryMetric, job, options.selector);
	const fix =
		'Nothing rotates this in-memory certificate; only a process restart makes a new one. Restart kube-apiserver on that node ' +
		'(one control-plane node at a time) and check the served certificate there with `kubesleuth probe`.';
	const what =
		'the in-memory loopback serving certificate (SNI apiserver-loopback-client) of kube-apiserver {{ $labels.instance }}, ' +
		'predicted as process start - 1h + 365 days (1096 days from v1.33)';
	const file: RuleFile = {
		groups: [
			{
				name: prometheusRuleGroupName,
				rules: [
					{record: predictedExpiryMetric, expr: predictedExpiry},
					...expiryAlerts({
						expiry: recorded,
						names: {
							'expiring-soon': 'ApiserverLoopbackCertificateExpiringSoon',
							'expiring-critical': 'ApiserverLoopbackCertificateExpiringCritical',
							expired: 'ApiserverLoopbackCertificateExpired',
						},
						warningDays: options.warningDays,
						criticalDays: options.criticalDays,
						annotations: {
							'expiring-soon': {
								summary: 'kube-apiserver {{ $labels.instance }} loopback certificate expires in {{ $value | humanizeDuration }}.',
								description: `${capitalise(what)}, expires in {{ $value | humanizeDuration }}. ${fix}`,
							},
							'expiring-critical': {
								summary: 'kube-apiserver {{ $labels.instance }} loopback certificate expires in {{ $value | humanizeDuration }}.',
								description:
									`${capitalise(what)}, expires in {{ $value | humanizeDuration }}; after that the apiserver's requests to itself ` +
									`fail with "x509: certificate has expired or is not yet valid". ${fix}`,
							},
							expired: {
								summary: 'kube-apiserver {{ $labels.instance }} loopback certificate expired {{ $value | humanizeDuration }} ago.',
								description:
									`${capitalise(what)}, expired {{ $value | humanizeDuration }} ago, so its requests to itself (admission, informers, ` +
									`aggregation) fail with "x509: certificate has expired or is not yet valid". ${fix} ` +
									'Upgrading to v1.33 or later gives a 3-year certificate.',
							},
						},
					}),
				],
			},
		],
	};
	return toYaml(file);
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
