import type {EvidenceLine} from '../detect/evidence-line.js';
import type {Report} from '../diagnose/report.js';
import {redactSecrets} from './redact-secrets.js';

/**
 * The report with secrets removed from every piece of log text it carries, and how many values were
 * removed. Done once, so every output format shows the same text and the same count.
 */
export function redactReport(report: Report): {report: Report; redacted: number} {
	let redacted = 0;
	const clean = (text: string): string => {
		const result = redactSecrets(text);
		redacted += result.count;
		return result.text;
	};

	const line = (evidence: EvidenceLine): EvidenceLine => ({...evidence, text: clean(evidence.text)});
	return {
		report: {
			...report,
			findings: report.findings.map((finding) => ({...finding, evidence: finding.evidence.map(line), summary: clean(finding.summary)})),
			unknownTemplates: report.unknownTemplates.map((t) => ({...t, template: clean(t.template), example: line(t.example)})),
		},
		redacted,
	};
}
