/** Small PromQL text builders shared by the rule exporters. */

/** A PromQL double-quoted string literal holding `value`. */
export function promqlString(value: string): string {
	const escaped = value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
	return `"${escaped}"`;
}

/** `metric{job="…", <extra matchers…>}`; each extra is a raw matcher list such as `cluster="prod"`. */
export function vectorSelector(metric: string, job: string, ...extra: readonly (string | undefined)[]): string {
	const matchers = [`job=${promqlString(job)}`];
	for (const list of extra) {
		const trimmed = list?.trim().replace(/,$/, '').trim();
		if (trimmed !== undefined && trimmed !== '') {
			matchers.push(trimmed);
		}
	}

	return `${metric}{${matchers.join(', ')}}`;
}

/** `days * 86400`, written so a reader sees the day count in the rule. */
export function daysInSeconds(days: number): string {
	return `${days} * 86400`;
}

const matcher = String.raw`\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\s*`;
const matcherList = new RegExp(`^${matcher}(?:,${matcher})*,?\\s*$`);

/** True when `text` is a comma-separated list of PromQL label matchers, e.g. `cluster="prod", region=~"eu-.*"`. */
export function isLabelMatcherList(text: string): boolean {
	return matcherList.test(text);
}
