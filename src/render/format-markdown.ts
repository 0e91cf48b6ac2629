import type {Finding, Step} from '../diagnose/finding.js';
import type {Report} from '../diagnose/report.js';
import {
	confidenceBand,
	count,
	distributionText,
	evidenceColumns,
	evidenceCounts,
	evidenceRow,
	expiryWords,
	isoTime,
	knowsApiserver,
	nodesToRestart,
	predictionNote,
	readSummary,
	seenText,
	sourceFormat,
	sourceLabels,
	sourceName,
	spelled,
	uptimeText,
	verdictSentence,
	type TimeStyle,
} from './report-words.js';
import {escapeControl, escapeMarkdownInline, fenceFor} from './sanitize-text.js';
import {binTimeline, sparkline} from './timeline-bins.js';
import {groupDigits} from '../diagnose/group-digits.js';

const md = (text: string): string => escapeMarkdownInline(text);

/** A fenced code block: its text is escaped for the terminal only, never for Markdown (code is shown as written). */
function codeBlock(lines: readonly string[], info = '', indent = ''): string[] {
	const body = lines.map(escapeControl);
	const fence = fenceFor(body.join('\n'));
	return [`${indent}${fence}${info}`, ...body.map((line) => `${indent}${line}`), `${indent}${fence}`];
}

/** Steps as a list; a step's command in its own code block under it, so it copies whole and unescaped. */
function stepList(steps: readonly Step[], numbered: boolean): string[] {
	const out: string[] = [];
	for (const [i, step] of steps.entries()) {
		const bullet = numbered ? `${i + 1}. ` : '- ';
		out.push(`${bullet}${md(step.why)}`);
		if (step.command !== undefined) out.push('', ...codeBlock([step.command], 'sh', ' '.repeat(bullet.length)), '');
	}

	return out;
}

function timeline(finding: Finding, style: TimeStyle): string[] {
	const from = finding.firstSeen;
	const to = finding.lastSeen;
	if (from === undefined || to === undefined || finding.timeline.length === 0 || to <= from) return [];
	const bins = binTimeline(finding.timeline, from, to, 96);
	return [
		'',
		'### Timeline',
		'',
		`Matching lines per ${bins.label} from ${isoTime(bins.from, style)} to ${isoTime(bins.from + bins.binMs * bins.counts.length, style)}; the busiest bin has ${count(bins.max, 'line')}.`,
		'',
		...codeBlock([`│${sparkline(bins)}│`]),
	];
}

export type MarkdownOptions = {readonly timeStyle?: TimeStyle};

/** A report to paste into an incident document: what to do first, then why and the evidence. Log text goes in code blocks. */
export function formatMarkdown(report: Report, redacted: number, redactionEnabled: boolean, options: MarkdownOptions = {}): string {
	const style = options.timeStyle ?? 'utc';
	const out: string[] = [];
	out.push(`# kubesleuth: ${md(verdictSentence(report))}`, '', `_${md(readSummary(report, style))}_`);
	if (report.nodes.length > 1) {
		out.push('', '| node | verdict | findings |', '| --- | --- | --- |');
		for (const node of report.nodes) out.push(`| ${md(node.name).replace(/\|/g, '\\|')} | ${node.verdict} | ${node.findings.join(', ') || 'nothing found'} |`);
		const restart = nodesToRestart(report);
		if (restart.length > 0) out.push('', `Restart kube-apiserver on: ${restart.map(md).join(', ')} (one at a time).`);
	}

	const labels = sourceLabels(report.sources.map((s) => s.name));
	for (const finding of report.findings) {
		out.push('', `## ${finding.severity.toUpperCase()}: ${md(finding.title)}${report.nodes.length > 1 && finding.node !== undefined ? ` (${md(finding.node)})` : ''}`, '');
		out.push(`\`${finding.id}\` · confidence ${finding.confidence.toFixed(2)} (${confidenceBand(finding.confidence)}) · ${md(seenText(finding, style))}`, '');
		out.push(md(finding.summary));
		out.push('', '### Do now', '', ...stepList(finding.actions, true));
		if (finding.verify.length > 0) out.push('', '### Confirm', '', ...stepList(finding.verify, false));
		out.push('', '### What is happening', '', md(finding.explanation.replace(/\s+/g, ' ')));
		if (finding.reasoning.length > 0 || finding.preferredOver.length > 0) {
			out.push('', '### Why', '');
			for (const reason of finding.reasoning) out.push(`- ${reason.stance === 'for' ? '**for**' : '**against**'}: ${md(reason.text)}`);
			for (const preferred of finding.preferredOver) out.push(`- preferred over \`${preferred.id}\`: ${md(preferred.because)}`);
		}

		if (finding.evidence.length > 0) {
			out.push('', `### Evidence (${evidenceCounts(finding)})`, '');
			out.push(...codeBlock(finding.evidence.map((e) => evidenceRow(evidenceColumns(e, labels, style)))));
		}

		out.push(...timeline(finding, style));
		if (finding.longTerm.length > 0) out.push('', '### Long term', '', ...stepList(finding.longTerm, false));
		if (finding.references.length > 0) {
			out.push('', '### References', '');
			for (const reference of finding.references) out.push(`- <${reference}>`);
		}
	}

	if (report.ruledOut.length > 0) {
		out.push('', '## Considered and ruled out', '');
		for (const ruled of report.ruledOut) out.push(`- \`${ruled.id}\` (confidence ${ruled.confidence.toFixed(2)}): ${ruled.reasons.map(md).join('; ') || md(ruled.title)}`);
	}

	const {context} = report;
	out.push('', '## Context', '');
	const own = report.selfIps.filter((a) => !a.from.every((from) => from === 'loopback'));
	out.push(`- Own addresses: ${own.length === 0 ? 'none known besides loopback' : own.map((a) => `${md(a.ip)} (${a.from.join(', ')})`).join('; ')}`);
	out.push(`- Distribution: ${md(distributionText(context))}`);
	if (!knowsApiserver(report)) {
		out.push('- Apiserver: these logs do not say when kube-apiserver started or which version it is');
	} else {
		const uptime = uptimeText(report);
		if (context.start !== undefined) out.push(`- Apiserver started: ${isoTime(context.start.at, style)} (${md(spelled(context.start.from, labels))})${uptime === undefined ? '' : `, up ${uptime}`}`);
		out.push(`- Version: ${context.version === undefined ? 'not in the logs' : `${md(context.version.value)} (${md(spelled(context.version.from, labels))})`}; loopback certificate lifetime ${context.lifetimeDays} days${context.lifetimeFrom === 'default' ? ' (assumed)' : ''}`);
		if (context.loopbackNotAfter !== undefined) {
			const words = expiryWords(report);
			out.push(`- Loopback certificate ${words?.expired === true ? 'expired' : 'expires'}: ${isoTime(context.loopbackNotAfter.at, style)} (${md(spelled(context.loopbackNotAfter.from, labels))})${words === undefined ? '' : `; ${md(words.text)}`}`);
		}

		if (context.runMode !== 'unknown') out.push(`- Runs as: ${context.runMode === 'static-pod' ? 'a static pod' : 'a systemd unit'}; secure port ${context.securePort}`);
		const note = predictionNote(report);
		if (note !== undefined) out.push(`- Note: ${md(note)}`);
	}

	for (const fact of report.liveFacts) out.push(`- Live: ${md(fact)}`);
	for (const note of context.notes) out.push(`- Note: ${md(note)}`);

	if (report.unknownTemplates.length > 0) {
		out.push('', '## Warnings and errors no rule explains', '', '| count | severity | shape |', '| ---: | --- | --- |');
		for (const t of report.unknownTemplates) out.push(`| ${groupDigits(t.count)} | ${t.severity} | ${md(t.template).replace(/\|/g, '\\|')} |`);
	}

	out.push('', '## Sources', '', '| source | format | lines | records | unparsed |', '| --- | --- | ---: | ---: | ---: |');
	for (const s of report.sources) out.push(`| ${md(sourceName(s.name)).replace(/\|/g, '\\|')} | ${sourceFormat(s)} | ${groupDigits(s.lines)} | ${groupDigits(s.records)} | ${groupDigits(s.unparsed)} |`);
	if (report.warnings.length > 0) {
		out.push('', '## Warnings', '');
		for (const warning of report.warnings) out.push(`- ${md(warning)}`);
	}

	out.push('', redactionEnabled ? `_Redacted ${count(redacted, 'secret value')}._` : '_Secret redaction was off._');
	return out.join('\n') + '\n';
}
