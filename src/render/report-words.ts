import {formatDistanceStrict} from 'date-fns/formatDistanceStrict';
import type {Finding} from '../diagnose/finding.js';
import type {Report, SourceReport} from '../diagnose/report.js';
import type {ApiserverContext} from '../correlate/build-context.js';
import {distributionOf} from '../detect/rules/distributions.js';

/** Shared wording of the text, Markdown and terminal views. */
export function isoTime(ms: number | undefined): string {
	return ms === undefined ? 'unknown' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
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
			return `INCIDENT${nodesWith(report, 'critical')}: ${critical} critical finding${critical === 1 ? '' : 's'}${warning > 0 ? `, ${warning} warning${warning === 1 ? '' : 's'}` : ''}`;
		case 'warning':
			return `WARNING${nodesWith(report, 'warning')}: ${warning} finding${warning === 1 ? '' : 's'} to act on`;
		case 'healthy':
			return report.findings.length > 0 ? 'HEALTHY: nothing at warning or above (informational findings below)' : 'HEALTHY: no known failure signature found';
		case 'no-input':
			return 'NO INPUT: nothing could be read';
		default:
			return report.verdict satisfies never;
	}
}

export function count(n: number, noun: string): string {
	return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

export function readSummary(report: Report): string {
	const range = report.first === undefined ? '' : `, ${isoTime(report.first)} to ${isoTime(report.last)}`;
	return `read ${count(report.sources.length, 'source')}, ${count(report.totals.lines, 'line')}, ${count(report.totals.records, 'record')}${range}`;
}

export function sourceFormat(source: SourceReport): string {
	return source.envelope === 'none' ? source.payload : `${source.envelope}/${source.payload}`;
}

export function uptimeText(report: Report): string | undefined {
	const start = report.context.start?.at;
	if (start === undefined) return undefined;
	const reference = report.last ?? report.generatedAt;
	return formatDistanceStrict(reference, start, {unit: 'day', roundingMethod: 'floor'});
}

/** Nodes whose apiserver needs a restart: those with an expired loopback certificate. */
export function nodesToRestart(report: Report): string[] {
	return [...new Set(report.findings.filter((f) => f.id === 'apiserver-loopback-cert-expired' && f.node !== undefined).map((f) => f.node!))];
}

export function seenText(finding: Finding): string {
	return `first seen ${isoTime(finding.firstSeen)}, last seen ${isoTime(finding.lastSeen)}, ${count(finding.count, 'line')}`;
}

/** `k3s (the journal identifier k3s in the logs); the apiserver runs inside …`, or why it is unknown. */
export function distributionText(context: ApiserverContext): string {
	const {id, reasons, candidates} = context.distribution;
	const why = reasons.length === 0 ? '' : ` (${reasons.slice(0, 4).join('; ')}${reasons.length > 4 ? `; ${reasons.length - 4} more` : ''})`;
	if (id !== undefined) return `${distributionOf(id).name}${why}; the apiserver runs ${distributionOf(id).apiserverRuns}`;
	if (candidates.length > 0) return `unknown: ${candidates.map((c) => distributionOf(c).name).join(' or ')}${why}; --distribution says which`;
	return `unknown${why === '' ? ' (nothing in the logs or on the node says)' : why}; --distribution says which`;
}
