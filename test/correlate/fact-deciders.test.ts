import {describe, expect, it} from 'vitest';
import {factDeciders} from '../../src/correlate/facts.js';
import {factNames} from '../../src/detect/fact-names.js';

describe('the facts rules can name', () => {
	it('are exactly the ones the correlate stage decides (and the liveness-probe notes)', () => {
		const decided = factDeciders.map((d) => d.name);
		const fromProbe = ['liveness-probe-misses-loopback-check', 'liveness-probe-on-healthz'];
		expect(new Set(decided).size).toBe(decided.length);
		expect([...factNames.keys()].sort()).toEqual([...decided, ...fromProbe].sort());
	});
});
