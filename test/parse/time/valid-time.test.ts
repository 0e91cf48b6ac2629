import {describe, expect, test} from 'vitest';
import {latestValidTime, validTime} from '../../../src/parse/time/valid-time.js';
import {parseLines} from '../parse-fixture.js';

describe('validTime', () => {
	test.each([
		[0, 0],
		[Date.UTC(2026, 4, 10), Date.UTC(2026, 4, 10)],
		[latestValidTime, latestValidTime],
		[latestValidTime + 1, Number.NaN],
		[-1, Number.NaN],
		[1e300, Number.NaN],
		[Number.POSITIVE_INFINITY, Number.NaN],
		[Number.NaN, Number.NaN],
	])('%d -> %d', (input, expected) => {
		expect(validTime(input)).toBe(expected);
	});

	test('the last valid time prints as a four-digit year', () => {
		expect(new Date(latestValidTime).toISOString()).toBe('9999-12-31T23:59:59.999Z');
	});
});

// One odd timestamp per format: the record stays, without a time, and the source counts it.
describe('hostile times become no time and are counted', () => {
	test.each([
		['Kubernetes JSON ts 1e300', '{"ts":1e300,"caller":"a.go:1","msg":"x"}'],
		['Kubernetes JSON ts negative', '{"ts":-5000,"msg":"x"}'],
		['zap float ts far in the future', '{"level":"warn","ts":1e300,"msg":"x"}'],
		['zap ts of year 99999', '{"level":"warn","ts":"99999-01-01T00:00:00.000Z","caller":"a.go:1","msg":"x"}'],
		['Kubernetes JSON ts string that is no time', '{"ts":"soon","msg":"x"}'],
		['logrus text time of year 99999', 'time="99999-01-01T00:00:00Z" level=error msg="x"'],
		['journald JSON realtime past year 275760', '{"__REALTIME_TIMESTAMP":"99999999999999999999","MESSAGE":"x"}'],
		['journald JSON source time past year 9999', '{"_SOURCE_REALTIME_TIMESTAMP":"300000000000000000","MESSAGE":"x"}'],
		['docker json-file time in year 0', '{"log":"x\\n","stream":"stderr","time":"0000-01-01T00:00:00Z"}'],
		['CRI stamp before 1970', '0001-01-01T00:00:00Z stderr F x'],
		['kubectl --timestamps before 1970', '1969-12-31T23:59:59.000000000Z I0510 17:43:56.000000       1 a.go:1] x'],
		['logrus text before 1970', 'time="1969-12-31T23:59:59Z" level=error msg="x"'],
		['logrus JSON before 1970', '{"level":"error","msg":"x","time":"1900-01-01T00:00:00Z"}'],
		['capnslog year 1', '0001-01-01 00:00:00.000000 E | etcdserver: x'],
		['Go log year 1', '0001/01/01 00:00:00 x'],
		['dmesg iso year 1', '0001-01-01T00:00:00,000000+00:00 x'],
		['dmesg -T year 1', '[Mon Jan  1 00:00:00 0001] x'],
		['rsyslog RFC 3339 year 1', '0001-01-01T00:00:00.1Z node1 app[1]: x'],
	])('%s', (_name, line) => {
		const {records, stats} = parseLines([line], {timeZone: 'utc'});
		expect(records).toHaveLength(1);
		expect(records[0]!.time).toBeUndefined();
		expect(stats.badTimes).toBe(1);
		expect(() => JSON.stringify(records[0])).not.toThrow();
	});

	test('an event age further back than 1970 from the reference time', () => {
		const {records, stats} = parseLines(['LAST SEEN   TYPE      REASON    OBJECT    MESSAGE', '99999y      Warning   BackOff   pod/a     x'], {referenceTime: Date.UTC(2026, 0, 1)});
		expect(records[1]).toMatchObject({time: undefined, timeFrom: undefined, severity: 'warning'});
		expect(stats.badTimes).toBe(1);
	});

	test('a bad full time does not anchor the year of the lines after it', () => {
		const {records} = parseLines(['{"ts":1e300,"msg":"x"}', 'I0510 17:43:56.000000       1 a.go:1] y'], {year: {kind: 'flag', year: 2022}});
		expect(new Date(records[1]!.time!).toISOString()).toBe('2022-05-10T17:43:56.000Z');
	});
});
