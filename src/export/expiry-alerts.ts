import {daysInSeconds} from './promql.js';
import type {AlertingRule} from './rule-file.js';

/** The three stages of a certificate running out, each with its own alert. */
export type ExpiryPhase = 'expiring-soon' | 'expiring-critical' | 'expired';

/** The kubesleuth finding ids the alerts carry as `kubesleuth_id`, so an alert and a terminal report name the same thing. */
export const kubesleuthFindingIds = {
	expiring: 'apiserver-loopback-cert-expiring',
	expired: 'apiserver-loopback-cert-expired',
} as const;

/** What to alert on and how to word it. */
export type ExpiryAlertSpec = {
	/** PromQL giving the certificate's expiry as unix seconds, one series per instance. */
	readonly expiry: string;
	readonly names: Readonly<Record<ExpiryPhase, string>>;
	readonly warningDays: number;
	readonly criticalDays: number;
	/** Annotation templates; `$value` is the time left (or, when expired, the time since expiry) in seconds. */
	readonly annotations: Readonly<Record<ExpiryPhase, {readonly summary: string; readonly description: string}>>;
};

const phases: readonly ExpiryPhase[] = ['expiring-soon', 'expiring-critical', 'expired'];

/** Builds the warning, critical and expired alerting rules for one expiry expression. */
export function expiryAlerts(spec: ExpiryAlertSpec): readonly AlertingRule[] {
	return phases.map((phase) => expiryAlert(spec, phase));
}

function expiryAlert(spec: ExpiryAlertSpec, phase: ExpiryPhase): AlertingRule {
	const left = `${spec.expiry} - time()`;
	const rule = (expr: string, duration: string, severity: string, findingId: string): AlertingRule => ({
		alert: spec.names[phase],
		expr,
		for: duration,
		labels: {severity, kubesleuth_id: findingId},
		annotations: {...spec.annotations[phase]},
	});
	switch (phase) {
		case 'expiring-soon': {
			return rule(`${left} < ${daysInSeconds(spec.warningDays)}\nand\n${left} > 0`, '1h', 'warning', kubesleuthFindingIds.expiring);
		}

		case 'expiring-critical': {
			return rule(`${left} < ${daysInSeconds(spec.criticalDays)}\nand\n${left} > 0`, '15m', 'critical', kubesleuthFindingIds.expiring);
		}

		case 'expired': {
			// Alert value is the time since expiry, a positive number that humanizeDuration prints well.
			return rule(`time() - ${spec.expiry} > 0`, '5m', 'critical', kubesleuthFindingIds.expired);
		}

		default: {
			return phase satisfies never;
		}
	}
}
