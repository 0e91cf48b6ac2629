import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {createLineParser} from '../../src/parse/line-parser.js';
import {createLineSkimmer, noWarningLine} from '../../src/parse/line-skimmer.js';
import {createKlogHeader, parseKlogHeader} from '../../src/parse/payload/klog-header.js';
import {endsWithServerErrorStatus, endsWithServerErrorStatusBytes} from '../../src/parse/payload/access-log-status.js';
import type {LogRecord} from '../../src/parse/record.js';

/**
 * Offers each line of `text` to the skimmer as the session does (first and last line never eligible) and parses
 * the rest; the format is the parser's after the `first` lines. Every skimmed line must be one the parser would
 * have made a whole info record of, so the same text is parsed in full beside it and compared.
 */
const run = (first: string, text: string): {skimmed: number[]; records: LogRecord[]; warnings: number[]} => {
	const records: LogRecord[] = [];
	const parser = createLineParser({source: 't', year: {kind: 'flag', year: 2022}, timeZone: 'utc'}, {record: (record) => records.push(record), unparsed() {}});
	const skimmer = createLineSkimmer();
	parser.push(first, 1);
	parser.push(first, 2);
	skimmer.setFormat(parser.stats().format);
	const bytes = Buffer.from(text);
	const skimmed: number[] = [];
	const warning = noWarningLine();
	const warnings: [number, string][] = [];
	let pos = 0;
	let lineNumber = 2;
	while (pos < bytes.length) {
		let end = bytes.indexOf(10, pos);
		if (end < 0) end = bytes.length;
		lineNumber++;
		const following = end + 1 < bytes.length ? bytes.indexOf(10, end + 1) : bytes.length;
		const envelope = skimmer.line(bytes, pos, end, pos > 0 && end < bytes.length - 1, following === -1 ? bytes.length : following, warning);
		if (warning.from >= 0) warnings.push([lineNumber, bytes.toString('utf8', warning.from, warning.to)]);
		if (envelope === undefined) {
			parser.push(bytes.toString('utf8', pos, end), lineNumber);
		} else {
			skimmed.push(lineNumber);
			parser.skim(lineNumber, envelope, skimmer.payload);
		}

		pos = end + 1;
	}

	parser.end();
	expect(parser.stats().lines).toBe(lineNumber);
	// What the full parse makes of the skimmed lines: one info record each, of one line, with the same envelope.
	const full: LogRecord[] = [];
	const whole = createLineParser({source: 't', year: {kind: 'flag', year: 2022}, timeZone: 'utc'}, {record: (record) => full.push(record), unparsed() {}});
	whole.push(first, 1);
	whole.push(first, 2);
	text.split('\n').forEach((line, i) => {
		if (i < text.split('\n').length - 1 || line !== '') whole.push(line, i + 3);
	});
	whole.end();
	for (const line of skimmed) {
		const record = full.find((r) => r.line === line);
		expect(record, `line ${line}`).toMatchObject({lineCount: 1, severity: 'info', payload: 'klog'});
		expect(record?.envelope).toBe(parser.stats().format.envelope);
	}

	expect(parser.stats().records).toBe(whole.stats().records);
	// Every warning line it describes is one whole warning record whose message is its klog text after the header.
	for (const [line, klogText] of warnings) {
		const record = full.find((r) => r.line === line);
		expect(record, `line ${line}`).toMatchObject({lineCount: 1, severity: 'warning', payload: 'klog'});
		const start = parseKlogHeader(klogText, 0, createKlogHeader());
		expect(start).toBeGreaterThan(0);
		expect(klogText.slice(start)).toBe(record!.message);
	}

	return {skimmed, records, warnings: warnings.map(([line]) => line)};
};

const klog = (letter: string, n: number, rest = `line ${n}`): string => `${letter}0510 17:43:${String(n).padStart(2, '0')}.000000       1 a.go:1] ${rest}`;
const journal = (body: string, pid = 1, unit = 'kube-apiserver', host = 'node1'): string => `May 10 17:43:56 ${host} ${unit}[${pid}]: ${body}`;
const docker = (body: string, stream = 'stderr', end = '\\n'): string => `{"log":"${body}${end}","stream":"${stream}","time":"2022-05-10T17:43:56.123456789Z"}`;
const journalJson = (body: string, pid = '1', host = 'node1'): string =>
	JSON.stringify({__CURSOR: 's=1', __REALTIME_TIMESTAMP: '1652204636123456', PRIORITY: '6', _HOSTNAME: host, SYSLOG_IDENTIFIER: 'kube-apiserver', _PID: pid, MESSAGE: body});

describe('line skimmer', () => {
	test('bare klog: info lines followed by a header are skimmed; warnings, continuations and chunk edges are parsed', () => {
		const text = [klog('I', 1), klog('I', 2), klog('W', 3), klog('I', 4), 'continued', klog('I', 6), klog('I', 7)].join('\n') + '\n';
		const {skimmed, records} = run(klog('I', 0), text);
		expect(skimmed).toEqual([4, 8]);
		expect(records.map((record) => [record.line, record.lineCount])).toEqual([[1, 1], [2, 1], [3, 1], [5, 1], [6, 2], [9, 1]]);
	});

	test('error and fatal lines start records and are parsed; a line with another letter starts none', () => {
		const text = [klog('I', 1), klog('I', 2), klog('E', 3), klog('I', 4), klog('F', 5), klog('I', 6), klog('X', 7), klog('I', 8), klog('I', 9)].join('\n') + '\n';
		const {skimmed, records} = run(klog('I', 0), text);
		// Lines 4 and 6 are followed by the E and F records; line 8 by a line no record starts, which continues it.
		expect(skimmed).toEqual([4, 6, 10]);
		expect(records.filter((record) => record.line === 5 || record.line === 7).map((record) => [record.line, record.lineCount])).toEqual([[5, 1], [7, 1]]);
		expect(records.find((record) => record.line === 8)).toMatchObject({lineCount: 2});
	});

	test('CRI: a P piece and the F that completes it are never skimmed', () => {
		const cri = (tag: string, body: string): string => `2022-05-10T17:43:56Z stderr ${tag} ${body}`;
		const text = [cri('F', klog('I', 1)), cri('F', klog('I', 2)), cri('P', klog('I', 3)), cri('F', ' rest'), cri('F', klog('I', 5)), cri('F', klog('I', 6))].join('\n') + '\n';
		const {skimmed, records} = run(cri('F', klog('I', 0)), text);
		// Line 4 is followed by a P piece, which starts no record of its own.
		expect(skimmed).toEqual([7]);
		expect(records.find((record) => record.line === 5)).toMatchObject({lineCount: 2, message: 'line 3 rest'});
	});

	test('an access-log line of a 5xx answer is parsed, as the parser reads it as an error', () => {
		const http = (status: number) => klog('I', 1, `"HTTP" verb="GET" URI="/api/v1/pods" latency="5.002s" resp=${status}`);
		const {skimmed} = run(klog('I', 0), [klog('I', 1), http(200), http(503), klog('I', 4), klog('I', 5)].join('\n') + '\n');
		expect(skimmed).toEqual([4, 6]);
		for (const line of [http(200), http(503), klog('I', 1, 'GET /api: (5.002098194s) 500'), klog('I', 1, 'GET /api: (5.002098194s) 200 ')]) {
			const bytes = Buffer.from(`xx${line}\r\n`);
			expect(endsWithServerErrorStatusBytes(bytes, 2, bytes.length - 1)).toBe(endsWithServerErrorStatus(line));
		}
	});

	test('journald short: same host, unit and pid as the line before, a klog info message, and a klog line after', () => {
		const text = [
			journal(klog('I', 1)),
			journal(klog('I', 2)),
			journal(klog('I', 3), 2),
			journal(klog('I', 4), 2),
			journal(klog('I', 5), 2),
			journal(klog('W', 6), 2),
			journal(klog('I', 7), 2),
			journal(klog('I', 8), 2, 'kubelet'),
			journal(klog('I', 9), 2, 'kubelet', 'node2'),
			journal(klog('I', 10), 2, 'kubelet', 'node2'),
			journal('  continued', 2, 'kubelet', 'node2'),
			'   pasted without its prefix',
			journal(klog('I', 13), 2, 'kubelet', 'node2'),
			journal(klog('I', 14), 2, 'kubelet', 'node2'),
			journal(klog('I', 15), 2, 'kubelet', 'node2'),
		].join('\n') + '\n';
		const {skimmed} = run(journal(klog('I', 0)), text);
		// Lines 5 (a new pid: a restart), 8 (a warning), 10 (a new unit) and 11 (a new host) are parsed, as are the
		// lines before a change of writer (4, 9), before and after a continuation (12 to 15), and the last line.
		expect(skimmed).toEqual([6, 7, 16]);
	});

	test('docker json-file: a complete klog info piece between klog pieces of the same stream; partial pieces and what follows them are parsed', () => {
		const text = [
			docker(klog('I', 1)),
			docker(klog('I', 2)),
			docker(klog('I', 3), 'stderr', ''),
			docker(' rest of 3'),
			docker(klog('I', 5)),
			docker(klog('I', 6)),
			docker(klog('I', 7), 'stdout'),
			docker(klog('I', 8), 'stdout'),
			docker(klog('I', 9), 'stdout'),
			docker(klog('I', 10), 'stdout'),
		].join('\n') + '\n';
		const {skimmed, records} = run(docker(klog('I', 0)), text);
		// 4 is followed by a partial piece and 6 continues one; 8 is followed by another stream's line, which 9 is.
		expect(skimmed).toEqual([7, 10, 11]);
		expect(records.find((record) => record.line === 5)).toMatchObject({lineCount: 2, message: 'line 3 rest of 3'});
	});

	test('journalctl -o json: the message, host, unit and pid fields are found by bytes', () => {
		const text = [
			journalJson(klog('I', 1)),
			journalJson(klog('I', 2)),
			journalJson(klog('I', 3, 'with \\"quotes\\" and a \\\\ backslash')),
			journalJson(klog('I', 4)),
			journalJson(klog('I', 5), '2'),
			journalJson(klog('I', 6), '2'),
			journalJson(klog('E', 7), '2'),
			journalJson(klog('I', 8), '2', 'node2'),
			journalJson(klog('I', 9), '2', 'node2'),
			journalJson(klog('I', 10), '2', 'node2'),
			JSON.stringify({__REALTIME_TIMESTAMP: '1652204636123456', _HOSTNAME: 'node2', SYSLOG_IDENTIFIER: 'kube-apiserver', _PID: '2', MESSAGE: [73, 48]}),
			journalJson(klog('I', 12), '2', 'node2'),
			journalJson(klog('I', 13), '2', 'node2'),
		].join('\n') + '\n';
		const {skimmed} = run(journalJson(klog('I', 0)), text);
		// 6 is followed by a new pid, 7 has it, 9 is an error, 10 a new host; 12 is followed by a message journald
		// wrote as bytes (parsed, as 14 after it).
		expect(skimmed).toEqual([4, 5, 8, 11]);
	});

	test('journalctl -o json: the unit and pid come from the fields the parser reads them from, in its order', () => {
		const entry = (n: number, fields: Record<string, string>): string => JSON.stringify({__REALTIME_TIMESTAMP: '1652204636123456', _HOSTNAME: 'node1', ...fields, MESSAGE: klog('I', n)});
		const text = [
			// No SYSLOG_IDENTIFIER: the unit is _COMM's, and a new _COMM is a new writer.
			entry(1, {_COMM: 'kube-apiserver', _PID: '1'}),
			entry(2, {_COMM: 'kube-apiserver', _PID: '1'}),
			entry(3, {_COMM: 'kube-apiserver', _PID: '1'}),
			entry(4, {_COMM: 'etcd', _PID: '1'}),
			// Neither: _SYSTEMD_UNIT's.
			entry(5, {_SYSTEMD_UNIT: 'a.service', _PID: '1'}),
			entry(6, {_SYSTEMD_UNIT: 'a.service', _PID: '1'}),
			entry(7, {_SYSTEMD_UNIT: 'a.service', _PID: '1'}),
			entry(8, {_SYSTEMD_UNIT: 'b.service', _PID: '1'}),
			// No _PID: SYSLOG_PID's, and a new one is a restart.
			entry(9, {SYSLOG_IDENTIFIER: 'x', SYSLOG_PID: '7'}),
			entry(10, {SYSLOG_IDENTIFIER: 'x', SYSLOG_PID: '7'}),
			entry(11, {SYSLOG_IDENTIFIER: 'x', SYSLOG_PID: '7'}),
			entry(12, {SYSLOG_IDENTIFIER: 'x', SYSLOG_PID: '8'}),
			// With _PID there, SYSLOG_PID is not what the parser reads.
			entry(13, {SYSLOG_IDENTIFIER: 'x', _PID: '8', SYSLOG_PID: '1'}),
			entry(14, {SYSLOG_IDENTIFIER: 'x', _PID: '8', SYSLOG_PID: '2'}),
			entry(15, {SYSLOG_IDENTIFIER: 'x', _PID: '8', SYSLOG_PID: '3'}),
			entry(16, {SYSLOG_IDENTIFIER: 'x', _PID: '8'}),
		].join('\n') + '\n';
		const {skimmed, records} = run(entry(0, {_COMM: 'kube-apiserver', _PID: '1'}), text);
		// Entry n is line n + 2. Skimmed: an entry between two of its own writer's (2, 6, 10), and 13 to 15, whose
		// SYSLOG_PID changes but not their _PID. Entry 7 is parsed: 8 has a new _SYSTEMD_UNIT.
		expect(skimmed).toEqual([4, 8, 12, 15, 16, 17]);
		expect(records.find((record) => record.line === 14)).toMatchObject({pid: 8, unit: 'x'});
	});

	test('docker json-file: times of another width after the log value are read as well', () => {
		const timed = (n: number, time: string): string => `{"log":"${klog('I', n)}\\n","stream":"stderr","time":"${time}"}`;
		const times = ['2022-05-10T17:43:56.1Z', '2022-05-10T17:43:56.123456789Z', '2022-05-10T17:43:56.12Z', '2022-05-10T17:43:56Z', '2022-05-10T17:43:56.123456789Z', '2022-05-10T17:43:56.1234Z'];
		const text = times.map((time, i) => timed(i + 1, time)).join('\n') + '\n';
		const {skimmed} = run(timed(0, times[0]!), text);
		expect(skimmed).toEqual([4, 5, 6, 7]);
	});

	test('a warning line it would skim were it info is described, in every shape; one with a continuation, a new writer or an escape is not', () => {
		const w = (n: number, rest?: string) => klog('W', n, rest);
		// Bare klog: 5 is followed by a continuation.
		expect(run(klog('I', 0), [klog('I', 1), w(2), klog('I', 3), w(4), 'continued', klog('I', 6)].join('\n') + '\n').warnings).toEqual([4]);
		const cri = (body: string) => `2022-05-10T17:43:56Z stderr F ${body}`;
		expect(run(cri(klog('I', 0)), [cri(klog('I', 1)), cri(w(2)), cri(klog('I', 3)), cri(klog('I', 4))].join('\n') + '\n').warnings).toEqual([4]);
		// journald: 4 is followed by a new pid (a restart) and 5 has it, so both are parsed.
		const jText = [journal(klog('I', 1)), journal(w(2)), journal(w(3), 2), journal(klog('I', 4), 2), journal(w(5), 2), journal(klog('I', 6), 2)].join('\n') + '\n';
		expect(run(journal(klog('I', 0)), jText).warnings).toEqual([7]);
		// docker: the one with an escaped quote in it is not, nor the one before a partial piece.
		const dText = [docker(klog('I', 1)), docker(w(2)), docker(w(3, 'with \\"quotes\\"')), docker(w(4)), docker(klog('I', 5), 'stderr', ''), docker(' rest'), docker(klog('I', 7))].join('\n') + '\n';
		expect(run(docker(klog('I', 0)), dText).warnings).toEqual([4]);
		const jjText = [journalJson(klog('I', 1)), journalJson(w(2)), journalJson(w(3), '2'), journalJson(klog('I', 4), '2'), journalJson(w(5), '2'), journalJson(klog('I', 6), '2')].join('\n') + '\n';
		expect(run(journalJson(klog('I', 0)), jjText).warnings).toEqual([7]);
	});

	test('no skimming for formats it does not know the shape of', () => {
		const syslog = (word: string) => `<13>1 2022-05-10T17:43:56Z node1 app 1 - - ${klog('I', 1)} ${word}`;
		const {skimmed} = run(syslog('x'), ['a', 'b', 'c', 'd'].map(syslog).join('\n') + '\n');
		expect(skimmed).toEqual([]);
	});

	test('a journal entry\'s message is found whatever quotes and backslashes it holds, and wherever they fall', () => {
		const skimmer = createLineSkimmer();
		skimmer.setFormat({envelope: 'journald-json', payload: 'klog'});
		const range = {from: 0, to: 0};
		const message = fc.array(fc.constantFrom('a', 'b', ' ', '"', '\\', '\n', 'é', '\u0001', ':', '}'), {maxLength: 40}).map((chars) => chars.join(''));
		fc.assert(
			fc.property(message, fc.nat(7), fc.boolean(), (text, pad, last) => {
				// The message at every offset modulo four, last in the entry or followed by another field.
				const entry = {__CURSOR: 's'.repeat(pad + 1), _PID: '7', ...(last ? {MESSAGE: text} : {MESSAGE: text, _HOSTNAME: 'cp-1'})};
				const bytes = Buffer.from(JSON.stringify(entry));
				skimmer.chunk(bytes);
				expect(skimmer.messageRange(bytes, 0, bytes.length, range)).toBe(true);
				expect(JSON.parse(`"${bytes.toString('utf8', range.from, range.to)}"`)).toBe(text);
			}),
			{numRuns: 3000},
		);
	});
});
