import {describe, expect, it} from 'vitest';
import {createRedrawPacer, type PacerClock} from '../../../src/render/ui/redraw-pacer.js';

/** A clock that moves only when told to, running the timers that fall due on the way. */
function manualClock(): {clock: PacerClock; advance(ms: number): void; waiting(): number} {
	let now = 0;
	let nextId = 0;
	const timers = new Map<number, {at: number; callback: () => void}>();
	const advance = (ms: number): void => {
		const until = now + ms;
		for (;;) {
			const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
			if (due === undefined) break;
			timers.delete(due[0]);
			now = Math.max(now, due[1].at);
			due[1].callback();
		}

		now = until;
	};

	return {
		clock: {
			now: () => now,
			setTimer: (callback, ms) => {
				timers.set(++nextId, {at: now + ms, callback});
				return nextId;
			},
			clearTimer: (timer) => timers.delete(timer as number),
		},
		advance,
		waiting: () => timers.size,
	};
}

/** A pacer whose frames each cost `costMs`, and the times they were drawn at. */
function pacerDrawing(costMs: number, options: {share?: number; burstMs?: number; busyGapMs?: number} = {}) {
	const time = manualClock();
	const drawn: number[] = [];
	const pacer = createRedrawPacer(
		() => {
			drawn.push(time.clock.now());
			// The cost is known once React has drawn the frame.
			pacer.spent(costMs);
		},
		{...options, clock: time.clock},
	);
	return {pacer, drawn, time};
}

describe('createRedrawPacer', () => {
	it('draws at once what comes after a quiet spell, and what the same turn brings joins that frame', () => {
		const {pacer, drawn, time} = pacerDrawing(10);
		time.advance(5000);
		for (let i = 0; i < 50; i++) pacer.request(true);
		expect(drawn).toEqual([]);
		time.advance(0);
		expect(drawn).toEqual([5000]);
		expect(time.waiting()).toBe(0);
	});

	it('draws what is read while the reading goes on within the busy gap, or at once when the source goes quiet', () => {
		const {pacer, drawn, time} = pacerDrawing(10, {busyGapMs: 100});
		pacer.request(false);
		time.advance(99);
		expect(drawn).toEqual([]);
		time.advance(1);
		expect(drawn).toEqual([100]);
		// A line read, then the quiet after it: one frame, at the quiet.
		time.advance(2000);
		pacer.request(false);
		time.advance(30);
		pacer.request(true);
		time.advance(0);
		expect(drawn).toEqual([100, 2130]);
		time.advance(1000);
		expect(drawn).toEqual([100, 2130]);
	});

	it('draws a burst of 100k lines as a few frames, in the share of the time once the savings are spent', () => {
		const {pacer, drawn, time} = pacerDrawing(20, {share: 1 / 20, burstMs: 150, busyGapMs: 100});
		// 100k chunks taken in over 10 s, each one a request.
		for (let i = 0; i < 100_000; i++) {
			pacer.request(false);
			time.advance(0.1);
		}

		pacer.request(true);
		time.advance(0);
		// The savings (150 ms) and a twentieth of 10 s, at 20 ms a frame.
		expect(drawn.length).toBeLessThanOrEqual(Math.ceil((150 + 10_000 / 20) / 20) + 1);
		expect(drawn.length).toBeGreaterThan(10);
		for (let i = 1; i < drawn.length; i++) expect(drawn[i]! - drawn[i - 1]!).toBeGreaterThanOrEqual(20);
	});

	it('makes even an urgent frame wait while drawing is in debt, until the share has paid it back', () => {
		const {pacer, drawn, time} = pacerDrawing(0, {share: 1 / 20, burstMs: 150});
		pacer.spent(200);
		pacer.request(true);
		time.advance(999);
		expect(drawn).toEqual([]);
		time.advance(1);
		expect(drawn).toEqual([1000]);
	});

	it('draws a spare frame only with plenty of budget left and no frame waiting, and nothing after stop', () => {
		const {pacer, drawn, time} = pacerDrawing(0, {burstMs: 150});
		let spares = 0;
		const spare = (): void => {
			spares++;
		};

		expect(pacer.spare(spare)).toBe(true);
		pacer.spent(100);
		expect(pacer.spare(spare)).toBe(false);
		time.advance(1000);
		expect(pacer.spare(spare)).toBe(true);
		pacer.request(false);
		expect(pacer.spare(spare)).toBe(false);
		expect(spares).toBe(2);
		pacer.stop();
		time.advance(1000);
		pacer.request(true);
		time.advance(1000);
		expect(drawn).toEqual([]);
		expect(time.waiting()).toBe(0);
	});
});
