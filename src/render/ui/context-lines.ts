import type {Report} from '../../diagnose/report.js';
import {count, expiryWords, isoTime, knowsApiserver, referenceTime, sourceLabels, sourceName, spelled, uptimeText, type TimeStyle} from '../report-words.js';
import {fitLine, segment, truncateMiddle, type ScreenLine, type Tone} from './screen-line.js';

const labelWidth = 10;

function row(label: string, value: string, width: number, tone: Tone = 'plain'): ScreenLine {
	return fitLine([segment(label.padEnd(labelWidth), 'muted'), segment(value, tone)], width);
}

/**
 * The context panel: the node's own addresses and why, and what the logs tell about the apiserver (start, uptime,
 * version, distribution (left out when the panel is stacked below the findings, where every row is one finding
 * less), loopback expiry counted from now for live logs, from the last line for a bundle); then the sources.
 */
export function buildContextLines(report: Report, width: number, maxAddresses = 4, style: TimeStyle = 'utc', showDistribution = true): ScreenLine[] {
	const {context} = report;
	const lines: ScreenLine[] = [[segment('Context', 'accent', {bold: true})]];
	const own = report.selfIps.filter((a) => !a.from.every((from) => from === 'loopback'));
	if (own.length === 0) lines.push(row('Own IPs', 'none known besides loopback (--self-ip adds one)', width, 'muted'));
	for (const [i, address] of own.slice(0, maxAddresses).entries()) {
		lines.push(fitLine([segment((i === 0 ? 'Own IPs' : '').padEnd(labelWidth), 'muted'), segment(address.ip, 'plain', {bold: true}), segment(` ${address.from.join(', ')}`, 'muted')], width));
	}

	if (own.length > maxAddresses) lines.push(row('', `+${own.length - maxAddresses} more`, width, 'muted'));
	const room = width - labelWidth;
	const labels = sourceLabels(report.sources.map((s) => s.name));
	if (knowsApiserver(report)) {
		const start = context.start;
		if (start !== undefined) {
			lines.push(row('Started', isoTime(start.at, style), width));
			lines.push(row('', truncateMiddle(spelled(start.from, labels), room), width, 'muted'));
		}

		const uptime = uptimeText(report);
		if (uptime !== undefined) lines.push(row('Uptime', uptime, width));
		lines.push(row('Version', context.version === undefined ? `not in the logs (${context.lifetimeDays}-day loopback cert assumed)` : `${context.version.value} (${context.lifetimeDays}-day loopback cert)`, width));
		const distribution = context.distribution;
		if (showDistribution) lines.push(row('Distro', distribution.id === undefined ? (distribution.candidates.length > 0 ? `${distribution.candidates.join(' or ')}?` : 'not known') : distribution.name, width, distribution.id === undefined ? 'muted' : undefined));
		const notAfter = context.loopbackNotAfter;
		if (notAfter !== undefined) {
			const words = expiryWords(report);
			lines.push(row('Loopback', `${words?.expired === true ? 'expired' : 'expires'} ${isoTime(notAfter.at, style)}`, width));
			if (words !== undefined) lines.push(row('', words.text, width, words.expired ? 'critical' : 'ok'));
		}
	} else if (report.totals.records > 0) {
		lines.push(row('Apiserver', 'no start or version in these logs', width, 'muted'));
	}

	for (const fact of report.liveFacts) lines.push(row('Live', fact, width));
	if (referenceTime(report)?.words === 'now' && context.loopbackNotAfter !== undefined) lines.push(row('', 'counted from now: the logs are live', width, 'muted'));
	lines.push(row('Sources', report.sources.length === 0 ? 'none yet' : count(report.sources.length, 'source'), width));
	for (const source of report.sources.slice(0, 3)) {
		lines.push(row('', `${truncateMiddle(labels.get(source.name) ?? sourceName(source.name), Math.max(8, room - 16))} ${count(source.lines, 'line')}`, width, 'muted'));
	}

	if (report.sources.length > 3) lines.push(row('', `+${report.sources.length - 3} more`, width, 'muted'));
	return lines;
}
