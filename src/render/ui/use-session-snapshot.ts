import process from 'node:process';
import {useEffect, useRef, useState} from 'react';
import type {Report} from '../../diagnose/report.js';
import type {Progress} from '../../pipeline/diagnosis-session.js';
import {createRedrawPacer} from './redraw-pacer.js';
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
	/**
	 * Calls the listener when the session took in something read (`urgent` false: more is likely coming), and when
	 * the reading went quiet or changed phase (`urgent` true); returns how to stop. Without it the view polls.
	 */
	readonly subscribe?: ((listener: (urgent: boolean) => void) => () => void) | undefined;
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
 * The session as the view draws it. Drawing is paced (see createRedrawPacer): a source that gives `subscribe` says
 * when something was read, and the view draws at once when the reading goes quiet (a line appended to a followed
 * log) and at most every `intervalMs` while it goes on, with drawing (building the report, React and Ink) taking
 * at most a twentieth of the processor time once the savings of a quiet spell are spent. A source without
 * `subscribe` is looked at every `intervalMs`. The report is rebuilt only when something was read; while the read
 * rate shown can still change it is refreshed once a second, when that costs nothing a frame with news would need.
 * Once reading is done and drawn, looking stops.
 */
export function useSessionSnapshot(source: SnapshotSource, intervalMs = 100, now: () => number = Date.now): Snapshot {
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
	// A frame being drawn: the processor time since it began, once React has drawn it, is what it cost.
	const frame = useRef<{readonly cpu: NodeJS.CpuUsage; readonly spent: (ms: number) => void} | undefined>(undefined);
	useEffect(() => {
		const open = frame.current;
		if (open === undefined) return;
		frame.current = undefined;
		const used = process.cpuUsage(open.cpu);
		open.spent((used.user + used.system) / 1000);
	});

	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		let stopped = false;
		let drawnKey = progressKey(latest.current.progress);
		let drawnPhase = latest.current.phase;
		let drawnAt = now();
		const drawing = (report: Report | undefined) => (): void => {
			const progress = source.progress();
			drawnKey = progressKey(progress);
			drawnPhase = phaseOf(source);
			drawnAt = now();
			frame.current ??= {cpu: process.cpuUsage(), spent: (ms) => pacer.spent(ms)};
			setSnapshot(take(report, progress));
		};

		const pacer = createRedrawPacer(drawing(undefined), {busyGapMs: intervalMs});
		const unsubscribe = source.subscribe?.((urgent) => pacer.request(urgent));
		// Told of every change, the poll is only a backstop (and the rate's clock).
		const pollMs = source.subscribe === undefined ? intervalMs : 1000;
		const look = (): void => {
			if (stopped) return;
			const phase = phaseOf(source);
			if (phase !== drawnPhase) {
				pacer.request(true);
			} else if (progressKey(source.progress()) !== drawnKey) {
				pacer.request(false);
			} else if (phase === 'done') {
				return;
			} else if (now() - drawnAt >= 1000 && rateMayChange(latest.current.rate)) {
				// Nothing new was read: only the rate changes, and the report stays as it is.
				pacer.spare(drawing(latest.current.report));
			}

			timer = setTimeout(look, pollMs);
		};

		timer = setTimeout(look, pollMs);
		return () => {
			stopped = true;
			pacer.stop();
			unsubscribe?.();
			if (timer !== undefined) clearTimeout(timer);
		};
	}, [source, intervalMs, now]);

	return snapshot;
}

/** Whether the rate shown can still change while nothing is read: it falls to 0 over the rate window. */
function rateMayChange(rate: ReadRate | undefined): boolean {
	return rate === undefined || rate.bytesPerSecond !== 0;
}
