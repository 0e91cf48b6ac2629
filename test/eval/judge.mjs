// How `npm run eval` and its test judge one real excerpt: the report's top finding against the excerpt's
// `right_findings` in fixtures/realworld/index.json. A `healthy` excerpt is right when nothing is at
// warning or above. An excerpt whose report has no finding at all while its label is not `healthy` is
// "silent": the worst answer, counted on its own.

/** @typedef {{label: string, file: string, right_findings: string[], source: string}} Excerpt */

const atWarning = (finding) => finding.severity === 'critical' || finding.severity === 'warning';

/**
 * @param {Excerpt} excerpt
 * @param {{verdict: string, findings: readonly {id: string, severity: string, confidence: number}[]}} report
 */
export function judge(excerpt, report) {
	const top = report.findings[0];
	const healthy = excerpt.label === 'healthy';
	const right = healthy ? !report.findings.some(atWarning) : top !== undefined && excerpt.right_findings.includes(top.id);
	const silent = !healthy && (report.findings.length === 0 || report.verdict === 'healthy' && !excerpt.right_findings.includes(top?.id ?? ''));
	return {
		file: excerpt.file,
		label: excerpt.label,
		expected: healthy ? '(none at warning or above)' : excerpt.right_findings.join(' | '),
		top: top === undefined ? '(none)' : `${top.id} ${top.confidence.toFixed(2)}`,
		verdict: report.verdict,
		right,
		silent,
	};
}

/** Per-label rows and totals. */
export function summarise(results) {
	const labels = new Map();
	for (const r of results) {
		const row = labels.get(r.label) ?? {label: r.label, total: 0, right: 0, silent: 0};
		row.total++;
		if (r.right) row.right++;
		if (r.silent) row.silent++;
		labels.set(r.label, row);
	}

	const total = results.length;
	const right = results.filter((r) => r.right).length;
	const silent = results.filter((r) => r.silent).length;
	return {labels: [...labels.values()].sort((a, b) => a.label.localeCompare(b.label)), total, right, silent};
}
