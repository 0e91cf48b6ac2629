import {useEffect, useRef, useState} from 'react';
import type {Report} from '../../diagnose/report.js';
import type {Progress} from '../../pipeline/diagnosis-session.js';
import type {FeedPhase, ReadRate, Snapshot} from './snapshot.js';

/** What the live view polls: the session, and how far the feeding has got. */
export type SnapshotSource = {
	progress(): Progress;
	report(): Report;
	/** True when every file has been read to its current end (follow mode goes on after that). */
	caughtUp(): boolean;
	/** When reading ended (all inputs closed, or stopped), undefined while it goes on. */
	finishedAt(): number | undefined;
	readonly follow: boolean;
	readonly startedAt: number;
	/** What is being read, named for the first frame. */
	readonly inputs?: readonly string[] | undefined;
};

type Sample = {readonly at: number; readonly bytes: number; readonly lines: number};

const rateWindowMs = 3000;

function phaseOf(source: SnapshotSource): FeedPhase {
	if (source.finishedAt() !== undefined) return 'done';
	return source.follow && source.caughtUp() ? 'following' : 'reading';
}

function rateOf(samples: readonly Sample[]): ReadRate | undefined {
	const first = samples[0];
	const last = samples.at(-1);
	if (first === undefined || last === undefined || last.at - first.at < 200) return undefined;
	const seconds = (last.at - first.at) / 1000;
	return {bytesPerSecond: (last.bytes - first.bytes) / seconds, linesPerSecond: (last.lines - first.lines) / seconds};
}

function progressKey(progress: Progress): string {
	return `${progress.bytes}|${progress.lines}|${progress.records}|${progress.sources.length}|${progress.sources.filter((s) => s.done).length}`;
}

/**
 * Polls the session at most every `intervalMs` (never per record), so drawing never slows reading. The report is
 * rebuilt only when something was read; when building it and drawing the last frame (`drawCost`, ms) get slow,
 * polling backs off so that they take at most a twentieth of the time. Once reading is done and drawn, polling stops.
 */
export function useSessionSnapshot(source: SnapshotSource, intervalMs = 100, drawCost: () => number = () => 0, now: () => number = Date.now): Snapshot {
	const samples = useRef<Sample[]>([]);
	const take = (report: Report | undefined, progress: Progress): Snapshot => {
		const at = now();
		const list = samples.current;
		list.push({at, bytes: progress.bytes, lines: progress.lines});
		while (list.length > 2 && list[0]!.at < at - rateWindowMs) list.shift();
		const finishedAt = source.finishedAt();
		return {report: report ?? source.report(), progress, phase: phaseOf(source), rate: rateOf(list), elapsedMs: (finishedAt ?? at) - source.startedAt, inputs: source.inputs};
	};

	const [snapshot, setSnapshot] = useState<Snapshot>(() => take(undefined, source.progress()));
	const latest = useRef(snapshot);
	latest.current = snapshot;

	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		let stopped = false;
		let lastKey = progressKey(latest.current.progress);
		let lastPhase = latest.current.phase;
		let lastDrawn = now();
		const tick = (): void => {
			if (stopped) return;
			const started = performance.now();
			const progress = source.progress();
			const key = progressKey(progress);
			const phase = phaseOf(source);
			let cost = 0;
			if (key !== lastKey || phase !== lastPhase) {
				lastKey = key;
				lastPhase = phase;
				const next = take(undefined, progress);
				setSnapshot(next);
				// In Ink's synchronous mode this includes React's render of the new snapshot.
				cost = performance.now() - started;
				lastDrawn = now();
			} else if (phase !== 'done' && now() - lastDrawn >= 1000) {
				// Nothing new was read: only the rate changes, and the report stays as it is.
				lastDrawn = now();
				setSnapshot(take(latest.current.report, progress));
			}

			if (phase === 'done') return;
			timer = setTimeout(tick, Math.max(intervalMs, (cost + drawCost()) * 20));
		};

		timer = setTimeout(tick, intervalMs);
		return () => {
			stopped = true;
			if (timer !== undefined) clearTimeout(timer);
		};
	}, [source, intervalMs, drawCost, now]);

	return snapshot;
}
