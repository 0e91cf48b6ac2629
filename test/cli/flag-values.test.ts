import {describe, expect, it} from 'vitest';
import {parseTimeOption, parseYearOption} from '../../src/cli/time-option.js';
import {runCliInProcess} from '../helpers/run-cli-in-process.js';

const demo = 'fixtures/demo';
const fixed = ['--no-live', '--now', '2026-11-28T12:00:00Z', '--format', 'json'];

/** A usage error: exit 2, nothing on stdout, one sentence on stderr. */
async function expectUsageError(args: readonly string[], words: string): Promise<void> {
	const result = await runCliInProcess(args);
	expect(result.code).toBe(2);
	expect(result.stdout).toBe('');
	expect(result.stderr).toContain(words);
	expect(result.stderr.trim().split('\n')).toHaveLength(1);
}

describe('--year', () => {
	it.each(['0', '25', '99', '1969', '10000', '275760', '20x6', '-2026'])('refuses %s with one sentence', async (year) => {
		await expectUsageError([...fixed, '--year', year, demo], `--year takes a four-digit year from 1970 to 9999, not "${year}"`);
	});

	it('refuses a bad year for records too', async () => {
		await expectUsageError(['records', '--year', '25', demo], '--year takes a four-digit year');
	});

	it('takes 1970 to 9999', async () => {
		expect(parseYearOption('1970')).toBe(1970);
		expect(parseYearOption('9999')).toBe(9999);
		const result = await runCliInProcess([...fixed, '--year', '2026', demo]);
		expect(result.code).toBe(1);
	});
});

describe('--max-line-length', () => {
	it.each(['0', '1', '255', '1023', '16777217', '99999999999', '1e6', 'abc'])('refuses %s', async (n) => {
		await expectUsageError([...fixed, '--max-line-length', n, demo], `--max-line-length takes a number of bytes from 1024 to 16777216 (16 MiB), not "${n}"`);
	});

	it('takes a length within the bounds, and the demo incident is still found', async () => {
		for (const n of ['1024', '65536', '16777216']) {
			const result = await runCliInProcess([...fixed, '--max-line-length', n, demo]);
			expect(result.code).toBe(1);
		}
	});
});

describe('--self-ip', () => {
	it.each(['abc', '10.0.0', '10.0.0.256', '1.2.3.4.5', '::g', '$(touch pwned)', '10.0.0.1:6443', ''])('refuses %j', async (ip) => {
		await expectUsageError([...fixed, '--self-ip', ip, demo], `--self-ip takes an IPv4 or IPv6 address, not "${ip}"`);
	});

	it('takes IPv4 and IPv6 addresses', async () => {
		const result = await runCliInProcess([...fixed, '--self-ip', '10.13.96.11', '--self-ip', 'fd00::1', demo]);
		expect(result.code).toBe(1);
		const report = JSON.parse(result.stdout) as {context: {selfIps: {ip: string}[]}};
		expect(report.context.selfIps.map((a) => a.ip)).toEqual(expect.arrayContaining(['10.13.96.11', 'fd00::1']));
	});
});

describe('time flags and --utc', () => {
	const now = Date.parse('2026-11-28T12:00:00Z');

	it('reads a zone-less time as UTC with utc, in the given zone otherwise', () => {
		expect(parseTimeOption('2026-11-27T10:00:00', now, '--since', 'utc')).toBe(Date.parse('2026-11-27T10:00:00Z'));
		expect(parseTimeOption('2026-11-27', now, '--since', 'utc')).toBe(Date.parse('2026-11-27T00:00:00Z'));
		expect(parseTimeOption('2026-11-27 10:00', now, '--since', 'utc')).toBe(Date.parse('2026-11-27T10:00:00Z'));
		// A zone in the text wins over --utc.
		expect(parseTimeOption('2026-11-27T10:00:00+02:00', now, '--since', 'utc')).toBe(Date.parse('2026-11-27T08:00:00Z'));
		expect(parseTimeOption('2026-11-27T10:00:00-0500', now, '--since', 'utc')).toBe(Date.parse('2026-11-27T15:00:00Z'));
		expect(parseTimeOption('2h', now, '--since', 'utc')).toBe(now - 2 * 3_600_000);
		const local = parseTimeOption('2026-11-27T10:00:00', now, '--since', 'local');
		expect(local).toBe(new Date(2026, 10, 27, 10, 0, 0).getTime());
	});

	it('refuses times outside the years 1970 to 9999 instead of throwing', () => {
		expect(parseTimeOption('+275760-09-13T00:00:00Z', now, '--now')).toMatch(/^--now takes /);
		expect(parseTimeOption('1969-12-31T23:59:59Z', now, '--now')).toBe('--now takes a time between the years 1970 and 9999, not "1969-12-31T23:59:59Z".');
		expect(parseTimeOption('999999999d', now, '--since')).toMatch(/^--since takes a time between/);
		expect(parseTimeOption('yesterday', now, '--until')).toMatch(/^--until takes an ISO 8601 time/);
	});

	it('applies --utc to --since, --until, --started-at and --now on the command line', async () => {
		// The demo's apiserver started 2025-11-27T11:38:14Z; read in a zone far from UTC, the zone-less flags would move it.
		const env = process.env['TZ'];
		process.env['TZ'] = 'America/New_York';
		try {
			const result = await runCliInProcess(['--no-live', '--utc', '--format', 'json', '--now', '2026-11-28T12:00:00', '--started-at', '2025-11-27T11:38:14', '--since', '2026-11-27T10:00:00', '--until', '2026-11-28T12:00:00', demo]);
			expect(result.code).toBe(1);
			const report = JSON.parse(result.stdout) as {context: {apiserver: {startedAt: string}}; findings: {id: string; firstSeen: string}[]};
			expect(report.context.apiserver.startedAt).toBe('2025-11-27T11:38:14Z');
			expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		} finally {
			if (env === undefined) delete process.env['TZ'];
			else process.env['TZ'] = env;
		}
	});

	it('refuses an out-of-range --now with one sentence', async () => {
		await expectUsageError(['--no-live', '--now', '+275760-01-01T00:00:00Z', demo], '--now takes');
	});
});
