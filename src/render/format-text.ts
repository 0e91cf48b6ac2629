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
import {escapeControl} from './sanitize-text.js';
import {binTimeline, sparkline} from './timeline-bins.js';
import {groupDigits} from '../diagnose/group-digits.js';

export type TextOptions = {
	readonly color: boolean;
	readonly redacted: number;
	readonly redactionEnabled: boolean;
	/** Times in UTC (default) or in this machine's zone. */
	readonly timeStyle?: TimeStyle;
};

const styles = {bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39], green: [32, 39]} as const;
const width = 100;
const commandIndent = '         ';

/**
 * A report for a person reading a terminal or a ticket: per finding what to do first, then why and the evidence.
 * Every byte from a log is escaped; a command stands alone on its line, so it copies whole.
 */
export function formatText(report: Report, options: TextOptions): string {
	const style = options.timeStyle ?? 'utc';
	const paint = (name: keyof typeof styles, text: string): string => (options.color ? `\u001B[${styles[name][0]}m${text}\u001B[${styles[name][1]}m` : text);
	const severityStyle = {critical: 'red', warning: 'yellow', info: 'cyan'} as const;
	const out: string[] = [];
	const verdictStyle = report.verdict === 'incident' ? 'red' : report.verdict === 'warning' ? 'yellow' : report.verdict === 'no-input' ? 'dim' : 'green';
	out.push(`${paint('bold', paint(verdictStyle, `kubesleuth: ${escapeControl(verdictSentence(report))}`))} (${escapeControl(readSummary(report, style))})`);
	if (report.nodes.length > 1) {
		out.push('', paint('bold', 'Nodes:'));
		for (const node of report.nodes) out.push(`  ${escapeControl(node.name).padEnd(20)} ${node.verdict.padEnd(8)} ${node.findings.length === 0 ? 'nothing found' : node.findings.join(', ')}`);
		const restart = nodesToRestart(report);
		if (restart.length > 0) out.push(`  Restart kube-apiserver on: ${restart.map(escapeControl).join(', ')} (one at a time).`);
	}

	const labels = sourceLabels(report.sources.map((s) => s.name));
	const stepLines = (steps: readonly Step[], numbered: boolean): string[] => {
		const lines: string[] = [];
		for (const [i, step] of steps.entries()) {
			const bullet = numbered ? `${i + 1}. ` : '- ';
			lines.push(wrap(escapeControl(step.why), width - 6, `    ${bullet}`, `    ${' '.repeat(bullet.length)}`));
			if (step.command !== undefined) lines.push(`${commandIndent}${paint('cyan', escapeControl(step.command))}`);
		}

		return lines;
	};

	for (const finding of report.findings) {
		out.push('');
		const on = report.nodes.length > 1 && finding.node !== undefined ? `  on ${escapeControl(finding.node)}` : '';
		out.push(`${paint('bold', paint(severityStyle[finding.severity], finding.severity.toUpperCase()))}  ${paint('bold', finding.id)}${on}  confidence ${finding.confidence.toFixed(2)} (${confidenceBand(finding.confidence)})`);
		out.push(`  ${paint('bold', escapeControl(finding.title))}`);
		out.push(wrap(escapeControl(finding.summary), width, '  ', '  '));
		out.push(`  ${seenText(finding, style)}`);

		out.push('', '  Do now:', ...stepLines(finding.actions, true));
		if (finding.verify.length > 0) out.push('', '  Confirm:', ...stepLines(finding.verify, false));
		out.push('', '  What is happening:', wrap(escapeControl(finding.explanation.replace(/\s+/g, ' ')), width - 4, '    ', '    '));
		if (finding.reasoning.length > 0 || finding.preferredOver.length > 0) {
			out.push('', '  Why:');
			for (const reason of finding.reasoning) out.push(wrap(escapeControl(reason.text), width - 6, `    ${reason.stance === 'for' ? '+' : '-'} `, '      '));
			for (const preferred of finding.preferredOver) out.push(wrap(escapeControl(`preferred over ${preferred.id}: ${preferred.because}`), width - 6, '    > ', '      '));
		}

		if (finding.evidence.length > 0) {
			out.push('', `  Evidence (${evidenceCounts(finding)}):`);
			for (const line of finding.evidence) {
				const columns = evidenceColumns(line, labels, style);
				const head = evidenceRow({...columns, message: ''});
				out.push(`    ${paint('dim', escapeControl(head))}  ${escapeControl(columns.message)}`);
			}
		}

		out.push(...timelineLines(finding, style));
		if (finding.longTerm.length > 0) out.push('', '  Long term:', ...stepLines(finding.longTerm, false));
		if (finding.references.length > 0) out.push('', '  References:', ...finding.references.map((r) => `    ${escapeControl(r)}`));
	}

	if (report.ruledOut.length > 0) {
		out.push('', paint('bold', 'Considered and ruled out:'));
		for (const ruled of report.ruledOut) {
			out.push(`  ${ruled.id} (confidence ${ruled.confidence.toFixed(2)}): ${escapeControl(ruled.title)}`);
			for (const reason of ruled.reasons) out.push(wrap(escapeControl(reason), width - 6, '    - ', '      '));
		}
	}

	out.push(...contextLines(report, style, labels));

	if (report.unknownTemplates.length > 0) {
		out.push('', paint('bold', 'Warnings and errors no rule explains (most frequent shapes):'));
		for (const template of report.unknownTemplates) {
			out.push(`  ${groupDigits(template.count).padStart(7)}  ${template.severity.padEnd(7)} ${escapeControl(template.template)}`);
			out.push(`           e.g. ${paint('dim', escapeControl(`${labels.get(template.example.source) ?? sourceName(template.example.source)}:${template.example.line}`))}`);
		}
	}

	out.push('', paint('bold', 'Sources:'));
	for (const source of report.sources) {
		const extra = [source.unparsed > 0 ? `${count(source.unparsed, 'unparsed line')}` : '', source.truncated > 0 ? `${count(source.truncated, 'line')} cut` : ''].filter(Boolean).join(', ');
		out.push(`  ${escapeControl(sourceName(source.name))}  ${sourceFormat(source)}  ${count(source.lines, 'line')}, ${count(source.records, 'record')}${extra === '' ? '' : `, ${extra}`}`);
	}

	if (report.warnings.length > 0) {
		out.push('', paint('bold', 'Warnings:'));
		for (const warning of report.warnings) out.push(`  - ${escapeControl(warning)}`);
	}

	out.push('', options.redactionEnabled ? `Redacted ${count(options.redacted, 'secret value')} (--no-redact shows them).` : 'Secret redaction is off (--no-redact).');
	return out.join('\n') + '\n';
}

/** The finding's matching lines over its first..last seen, in bins of a labelled width. */
function timelineLines(finding: Finding, style: TimeStyle): string[] {
	const from = finding.firstSeen;
	const to = finding.lastSeen;
	if (from === undefined || to === undefined || finding.timeline.length === 0 || to <= from) return [];
	const bins = binTimeline(finding.timeline, from, to, width - 6);
	const start = isoTime(bins.from, style);
	const end = isoTime(bins.from + bins.binMs * bins.counts.length, style);
	return [
		'',
		`  Timeline (matching lines per ${bins.label}; the busiest ${bins.label} has ${count(bins.max, 'line')}):`,
		`    │${sparkline(bins)}│`,
		`    ${start}${' '.repeat(Math.max(1, bins.counts.length + 2 - start.length - end.length))}${end}`,
	];
}

/** What the logs tell about the node and the apiserver, only the lines they tell something for. */
function contextLines(report: Report, style: TimeStyle, labels: ReadonlyMap<string, string>): string[] {
	const from = (text: string): string => escapeControl(spelled(text, labels));
	const {context} = report;
	const out: string[] = ['', 'Context:'];
	const own = report.selfIps.filter((a) => !a.from.every((from) => from === 'loopback'));
	out.push(`  Own addresses: ${own.length === 0 ? 'none known besides loopback (--self-ip adds one)' : escapeControl(own.map((a) => `${a.ip} (${a.from.join(', ')})`).join('; '))}`);
	out.push(`  Distribution: ${escapeControl(distributionText(context))}`);
	if (!knowsApiserver(report)) {
		out.push('  Apiserver: these logs do not say when kube-apiserver started or which version it is');
	} else {
		const uptime = uptimeText(report);
		if (context.start !== undefined) out.push(`  Apiserver started: ${isoTime(context.start.at, style)} (${from(context.start.from)})${uptime === undefined ? '' : `, up ${uptime}`}`);
		const lifetime = `loopback certificate lifetime ${context.lifetimeDays} days${context.lifetimeFrom === 'default' ? ' (assumed: the version is not known)' : ''}`;
		out.push(`  Version: ${context.version === undefined ? `not in the logs; ${lifetime}` : `${escapeControl(context.version.value)} (${from(context.version.from)}); ${lifetime}`}`);
		const notAfter = context.loopbackNotAfter;
		if (notAfter !== undefined) {
			const words = expiryWords(report);
			out.push(`  Loopback certificate ${words?.expired === true ? 'expired' : 'expires'}: ${isoTime(notAfter.at, style)} (${from(notAfter.from)})${words === undefined ? '' : `; ${words.text}`}`);
		}

		if (context.runMode !== 'unknown') out.push(`  Runs as: ${context.runMode === 'static-pod' ? 'a static pod' : 'a systemd unit'}; secure port ${context.securePort}`);
		const note = predictionNote(report);
		if (note !== undefined) out.push(`  Note: ${note}`);
	}

	for (const fact of report.liveFacts) out.push(`  Live: ${escapeControl(fact)}`);
	for (const note of context.notes) out.push(`  Note: ${escapeControl(note)}`);
	return out;
}

/** Words wrapped at `limit` columns; the first row starts with `first`, the others with `rest`. */
function wrap(text: string, limit: number, first: string, rest: string): string {
	const lines: string[] = [];
	let current = '';
	for (const word of text.split(' ')) {
		if (current.length + word.length + 1 > limit && current !== '') {
			lines.push(current);
			current = word;
		} else {
			current = current === '' ? word : `${current} ${word}`;
		}
	}

	if (current !== '' || lines.length === 0) lines.push(current);
	return lines.map((line, i) => `${i === 0 ? first : rest}${line}`).join('\n');
}
