/** Time and timers, replaceable in tests. */
export type PacerClock = {
	now(): number;
	setTimer(callback: () => void, ms: number): unknown;
	clearTimer(timer: unknown): void;
};

export type PacerOptions = {
	/** The share of the time drawing may take on average: at 1/20 the reading keeps 95% of its speed at worst. */
	readonly share?: number;
	/** Drawing time (ms) saved up while little is drawn, so that the frames after a quiet spell come at once. */
	readonly burstMs?: number;
	/** While the reading goes on, what is read within this long is drawn in one frame. */
	readonly busyGapMs?: number;
	readonly clock?: PacerClock;
};

export type RedrawPacer = {
	/**
	 * Something new is there to draw. Urgent (the source went quiet, the phase changed): drawn at once, or as soon
	 * as the budget allows. Otherwise (more was read, and more is likely coming): drawn within `busyGapMs`, together
	 * with whatever else comes meanwhile.
	 */
	request(urgent: boolean): void;
	/**
	 * A frame nothing waits for (the read rate in the header, once a second), drawn by `draw`: now, when the budget
	 * has plenty to spare, so that it never makes a frame with news wait; else not at all. True when it was drawn.
	 */
	spare(draw: () => void): boolean;
	/** What a frame cost (ms), once it is known: React and Ink draw after `draw` returns. */
	spent(ms: number): void;
	/** No more frames; a waiting one is dropped. */
	stop(): void;
};

const realClock: PacerClock = {
	now: () => performance.now(),
	setTimer: (callback, ms) => setTimeout(callback, ms),
	clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/**
 * Decides when the live view draws: a leading-edge throttle with a budget. `draw` draws a frame, and `spent` is told
 * what it cost. Drawing may take `share` of the time on average; cost saved up while little was drawn (at most
 * `burstMs`) lets the first frame after a quiet spell come at once, so that a line appended to a followed log is
 * on screen without waiting for a timer. Requests while a frame waits join it: a burst of 100k lines is a few
 * frames, spaced so that drawing takes at most its share once the savings are spent.
 */
export function createRedrawPacer(draw: () => void, options: PacerOptions = {}): RedrawPacer {
	const share = options.share ?? 1 / 20;
	const burstMs = options.burstMs ?? 150;
	const busyGapMs = options.busyGapMs ?? 100;
	const clock = options.clock ?? realClock;
	let credit = burstMs;
	let refilledAt = clock.now();
	let timer: unknown;
	let due = Number.POSITIVE_INFINITY;
	let stopped = false;

	const refill = (): number => {
		const now = clock.now();
		credit = Math.min(burstMs, credit + (now - refilledAt) * share);
		refilledAt = now;
		return now;
	};

	const run = (): void => {
		timer = undefined;
		due = Number.POSITIVE_INFINITY;
		if (!stopped) draw();
	};

	const schedule = (at: number, now: number): void => {
		if (at >= due) return;
		if (timer !== undefined) clock.clearTimer(timer);
		due = at;
		// Even "at once" goes through a timer: what the same turn of the event loop brings joins the frame.
		timer = clock.setTimer(run, Math.max(0, at - now));
	};

	return {
		request(urgent) {
			if (stopped) return;
			const now = refill();
			// In debt after drawing more than the share: drawn when the share has paid it back.
			const affordable = credit >= 0 ? now : now + -credit / share;
			schedule(urgent ? affordable : Math.max(affordable, now + busyGapMs), now);
		},
		spare(frame) {
			if (stopped || timer !== undefined) return false;
			refill();
			if (credit < burstMs / 2) return false;
			frame();
			return true;
		},
		spent(ms) {
			refill();
			credit -= Math.max(0, ms);
		},
		stop() {
			stopped = true;
			if (timer !== undefined) clock.clearTimer(timer);
			timer = undefined;
			due = Number.POSITIVE_INFINITY;
		},
	};
}
