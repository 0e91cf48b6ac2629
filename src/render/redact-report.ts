import type {EvidenceLine} from '../detect/evidence-line.js';
import type {Report} from '../diagnose/report.js';
import {redactSecrets} from './redact-secrets.js';

// journald writes a MESSAGE that is not printable UTF-8 as an array of byte values; a secret in it would be left
// as numbers. Such an array in a raw journald JSON line is written back as the JSON string it stands for.
const byteArrayMessage = /"MESSAGE":\[(\d{1,3}(?:,\d{1,3}){0,65535})\]/;

/** A raw journald JSON line with a byte-array MESSAGE decoded to a JSON string, so redaction can see its text. */
export function decodeJournaldBytes(raw: string): string {
	if (!raw.includes('"MESSAGE":[')) return raw;
	const match = byteArrayMessage.exec(raw);
	if (match === null) return raw;
	const bytes = match[1]!.split(',').map(Number);
	if (bytes.some((b) => b > 255)) return raw;
	const text = new TextDecoder().decode(Uint8Array.from(bytes));
	return `${raw.slice(0, match.index)}"MESSAGE":${JSON.stringify(text)}${raw.slice(match.index + match[0].length)}`;
}

/**
 * The report with secrets removed from every piece of log text it carries (evidence messages and raw lines,
 * summaries and reasons that quote log values, unexplained shapes), and how many values were removed. Done
 * once, so every output (text, Markdown, JSON, the live view and its search) shows the same text and count.
 */
export function redactReport(report: Report): {report: Report; redacted: number} {
	let redacted = 0;
	const clean = (text: string): string => {
		const result = redactSecrets(text);
		redacted += result.count;
		return result.text;
	};

	// The message and the raw line hold the same values: each secret counts once, as the message's.
	const line = (evidence: EvidenceLine): EvidenceLine =>
		evidence.message === undefined ? {...evidence, text: clean(decodeJournaldBytes(evidence.text))} : {...evidence, message: clean(evidence.message), text: redactLogText(evidence.text)};
	return {
		report: {
			...report,
			findings: report.findings.map((finding) => ({
				...finding,
				evidence: finding.evidence.map(line),
				summary: clean(finding.summary),
				reasoning: finding.reasoning.map((reason) => ({...reason, text: clean(reason.text)})),
			})),
			ruledOut: report.ruledOut.map((ruled) => ({...ruled, reasons: ruled.reasons.map(clean)})),
			unknownTemplates: report.unknownTemplates.map((t) => ({...t, template: clean(t.template), example: line(t.example)})),
		},
		redacted,
	};
}

/** One piece of log text with its secrets removed (a line read back from a source for the live view). */
export function redactLogText(text: string): string {
	return redactSecrets(decodeJournaldBytes(text)).text;
}
