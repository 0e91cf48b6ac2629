import type {Report} from '../diagnose/report.js';
import {confidenceBand, count, isoTime, nodesToRestart, readSummary, seenText, sourceFormat, uptimeText, verdictSentence} from './report-words.js';
import {escapeControl, escapeMarkdownInline, fenceFor} from './sanitize-text.js';

const md = (text: string): string => escapeMarkdownInline(text);

function codeBlock(lines: readonly string[], info = ''): string[] {
	const body = lines.map(escapeControl).join('\n');
	const fence = fenceFor(body);
	return [`${fence}${info}`, body, fence];
}

/** A report to paste into an incident document. Log text goes in fenced code blocks, escaped. */
export function formatMarkdown(report: Report, redacted: number, redactionEnabled: boolean): string {
	const out: string[] = [];
	out.push(`# kubesleuth: ${md(verdictSentence(report))}`, '', `_${md(readSummary(report))}_`);
	if (report.nodes.length > 1) {
		out.push('', '| node | verdict | findings |', '| --- | --- | --- |');
		for (const node of report.nodes) out.push(`| ${md(node.name)} | ${node.verdict} | ${node.findings.join(', ') || 'nothing found'} |`);
		const restart = nodesToRestart(report);
		if (restart.length > 0) out.push('', `Restart kube-apiserver on: ${restart.map(md).join(', ')} (one at a time).`);
	}

	for (const finding of report.findings) {
		out.push('', `## ${finding.severity.toUpperCase()}: ${md(finding.title)}${report.nodes.length > 1 && finding.node !== undefined ? ` (${md(finding.node)})` : ''}`, '');
		out.push(`\`${finding.id}\` · confidence ${finding.confidence.toFixed(2)} (${confidenceBand(finding.confidence)}) · ${md(seenText(finding))}`, '');
		out.push(md(finding.summary), '', md(finding.explanation.replace(/\s+/g, ' ')));
		if (finding.reasoning.length > 0) {
			out.push('', '### Why', '');
			for (const reason of finding.reasoning) out.push(`- ${reason.stance === 'for' ? '**for**' : '**against**'}: ${md(reason.text)}`);
			for (const preferred of finding.preferredOver) out.push(`- preferred over \`${preferred.id}\`: ${md(preferred.because)}`);
		}

		if (finding.evidence.length > 0) {
			out.push('', `### Evidence (${finding.evidence.length} of ${count(finding.count, 'line')})`, '');
			out.push(...codeBlock(finding.evidence.flatMap((e) => [`# ${e.source}:${e.line}${e.time === undefined ? '' : ` ${isoTime(e.time)}`}${e.cut === undefined ? '' : ` (first ${e.text.length} characters, ${e.cut} more cut)`}`, e.text])));
		}

		out.push('', '### Do now', '');
		for (const [i, action] of finding.actions.entries()) out.push(`${i + 1}. ${md(action)}`);
		if (finding.verify.length > 0) out.push('', '### Confirm', '', ...codeBlock(finding.verify, 'sh'));
		if (finding.longTerm.length > 0) {
			out.push('', '### Long term', '');
			for (const item of finding.longTerm) out.push(`- ${md(item)}`);
		}

		if (finding.references.length > 0) {
			out.push('', '### References', '');
			for (const reference of finding.references) out.push(`- <${reference}>`);
		}
	}

	if (report.ruledOut.length > 0) {
		out.push('', '## Considered and ruled out', '');
		for (const ruled of report.ruledOut) out.push(`- \`${ruled.id}\` (confidence ${ruled.confidence.toFixed(2)}): ${ruled.reasons.map(md).join('; ')}`);
	}

	const {context} = report;
	const uptime = uptimeText(report);
	out.push('', '## Context', '');
	out.push(`- Own addresses: ${report.selfIps.map((a) => `${md(a.ip)} (${a.from.join(', ')})`).join('; ') || 'none known'}`);
	out.push(`- Apiserver started: ${context.start === undefined ? 'unknown' : `${isoTime(context.start.at)} (${md(context.start.from)})${uptime === undefined ? '' : `, up ${uptime}`}`}`);
	out.push(`- Version: ${context.version === undefined ? 'unknown' : md(context.version.value)}; loopback certificate lifetime ${context.lifetimeDays} days`);
	out.push(`- Loopback certificate expires: ${context.loopbackNotAfter === undefined ? 'unknown' : `${isoTime(context.loopbackNotAfter.at)} (${md(context.loopbackNotAfter.from)})`}`);
	for (const fact of report.liveFacts) out.push(`- Live: ${md(fact)}`);
	for (const note of context.notes) out.push(`- Note: ${md(note)}`);

	if (report.unknownTemplates.length > 0) {
		out.push('', '## Warnings and errors no rule explains', '', '| count | severity | shape |', '| ---: | --- | --- |');
		for (const t of report.unknownTemplates) out.push(`| ${t.count} | ${t.severity} | ${md(t.template).replace(/\|/g, '\\|')} |`);
	}

	out.push('', '## Sources', '', '| source | format | lines | records | unparsed |', '| --- | --- | ---: | ---: | ---: |');
	for (const s of report.sources) out.push(`| ${md(s.name).replace(/\|/g, '\\|')} | ${sourceFormat(s)} | ${s.lines} | ${s.records} | ${s.unparsed} |`);
	if (report.warnings.length > 0) {
		out.push('', '## Warnings', '');
		for (const warning of report.warnings) out.push(`- ${md(warning)}`);
	}

	out.push('', redactionEnabled ? `_Redacted ${count(redacted, 'secret value')}._` : '_Secret redaction was off._');
	return out.join('\n') + '\n';
}
