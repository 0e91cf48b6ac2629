import type {Report} from '../diagnose/report.js';
import type {EvidenceLine} from '../detect/evidence-line.js';
import {confidenceBand, count, isoTime, nodesToRestart, readSummary, seenText, sourceFormat, uptimeText, verdictSentence} from './report-words.js';
import {escapeControl} from './sanitize-text.js';

export type TextOptions = {readonly color: boolean; readonly redacted: number; readonly redactionEnabled: boolean};

const styles = {bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39], green: [32, 39]} as const;

/** A report for a person reading a terminal or a ticket. Every byte from a log is escaped. */
export function formatText(report: Report, options: TextOptions): string {
	const paint = (style: keyof typeof styles, text: string): string => (options.color ? `\u001B[${styles[style][0]}m${text}\u001B[${styles[style][1]}m` : text);
	const severityStyle = {critical: 'red', warning: 'yellow', info: 'cyan'} as const;
	const out: string[] = [];
	const verdictStyle = report.verdict === 'incident' ? 'red' : report.verdict === 'warning' ? 'yellow' : 'green';
	out.push(`${paint('bold', paint(verdictStyle, `kubesleuth: ${verdictSentence(report)}`))} (${escapeControl(readSummary(report))})`);
	if (report.nodes.length > 1) {
		out.push('', paint('bold', 'Nodes:'));
		for (const node of report.nodes) out.push(`  ${escapeControl(node.name).padEnd(20)} ${node.verdict.padEnd(8)} ${node.findings.length === 0 ? 'nothing found' : node.findings.join(', ')}`);
		const restart = nodesToRestart(report);
		if (restart.length > 0) out.push(`  Restart kube-apiserver on: ${restart.map(escapeControl).join(', ')} (one at a time).`);
	}

	const evidenceLine = (line: EvidenceLine): string => {
		const where = `${escapeControl(line.source)}:${line.line}`;
		const when = line.time === undefined ? '' : ` ${isoTime(line.time)}${line.redated === undefined ? '' : ' (re-dated)'}`;
		return `    ${paint('dim', where + when)}\n      ${escapeControl(line.text)}${line.cut === undefined ? '' : paint('dim', ` … (${line.cut} more characters)`)}`;
	};

	for (const finding of report.findings) {
		out.push('');
		const on = report.nodes.length > 1 && finding.node !== undefined ? `  on ${escapeControl(finding.node)}` : '';
		out.push(`${paint('bold', paint(severityStyle[finding.severity], finding.severity.toUpperCase()))}  ${paint('bold', finding.id)}${on}  confidence ${finding.confidence.toFixed(2)} (${confidenceBand(finding.confidence)})`);
		out.push(`  ${paint('bold', finding.title)}`);
		out.push(`  ${escapeControl(finding.summary)}`);
		out.push(`  ${seenText(finding)}`);
		out.push('');
		out.push(wrap(escapeControl(finding.explanation.replace(/\s+/g, ' ')), 96, '  '));
		if (finding.reasoning.length > 0) {
			out.push('', '  Why:');
			for (const reason of finding.reasoning) out.push(`    ${reason.stance === 'for' ? '+' : '-'} ${escapeControl(reason.text)}`);
		}

		for (const preferred of finding.preferredOver) out.push(`    > preferred over ${preferred.id}: ${escapeControl(preferred.because)}`);
		if (finding.evidence.length > 0) {
			out.push('', `  Evidence (${finding.evidence.length} of ${count(finding.count, 'line')}):`);
			for (const line of finding.evidence) out.push(evidenceLine(line));
		}

		out.push('', '  Do now:');
		for (const [i, action] of finding.actions.entries()) out.push(`    ${i + 1}. ${escapeControl(action)}`);
		if (finding.verify.length > 0) {
			out.push('', '  Confirm:');
			for (const command of finding.verify) out.push(`    $ ${escapeControl(command)}`);
		}

		if (finding.longTerm.length > 0) {
			out.push('', '  Long term:');
			for (const item of finding.longTerm) out.push(`    - ${escapeControl(item)}`);
		}

		if (finding.references.length > 0) out.push('', `  References: ${finding.references.join('  ')}`);
	}

	if (report.ruledOut.length > 0) {
		out.push('', paint('bold', 'Considered and ruled out:'));
		for (const ruled of report.ruledOut) {
			out.push(`  ${ruled.id} (confidence ${ruled.confidence.toFixed(2)}): ${ruled.title}`);
			for (const reason of ruled.reasons) out.push(`    - ${escapeControl(reason)}`);
		}
	}

	const {context} = report;
	out.push('', paint('bold', 'Context:'));
	const own = report.selfIps.map((a) => `${a.ip} (${a.from.join(', ')})`).join('; ');
	out.push(`  Own addresses: ${own === '' ? 'none known' : escapeControl(own)}`);
	const uptime = uptimeText(report);
	out.push(`  Apiserver started: ${context.start === undefined ? 'unknown' : `${isoTime(context.start.at)} (${escapeControl(context.start.from)})${uptime === undefined ? '' : `, up ${uptime} at the end of the logs`}`}`);
	out.push(`  Version: ${context.version === undefined ? 'unknown' : `${escapeControl(context.version.value)} (${escapeControl(context.version.from)})`}; loopback certificate lifetime ${context.lifetimeDays} days (${context.lifetimeFrom})`);
	out.push(`  Loopback certificate expires: ${context.loopbackNotAfter === undefined ? 'unknown' : `${isoTime(context.loopbackNotAfter.at)} (${escapeControl(context.loopbackNotAfter.from)})`}`);
	out.push(`  Runs as: ${context.runMode}; secure port ${context.securePort}`);
	for (const fact of report.liveFacts) out.push(`  Live: ${escapeControl(fact)}`);
	for (const note of context.notes) out.push(`  Note: ${escapeControl(note)}`);

	if (report.unknownTemplates.length > 0) {
		out.push('', paint('bold', 'Warnings and errors no rule explains (most frequent shapes):'));
		for (const template of report.unknownTemplates) {
			out.push(`  ${String(template.count).padStart(7)}  ${template.severity.padEnd(7)} ${escapeControl(template.template)}`);
			out.push(`           e.g. ${paint('dim', `${escapeControl(template.example.source)}:${template.example.line}`)}`);
		}
	}

	out.push('', paint('bold', 'Sources:'));
	for (const source of report.sources) {
		const extra = [source.unparsed > 0 ? `${count(source.unparsed, 'unparsed line')}` : '', source.truncated > 0 ? `${count(source.truncated, 'line')} cut` : ''].filter(Boolean).join(', ');
		out.push(`  ${escapeControl(source.name)}  ${sourceFormat(source)}  ${count(source.lines, 'line')}, ${count(source.records, 'record')}${extra === '' ? '' : `, ${extra}`}`);
	}

	if (report.warnings.length > 0) {
		out.push('', paint('bold', 'Warnings:'));
		for (const warning of report.warnings) out.push(`  - ${escapeControl(warning)}`);
	}

	out.push('', options.redactionEnabled ? `Redacted ${count(options.redacted, 'secret value')} (--no-redact shows them).` : 'Secret redaction is off (--no-redact).');
	return out.join('\n') + '\n';
}

function wrap(text: string, width: number, indent: string): string {
	const lines: string[] = [];
	let current = '';
	for (const word of text.split(' ')) {
		if (current.length + word.length + 1 > width && current !== '') {
			lines.push(indent + current);
			current = word;
		} else {
			current = current === '' ? word : `${current} ${word}`;
		}
	}

	if (current !== '') lines.push(indent + current);
	return lines.join('\n');
}
