import {describe, expect, it} from 'vitest';
import {formatBytes} from '../../../src/render/ui/snapshot.js';

describe('formatBytes', () => {
	it('shows whole bytes, also for a rate of a fraction of a byte per second, and one decimal below 10 of a larger unit', () => {
		expect(formatBytes(146.27659574468086)).toBe('146 B');
		expect(formatBytes(0)).toBe('0 B');
		expect(formatBytes(2300)).toBe('2.3 kB');
		expect(formatBytes(34_500_000)).toBe('35 MB');
	});
});
