import {differenceInHours} from 'date-fns/differenceInHours';
import {differenceInMinutes} from 'date-fns/differenceInMinutes';
import {differenceInSeconds} from 'date-fns/differenceInSeconds';
import {format} from 'date-fns/format';
import {formatDistanceStrict} from 'date-fns/formatDistanceStrict';
import fc from 'fast-check';
import process from 'node:process';
import {afterEach, describe, expect, it} from 'vitest';
import {daysBetweenText, localIsoTime, unitsBetween} from '../../src/render/time-arithmetic.js';

// The reports once called date-fns for these; the replacements must print the same in every zone, summer
// time and half-hour offsets included. Node reads a changed TZ at once.
const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns'];
const zoneOfTests = process.env['TZ'];
afterEach(() => {
	process.env['TZ'] = zoneOfTests;
});

// 1970 to 2100, and moments a few hours apart around them, to land on both sides of summer-time changes.
const moment = fc.integer({min: 0, max: 4_102_444_800_000});
const span = fc.oneof(fc.integer({min: -3 * 86_400_000, max: 3 * 86_400_000}), fc.integer({min: -800 * 86_400_000, max: 800 * 86_400_000}));

describe('the date-fns replacements', () => {
	it.each(zones)('print local times as format(ms, "yyyy-MM-dd\'T\'HH:mm:ssXXX") does, in %s', (zone) => {
		process.env['TZ'] = zone;
		fc.assert(fc.property(moment, (ms) => localIsoTime(ms) === format(ms, "yyyy-MM-dd'T'HH:mm:ssXXX")), {numRuns: 2000});
	});

	it.each(zones)('count days as formatDistanceStrict with unit day, floored, does, in %s', (zone) => {
		process.env['TZ'] = zone;
		fc.assert(
			fc.property(moment, span, (at, delta) => daysBetweenText(at + delta, at) === formatDistanceStrict(at + delta, at, {unit: 'day', roundingMethod: 'floor'})),
			{numRuns: 2000},
		);
	});

	it('count hours, minutes and seconds as differenceInHours, differenceInMinutes and differenceInSeconds do', () => {
		fc.assert(
			fc.property(moment, span, (at, delta) => {
				const later = at + delta;
				return (
					Object.is(unitsBetween(later, at, 3_600_000), differenceInHours(later, at)) &&
					Object.is(unitsBetween(later, at, 3_600_000, 'floor'), differenceInHours(later, at, {roundingMethod: 'floor'})) &&
					Object.is(unitsBetween(later, at, 60_000), differenceInMinutes(later, at)) &&
					Object.is(unitsBetween(later, at, 1000), differenceInSeconds(later, at))
				);
			}),
			{numRuns: 5000},
		);
	});

	it('agree on the edges: the same moment, a moment apart, and a time that is not one', () => {
		process.env['TZ'] = 'Europe/Berlin';
		// The night clocks went back: 25 hours make one calendar day, and 24 hours not quite one.
		const before = Date.parse('2026-10-24T12:00:00Z');
		expect(daysBetweenText(before + (25 * 3_600_000), before)).toBe('1 day');
		expect(daysBetweenText(before + (24 * 3_600_000), before)).toBe('0 days');
		for (const hours of [24, 25]) {
			expect(daysBetweenText(before + (hours * 3_600_000), before)).toBe(formatDistanceStrict(before + (hours * 3_600_000), before, {unit: 'day', roundingMethod: 'floor'}));
		}

		const summer = Date.parse('2026-06-01T12:00:00Z');
		expect(daysBetweenText(summer, summer)).toBe('0 days');
		expect(daysBetweenText(summer + 86_400_000, summer)).toBe('1 day');
		expect(daysBetweenText(summer, summer + (3 * 86_400_000))).toBe('3 days');
		expect(Object.is(unitsBetween(1, 0, 1000), 0)).toBe(true);
		expect(Object.is(unitsBetween(0, 1, 1000), 0)).toBe(true);
		expect(() => localIsoTime(Number.NaN)).toThrow(RangeError);
		expect(() => daysBetweenText(Number.NaN, 0)).toThrow(RangeError);
	});
});
