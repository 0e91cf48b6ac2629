import {stringify} from 'yaml';

/** A Prometheus recording rule. */
export type RecordingRule = {
	readonly record: string;
	readonly expr: string;
};

/** A Prometheus alerting rule. */
export type AlertingRule = {
	readonly alert: string;
	readonly expr: string;
	/** Prometheus duration, e.g. `15m`. */
	readonly for: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly annotations: Readonly<Record<string, string>>;
};

/** One `groups[]` entry of a rule file. */
export type RuleGroup = {
	readonly name: string;
	readonly rules: readonly (RecordingRule | AlertingRule)[];
};

/** A whole Prometheus rule file (the format `rule_files` and `promtool check rules` read). */
export type RuleFile = {
	readonly groups: readonly RuleGroup[];
};

/** Serialises exporter output as YAML; never folds long lines so PromQL and templates stay intact. */
export function toYaml(value: unknown): string {
	return stringify(value, {lineWidth: 0, minContentWidth: 0});
}
