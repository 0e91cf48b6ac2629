import {defaultBlackboxAddress, renderBlackboxAlerts, renderBlackboxConfig, renderBlackboxScrapeConfig} from '../../export/blackbox-module.js';
import {resolveExportOptions, type ExportOptions, type ExportTarget, type ResolvedExportOptions} from '../../export/export-options.js';
import {renderPrometheusRules} from '../../export/prometheus-rules.js';
import {writeError} from '../error-output.js';

/** Where the command writes; `process.stdout`/`process.stderr` fit. */
export type ExportIo = {
	readonly stdout: {write(text: string): unknown};
	readonly stderr: {write(text: string): unknown};
};

/** `kubesleuth export prometheus|blackbox`: prints alerting config as YAML; exit 0, or 2 with one sentence on stderr for a bad option. */
export async function runExportCommand(what: ExportTarget, options: ExportOptions, io: ExportIo): Promise<number> {
	if (what !== 'prometheus' && what !== 'blackbox') {
		writeError(io.stderr, `export: unknown target ${String(what)}; use prometheus or blackbox.`);
		return 2;
	}

	const resolved = resolveExportOptions(what, options);
	if (!resolved.ok) {
		writeError(io.stderr, `export: ${resolved.message}`);
		return 2;
	}

	io.stdout.write(renderExport(what, resolved.value));
	return 0;
}

function renderExport(what: ExportTarget, options: ResolvedExportOptions): string {
	switch (what) {
		case 'prometheus': {
			return (
				'# Prometheus rule file predicting kube-apiserver loopback certificate expiry: save it as a file listed under rule_files in prometheus.yml.\n' +
				renderPrometheusRules(options)
			);
		}

		case 'blackbox': {
			return [
				`# blackbox_exporter config with the ${options.module} module: merge it into the file given to prometheus-blackbox-exporter --config.file.\n` +
					renderBlackboxConfig({moduleName: options.module, timeoutSeconds: options.timeoutSeconds}),
				'# Prometheus alerting rules on the probed loopback certificate: save them as a file listed under rule_files in prometheus.yml.\n' +
					renderBlackboxAlerts(options),
				`# Prometheus scrape config: add this job to scrape_configs in prometheus.yml, listing your apiservers' host:port as targets (blackbox_exporter assumed at ${defaultBlackboxAddress}).\n` +
					renderBlackboxScrapeConfig(options.targets, {job: options.job, moduleName: options.module}),
			].join('---\n');
		}

		default: {
			return what satisfies never;
		}
	}
}
