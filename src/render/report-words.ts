import type {EvidenceLine} from '../detect/evidence-line.js';
import {evidenceMessage} from '../detect/evidence-line.js';
import type {Finding} from '../diagnose/finding.js';
import type {Report, SourceReport} from '../diagnose/report.js';
import type {ApiserverContext} from '../correlate/build-context.js';
import {distributionOf} from '../detect/rules/distributions.js';
import {describeSpan} from './certificate-time.js';
import {daysBetweenText, localIsoTime} from './time-arithmetic.js';
import {groupDigits} from '../diagnose/group-digits.js';

/** How times are printed: UTC (`2026-11-27T10:38:45Z`, the default) or this machine's zone (`--local`). */
export type TimeStyle = 'utc' | 'local';

/** Shared wording of the text, Markdown and terminal views. */
export function isoTime(ms: number, style: TimeStyle = 'utc'): string {
	if (!Number.isFinite(ms)) return String(ms);
	return style === 'local' ? localIsoTime(ms) : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function confidenceBand(confidence: number): 'high' | 'medium' | 'low' {
	return confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : 'low';
}

/** With several nodes, the ones whose findings reach this severity, named. */
function nodesWith(report: Report, severity: 'critical' | 'warning'): string {
	if (report.nodes.length < 2) return '';
	const names = [...new Set(report.findings.filter((f) => f.severity === severity && f.node !== undefined).map((f) => f.node!))];
	return names.length === 0 ? '' : ` on ${names.join(', ')}`;
}

export function verdictSentence(report: Report): string {
	const critical = report.findings.filter((f) => f.severity === 'critical').length;
	const warning = report.findings.filter((f) => f.severity === 'warning').length;
	switch (report.verdict) {
		case 'incident':
			return `INCIDENT${nodesWith(report, 'critical')}: ${plural(critical, 'critical finding')}${warning > 0 ? `, ${plural(warning, 'warning')}` : ''}`;
		case 'warning':
			return `WARNING${nodesWith(report, 'warning')}: ${plural(warning, 'finding')} to act on`;
		case 'healthy':
			return report.findings.length > 0 ? 'HEALTHY: nothing at warning or above (informational findings below)' : 'HEALTHY: no known failure signature found';
		case 'no-input':
			return `NO INPUT: ${report.noInput ?? 'nothing could be read'}`;
		default:
			return report.verdict satisfies never;
	}
}

/** `1 line`, `6,094 lines`: one number format everywhere, and the plural when it is one. */
export function count(n: number, noun: string): string {
	return plural(n, noun);
}

function plural(n: number, noun: string): string {
	return `${groupDigits(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export function readSummary(report: Report, style: TimeStyle = 'utc'): string {
	const range = report.first === undefined || report.last === undefined ? '' : `, ${isoTime(report.first, style)} to ${isoTime(report.last, style)}`;
	return `read ${count(report.sources.length, 'source')}, ${count(report.totals.lines, 'line')}, ${count(report.totals.records, 'record')}${range}`;
}

export function sourceFormat(source: SourceReport): string {
	return source.envelope === 'none' ? source.payload : `${source.envelope}/${source.payload}`;
}

/** The moment predictions and uptimes count from: now for live logs, the last line for a copied bundle. */
export function referenceTime(report: Report): {readonly at: number; readonly words: 'now' | 'at the last line'} | undefined {
	if (report.predictionsFrom === 'now') return {at: report.generatedAt, words: 'now'};
	return report.last === undefined ? undefined : {at: report.last, words: 'at the last line'};
}

/** How long the apiserver has run, against the reference time; undefined when the logs say nothing that tells. */
export function uptimeText(report: Report): string | undefined {
	const start = report.context.start?.at;
	const reference = referenceTime(report);
	if (start === undefined || reference === undefined || reference.at < start) return undefined;
	return `${daysBetweenText(reference.at, start)} ${reference.words}`;
}

/** The loopback certificate's end against the reference time, in the right tense: `expired 21 hours before the last line`, `expires in 9 days`. */
export function expiryWords(report: Report): {readonly text: string; readonly expired: boolean} | undefined {
	const notAfter = report.context.loopbackNotAfter?.at;
	const reference = referenceTime(report);
	if (notAfter === undefined || reference === undefined) return undefined;
	const span = describeSpan(notAfter, reference.at);
	if (reference.words === 'now') return notAfter <= reference.at ? {text: `expired ${span} ago`, expired: true} : {text: `expires in ${span}`, expired: false};
	return notAfter <= reference.at ? {text: `expired ${span} before the last line`, expired: true} : {text: `expires ${span} after the last line`, expired: false};
}

/** Which moment the report's predictions count from, said once. */
export function predictionNote(report: Report): string | undefined {
	const reference = referenceTime(report);
	if (reference === undefined || report.context.loopbackNotAfter === undefined) return undefined;
	return reference.words === 'now'
		? 'times to come count from now: the logs are live'
		: 'times to come count from the last line: the logs were copied off a node and may be old (-f, or running on the node, counts from now)';
}

/** The apiserver facts worth a line: only those the logs (or the live node) tell, so a kubelet journal gets none. */
export function knowsApiserver(report: Report): boolean {
	const {context} = report;
	return context.start !== undefined || context.version !== undefined || context.loopbackNotAfter !== undefined || context.live?.process !== undefined;
}

/** Nodes whose apiserver needs a restart: those with an expired loopback certificate. */
export function nodesToRestart(report: Report): string[] {
	return [...new Set(report.findings.filter((f) => f.id === 'apiserver-loopback-cert-expired' && f.node !== undefined).map((f) => f.node!))];
}

/** `first seen …, last seen …, 102 lines`, leaving out what is not known. */
export function seenText(finding: Finding, style: TimeStyle = 'utc'): string {
	const parts: string[] = [];
	if (finding.firstSeen !== undefined) parts.push(`first seen ${isoTime(finding.firstSeen, style)}`);
	if (finding.lastSeen !== undefined && finding.lastSeen !== finding.firstSeen) parts.push(`last seen ${isoTime(finding.lastSeen, style)}`);
	parts.push(count(finding.count, 'line'));
	return parts.join(', ');
}

/** `12 of 157 matching lines`, or `3 lines` when the sample is all of them; the sample never counts more than there are. */
export function evidenceCounts(finding: Finding): string {
	const shown = finding.evidence.length;
	const total = Math.max(shown, finding.evidenceCount ?? finding.count);
	return shown === total ? count(shown, 'line') : `${groupDigits(shown)} of ${count(total, 'matching line')}`;
}

/**
 * A sentence of the correlate stage as the reports print it: spelled one way ("start-up", as the rest of the
 * reports do), with the sources it names by their short labels (the Sources section has the full names).
 */
export function spelled(text: string, labels?: ReadonlyMap<string, string>): string {
	// A value the logs do not give is said as such, not as "unknown" (the correlate stage's words for a lifetime taken by default).
	let out = text.replace(/\bstartup\b/g, 'start-up').replace(/\bversion unknown, assuming (\d+) days\b/g, 'no version in the logs, so $1 days');
	for (const [name, label] of labels ?? []) if (name !== label && name.length > 0) out = out.split(name).join(label);
	return out;
}

/** A source's name as shown: stdin is `stdin`, not `-`. */
export function sourceName(name: string): string {
	return name === '-' ? 'stdin' : name;
}

/**
 * Short labels for sources: the shortest tail of each path that tells it from the others (`0.log`, or
 * `kube-apiserver-cp-1…/0.log` style tails of several segments). The full names are in the Sources section.
 */
export function sourceLabels(names: readonly string[]): ReadonlyMap<string, string> {
	const unique = [...new Set(names)];
	const parts = new Map(unique.map((name) => [name, sourceName(name).split('/').filter((p) => p !== '')]));
	const labels = new Map<string, string>();
	for (const name of unique) {
		const mine = parts.get(name)!;
		let take = 1;
		while (take < mine.length && unique.some((other) => other !== name && tail(parts.get(other)!, take) === tail(mine, take))) take++;
		labels.set(name, take >= mine.length ? sourceName(name) : tail(mine, take));
	}

	return labels;
}

function tail(parts: readonly string[], n: number): string {
	return parts.slice(-n).join('/');
}

/** `kube-apiserver-cp-1` → `cp-1`: the node a static pod runs on. */
function nodeOfPod(pod: string | undefined): string | undefined {
	if (pod === undefined) return undefined;
	return /^kube-apiserver-(.+)$/.exec(pod)?.[1] ?? pod;
}

/** The columns of an evidence line: `time  severity  node  source:line  message` (message decoded, not yet escaped). */
export type EvidenceColumns = {readonly time: string; readonly severity: string; readonly node: string; readonly where: string; readonly message: string};

export function evidenceColumns(line: EvidenceLine, labels: ReadonlyMap<string, string>, style: TimeStyle = 'utc'): EvidenceColumns {
	return {
		time: line.time === undefined ? '' : `${isoTime(line.time, style)}${line.redated === undefined ? '' : ' (re-dated)'}`,
		severity: line.severity ?? '',
		node: line.host ?? nodeOfPod(line.pod) ?? '',
		where: `${labels.get(line.source) ?? sourceName(line.source)}:${line.line}`,
		message: evidenceMessage(line),
	};
}

/** The columns joined by two spaces, the empty ones left out; the severity padded so messages line up. */
export function evidenceRow(columns: EvidenceColumns): string {
	return [columns.time, columns.severity === '' ? '' : columns.severity.padEnd(7), columns.node, columns.where, columns.message].filter((c) => c !== '').join('  ');
}

/** `k3s (the journal identifier k3s in the logs); the apiserver runs inside …`, or why it is unknown. */
export function distributionText(context: ApiserverContext): string {
	const {id, reasons, candidates} = context.distribution;
	const why = reasons.length === 0 ? '' : ` (${reasons.slice(0, 4).join('; ')}${reasons.length > 4 ? `; ${reasons.length - 4} more` : ''})`;
	if (id !== undefined) return `${distributionOf(id).name}${why}; the apiserver runs ${distributionOf(id).apiserverRuns}`;
	if (candidates.length > 0) return `not decided: ${candidates.map((c) => distributionOf(c).name).join(' or ')}${why}; --distribution says which`;
	return `not known${why === '' ? ' (nothing in the logs or on the node says)' : why}; --distribution says which`;
}
