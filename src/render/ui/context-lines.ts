import type {Report} from '../../diagnose/report.js';
import {describeSpan} from '../certificate-time.js';
import {count, isoTime, uptimeText} from '../report-words.js';
import {fitLine, segment, truncateMiddle, type ScreenLine, type Tone} from './screen-line.js';

const labelWidth = 10;

function row(label: string, value: string, width: number, tone: Tone = 'plain'): ScreenLine {
	return fitLine([segment(label.padEnd(labelWidth), 'muted'), segment(value, tone)], width);
}

/** The loopback certificate's end relative to the end of the logs: `expired 21 hours before the last line`. */
function expiryNote(report: Report): {text: string; tone: Tone} | undefined {
	const notAfter = report.context.loopbackNotAfter?.at;
	if (notAfter === undefined) return undefined;
	const reference = report.last ?? report.generatedAt;
	return notAfter <= reference
		? {text: `expired ${describeSpan(notAfter, reference)} before the last line`, tone: 'critical'}
		: {text: `${describeSpan(reference, notAfter)} after the last line`, tone: 'ok'};
}

/**
 * The context panel: the node's own addresses and why, the apiserver's start, uptime, version, distribution
 * (left out when the panel is stacked below the findings, where every row is one finding less), loopback expiry, sources.
 */
export function buildContextLines(report: Report, width: number, maxAddresses = 4, showDistribution = true): ScreenLine[] {
	const {context} = report;
	const lines: ScreenLine[] = [[segment('Context', 'accent', {bold: true})]];
	if (report.selfIps.length === 0) lines.push(row('Own IPs', 'none known (--self-ip adds one)', width, 'muted'));
	for (const [i, address] of report.selfIps.slice(0, maxAddresses).entries()) {
		lines.push(fitLine([segment((i === 0 ? 'Own IPs' : '').padEnd(labelWidth), 'muted'), segment(address.ip, 'plain', {bold: true}), segment(` ${address.from.join(', ')}`, 'muted')], width));
	}

	if (report.selfIps.length > maxAddresses) lines.push(row('', `+${report.selfIps.length - maxAddresses} more`, width, 'muted'));
	const room = width - labelWidth;
	const start = context.start;
	lines.push(row('Started', start === undefined ? 'unknown' : isoTime(start.at), width));
	if (start !== undefined) lines.push(row('', truncateMiddle(start.from, room), width, 'muted'));
	const uptime = uptimeText(report);
	lines.push(row('Uptime', uptime === undefined ? 'unknown' : `${uptime} at the last line`, width));
	lines.push(row('Version', context.version === undefined ? `unknown (lifetime ${context.lifetimeDays} days, ${context.lifetimeFrom})` : `${context.version.value} (${context.lifetimeDays}-day loopback cert)`, width));
	const distribution = context.distribution;
	if (showDistribution) lines.push(row('Distro', distribution.id === undefined ? (distribution.candidates.length > 0 ? `unknown: ${distribution.candidates.join(' or ')}` : 'unknown') : distribution.name, width, distribution.id === undefined ? 'muted' : 'plain'));
	const notAfter = context.loopbackNotAfter;
	lines.push(row('Loopback', notAfter === undefined ? 'expiry unknown' : `expires ${isoTime(notAfter.at)}`, width));
	const note = expiryNote(report);
	if (note !== undefined) lines.push(row('', note.text, width, note.tone));
	for (const fact of report.liveFacts) lines.push(row('Live', fact, width));
	lines.push(row('Sources', report.sources.length === 0 ? 'none yet' : count(report.sources.length, 'source'), width));
	for (const source of report.sources.slice(0, 3)) {
		lines.push(row('', `${truncateMiddle(source.name, Math.max(8, room - 16))} ${count(source.lines, 'line')}`, width, 'muted'));
	}

	if (report.sources.length > 3) lines.push(row('', `+${report.sources.length - 3} more`, width, 'muted'));
	return lines;
}
