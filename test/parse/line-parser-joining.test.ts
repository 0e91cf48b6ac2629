import {describe, expect, test} from 'vitest';
import {createLineParser} from '../../src/parse/line-parser.js';
import type {LogRecord} from '../../src/parse/record.js';
import {parseFixture, parseLines} from './parse-fixture.js';

describe('partial and continuation lines', () => {
	test('CRI P fragments join per stream up to the F, across interleaved streams', () => {
		const {records, stats} = parseFixture('formats/cri-containerd.log');
		expect(stats).toMatchObject({lines: 9, skipped: 1, unparsed: 0, recordLines: 8});
		const byLine = new Map(records.map((record) => [record.line, record]));
		expect(byLine.get(2)).toMatchObject({
			payload: 'klog',
			severity: 'error',
			lineCount: 3,
			caller: 'reflector.go:138',
			message: 'k8s.io/client-go/informers/factory.go:134: Failed to watch *v1.Service: failed to list *v1.Service: Get "https://[::1]:6443/api/v1/services?resourceVersion=0": x509: certificate has expired or is not yet valid',
		});
		expect(new Date(byLine.get(2)!.time!).toISOString()).toBe('2022-05-10T09:43:57.100Z');
		expect(byLine.get(3)).toMatchObject({payload: 'plain', lineCount: 2, message: 'hello world'});
		expect(byLine.get(8)).toMatchObject({payload: 'klog', severity: 'warning', message: 'tagged line'});
		// A P fragment still open at the end is flushed as a record of its own.
		expect(byLine.get(9)).toMatchObject({payload: 'plain', message: 'a fragment left open at EOF', lineCount: 1});
	});

	test('docker json-file chunks without a trailing newline join per stream; broken JSON is unparsed', () => {
		const {records, unparsed, stats} = parseFixture('formats/docker-json.log');
		expect(records.map((record) => [record.line, record.lineCount, record.payload, record.message])).toEqual([
			[1, 1, 'klog', 'external host was not specified'],
			[3, 1, 'plain', 'plain stdout <b>'],
			[2, 2, 'klog', 'a very long line, first chunk second chunk: x509: certificate has expired or is not yet valid'],
		]);
		expect(unparsed).toEqual([{line: 5, text: '{"log":"broken', reason: 'bad-json'}]);
		expect(stats.lines).toBe(stats.recordLines + stats.unparsed + stats.skipped);
	});

	test('journald json: MESSAGE as byte array is decoded, null MESSAGE and separators are skipped, broken JSON is unparsed', () => {
		const {records, unparsed, stats} = parseFixture('formats/journald.json');
		expect(records.map((record) => record.line)).toEqual([1, 2, 5]);
		expect(records[1]!.message).toContain('Unable to remove old endpoints');
		expect(unparsed.map((entry) => [entry.line, entry.reason])).toEqual([[6, 'bad-json']]);
		expect(stats.skipped).toBe(2);
	});

	test('klog continuation lines do not attach across CRI streams', () => {
		const {records} = parseLines([
			'2022-05-10T17:43:56Z stderr F E0510 17:43:56.000000       1 a.go:1] first',
			'2022-05-10T17:43:56Z stdout F from stdout',
			'2022-05-10T17:43:56Z stderr F I0510 17:43:56.000000       1 a.go:2] second',
			'2022-05-10T17:43:56Z stderr F , continued',
		]);
		expect(records.map((record) => [record.payload, record.lineCount, record.message])).toEqual([
			['klog', 1, 'first'],
			['plain', 1, 'from stdout'],
			['klog', 2, 'second\n, continued'],
		]);
	});

	test('journald continuation must be indented to the prefix width', () => {
		const prefix = 'May 10 17:44:02 node1 app[7]: ';
		const {records} = parseLines([`${prefix}one`, `${' '.repeat(prefix.length)}two`, '  not indented enough']);
		expect(records.map((record) => record.message)).toEqual(['one\ntwo', '  not indented enough']);
	});

	test('blank lines are skipped and do not end a klog record', () => {
		const {records, stats} = parseLines(['I0510 17:43:56.000000       1 a.go:1] handshake\n'.trim(), '', '   ', 'more']);
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({lineCount: 2, message: 'handshake\nmore'});
		expect(stats.skipped).toBe(2);
	});

	test('flush finishes the record held back for continuations at once; a partial piece still waits for its end', () => {
		const records: LogRecord[] = [];
		const parser = createLineParser({source: 'test', year: {kind: 'flag', year: 2022}, timeZone: 'utc'}, {record: (record) => records.push(record), unparsed: () => {}});
		parser.push('E0510 17:43:56.000000       1 a.go:1] x509: certificate has expired', 1);
		expect(records).toHaveLength(0);
		parser.flush();
		expect(records.map((record) => [record.line, record.lineCount, record.message])).toEqual([[1, 1, 'x509: certificate has expired']]);
		// What comes after the flush is a record of its own, not a continuation of the flushed one.
		parser.push(' goroutine 1 [running]:', 2);
		parser.push('2022-05-10T17:43:57Z stderr P E0510 17:43:57.000000       1 b.go:2] first piece,', 3);
		parser.flush();
		expect(records.map((record) => record.line)).toEqual([1, 2]);
		parser.push('2022-05-10T17:43:57Z stderr F  last piece', 4);
		parser.end();
		expect(records.map((record) => [record.line, record.lineCount, record.message])).toEqual([
			[1, 1, 'x509: certificate has expired'],
			[2, 1, ' goroutine 1 [running]:'],
			[3, 2, 'first piece, last piece'],
		]);
		expect(parser.stats()).toMatchObject({lines: 4, records: 3});
	});
});
