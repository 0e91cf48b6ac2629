import {count, sourceName, verdictSentence} from '../report-words.js';
import {fitLine, segment, textWidth, truncateEnd, type ScreenLine, type Segment, type Tone} from './screen-line.js';
import {formatBytes, formatDuration, type Snapshot} from './snapshot.js';

const phaseWords = {reading: 'reading…', following: 'following', done: 'done'} as const;

function verdictTone(snapshot: Snapshot): Tone {
	switch (snapshot.report.verdict) {
		case 'incident':
			return 'critical';
		case 'warning':
			return 'warning';
		case 'healthy':
			return 'ok';
		case 'no-input':
			return 'muted';
		default:
			return snapshot.report.verdict satisfies never;
	}
}

/** A bar of `width` cells filled to `fraction`. */
export function progressBar(fraction: number, width: number): string {
	const cells = Math.max(1, width);
	const filled = Math.round(Math.min(1, Math.max(0, fraction)) * cells);
	return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

/** The two header rows: verdict and phase; what was read, how fast, and how far along. */
export function buildHeader(snapshot: Snapshot, width: number): ScreenLine[] {
	const {report, progress, phase, rate} = snapshot;
	const phaseText = phaseWords[phase];
	// Until a record is read there is no verdict to give, only what is being read (never a NO INPUT that is not one).
	const waiting = phase !== 'done' && report.totals.records === 0;
	const inputs = snapshot.inputs === undefined || snapshot.inputs.length === 0 ? 'the input' : snapshot.inputs.map(sourceName).join(', ');
	const sentence = waiting ? `reading ${inputs}…` : phase === 'done' || report.verdict === 'incident' ? verdictSentence(report) : `${verdictSentence(report)} (so far)`;
	const room = Math.max(10, width - 12 - textWidth(phaseText));
	const left: Segment[] = [segment('kubesleuth ', 'accent', {bold: true}), segment(truncateEnd(sentence, room), waiting ? 'accent' : verdictTone(snapshot), {bold: true})];
	const leftWidth = left.reduce((n, part) => n + textWidth(part.text), 0);
	const gap = Math.max(1, width - leftWidth - textWidth(phaseText));
	const title = fitLine([...left, segment(' '.repeat(gap)), segment(phaseText, phase === 'done' ? 'ok' : 'accent', {bold: true})], width);

	const facts = [count(progress.sources.length, 'source'), count(progress.lines, 'line'), count(progress.records, 'record')];
	if (rate !== undefined && phase !== 'done') facts.push(`${formatBytes(rate.bytesPerSecond)}/s`);
	const stats: Segment[] = [segment(facts.join(' · '))];
	const total = progress.totalSize;
	if (phase === 'reading' && total !== undefined && total > 0 && progress.bytes < total) {
		const fraction = progress.bytes / total;
		const left = rate !== undefined && rate.bytesPerSecond > 0 ? ` · ${formatDuration(((total - progress.bytes) / rate.bytesPerSecond) * 1000)} left` : '';
		const percent = ` ${Math.floor(fraction * 100)}%${left}`;
		const used = textWidth(stats[0]!.text) + 1 + textWidth(percent);
		const barWidth = Math.min(30, width - used);
		if (barWidth >= 5) stats.push(segment(' '), segment(progressBar(fraction, barWidth), 'accent'));
		stats.push(segment(percent));
	} else if (phase === 'done') {
		stats.push(segment(` · ${formatBytes(progress.bytes)} read in ${formatDuration(snapshot.elapsedMs)}`, 'muted'));
	} else if (rate !== undefined) {
		stats.push(segment(` · ${Math.round(rate.linesPerSecond).toLocaleString('en-US')} lines/s`, 'muted'));
	}

	return [title, fitLine(stats, width)];
}
