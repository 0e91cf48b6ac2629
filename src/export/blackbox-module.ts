import {expiryAlerts} from './expiry-alerts.js';
import {vectorSelector} from './promql.js';
import {toYaml, type RuleFile} from './rule-file.js';

/** SNI the apiserver answers with its in-memory loopback certificate. */
export const loopbackServerName = 'apiserver-loopback-client';

/** Default blackbox_exporter module name. */
export const defaultBlackboxModule = 'apiserver_loopback_cert';

/** Default Prometheus job scraping the blackbox probes. */
export const defaultBlackboxJob = 'blackbox-apiserver-loopback';

/** Default blackbox_exporter address Prometheus scrapes (its default listen port). */
export const defaultBlackboxAddress = '127.0.0.1:9115';

/** Name of the rule group holding the probe alerts. */
export const blackboxRuleGroupName = 'kubesleuth-apiserver-loopback-certificate-probe';

/** Renders a blackbox_exporter config whose TCP+TLS module asks for the loopback certificate by SNI. */
export function renderBlackboxConfig(options: {readonly moduleName?: string; readonly timeoutSeconds?: number}): string {
	return toYaml({
		modules: {
			[options.moduleName ?? defaultBlackboxModule]: {
				prober: 'tcp',
				timeout: `${options.timeoutSeconds ?? 5}s`,
				tcp: {
					tls: true,
					tls_config: {
						server_name: loopbackServerName,
						// The loopback certificate is signed by a throwaway in-memory CA nobody else has.
						insecure_skip_verify: true,
					},
				},
			},
		},
	});
}

/** Renders Prometheus rules alerting on the certificate a loopback probe saw (`probe_ssl_earliest_cert_expiry`). */
export function renderBlackboxAlerts(options: {
	readonly job?: string;
	readonly selector?: string;
	readonly warningDays: number;
	readonly criticalDays: number;
}): string {
	const job = options.job ?? defaultBlackboxJob;
	const expiry = vectorSelector('probe_ssl_earliest_cert_expiry', job, options.selector);
	const fix =
		'Nothing rotates this in-memory certificate; only a process restart makes a new one. Restart kube-apiserver on that node ' +
		'(one control-plane node at a time) and check the served certificate there with `kubesleuth probe`.';
	const what = 'The loopback certificate kube-apiserver {{ $labels.instance }} serves for SNI apiserver-loopback-client';
	const file: RuleFile = {
		groups: [
			{
				name: blackboxRuleGroupName,
				rules: [
					...expiryAlerts({
						expiry,
						names: {
							'expiring-soon': 'ApiserverLoopbackCertificateProbeExpiringSoon',
							'expiring-critical': 'ApiserverLoopbackCertificateProbeExpiringCritical',
							expired: 'ApiserverLoopbackCertificateProbeExpired',
						},
						warningDays: options.warningDays,
						criticalDays: options.criticalDays,
						annotations: {
							'expiring-soon': {
								summary: 'kube-apiserver {{ $labels.instance }} loopback certificate expires in {{ $value | humanizeDuration }}.',
								description: `${what} expires in {{ $value | humanizeDuration }}. ${fix}`,
							},
							'expiring-critical': {
								summary: 'kube-apiserver {{ $labels.instance }} loopback certificate expires in {{ $value | humanizeDuration }}.',
								description:
									`${what} expires in {{ $value | humanizeDuration }}; after that the apiserver's requests to itself fail with ` +
									`"x509: certificate has expired or is not yet valid". ${fix}`,
							},
							expired: {
								summary: 'kube-apiserver {{ $labels.instance }} loopback certificate expired {{ $value | humanizeDuration }} ago.',
								description:
									`${what} expired {{ $value | humanizeDuration }} ago, so its requests to itself fail with ` +
									`"x509: certificate has expired or is not yet valid". ${fix}`,
							},
						},
					}),
					{
						// Without a successful probe the expiry alerts above cannot fire; say so instead of staying silent.
						alert: 'ApiserverLoopbackCertificateProbeFailing',
						expr: `${vectorSelector('probe_success', job, options.selector)} == 0`,
						for: '15m',
						labels: {severity: 'warning'},
						annotations: {
							summary: 'The loopback certificate probe of {{ $labels.instance }} fails.',
							description:
								'blackbox_exporter cannot complete a TLS handshake with SNI apiserver-loopback-client to {{ $labels.instance }}, ' +
								'so the loopback certificate expiry alerts for it cannot fire. Check the target address and that kube-apiserver is up.',
						},
					},
				],
			},
		],
	};
	return toYaml(file);
}

/** Renders an example Prometheus `scrape_configs` entry probing `targets` (apiserver host:port) through blackbox_exporter. */
export function renderBlackboxScrapeConfig(
	targets: readonly string[],
	options: {readonly job?: string; readonly moduleName?: string; readonly exporterAddress?: string} = {},
): string {
	return toYaml({
		scrape_configs: [
			{
				job_name: options.job ?? defaultBlackboxJob,
				metrics_path: '/probe',
				static_configs: [{targets: [...targets]}],
				relabel_configs: [
					{source_labels: ['__address__'], target_label: '__param_target'},
					{target_label: '__param_module', replacement: options.moduleName ?? defaultBlackboxModule},
					{source_labels: ['__param_target'], target_label: 'instance'},
					{target_label: '__address__', replacement: options.exporterAddress ?? defaultBlackboxAddress},
				],
			},
		],
	});
}
