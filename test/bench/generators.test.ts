// The bench measures what it claims: each envelope file it generates parses as that envelope around the
// same klog lines, and the bare klog file is byte for byte the one earlier versions generated (cached files stay valid).
import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {createLineParser} from '../../src/parse/line-parser.js';
import type {LogRecord} from '../../src/parse/record.js';
// @ts-expect-error: a plain ES module shared with `npm run bench`, which runs without a TypeScript loader.
import {generateKlog, klogEntries} from './generate-klog.mjs';
// @ts-expect-error: as above.
import {envelopeNames, envelopeSample, generateEnvelope, klogPidOf, rfc3339Nano} from './generate-envelopes.mjs';

type Sample = {klog: string; wrapped: string};
const sample = envelopeSample as (name: string, count: number, options?: {throughIncident?: boolean}) => Sample[];
const names = envelopeNames as string[];
const signatures = /x509: certificate has expired|TLS handshake error|certificate signed by unknown authority|etcdserver: request timed out|failed calling webhook/;
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubesleuth-generators-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function parse(lines: string[]): LogRecord[] {
	const records: LogRecord[] = [];
	const unparsed: string[] = [];
	const parser = createLineParser({source: 'bench.log', year: {kind: 'flag', year: 2026}, timeZone: 'utc'}, {
		record: (record) => records.push(record),
		unparsed: (_line, text) => unparsed.push(text),
	});
	lines.forEach((line, i) => parser.push(line, i + 1));
	parser.end();
	expect(unparsed).toEqual([]);
	return records;
}

describe('bench generators', () => {
	it('write the bare klog file as before', () => {
		const file = path.join(dir, 'klog.log');
		expect((generateKlog as (file: string, bytes: number) => number)(file, 2 ** 20)).toBe(1_048_588);
		// sha-256 of the first MiB as the generator wrote it before the envelopes shared its stream.
		expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe('6d1a7c01fa2fcbd136cd37bdd820d0cb649d7607ce72bc2931079b788e8b56d3');
	});

	it.each(names)('wrap every line of the stream, incident included, in %s', (name) => {
		// Past the first incident (about 9,000 lines in): the three incident lines are where the diagnosis looks.
		const lines = sample(name, 50, {throughIncident: true});
		expect(lines.filter((l) => signatures.test(l.klog))).toHaveLength(3);
		const records = parse(lines.map((l) => l.wrapped));
		expect(records).toHaveLength(lines.length);
		const pid = (klogPidOf as (name: string) => number)(name);
		records.forEach((record, i) => {
			const klog = lines[i]!.klog;
			expect({envelope: record.envelope, payload: record.payload, pid: record.pid}).toEqual({envelope: name, payload: 'klog', pid});
			expect(record.message).toBe(klog.slice(klog.indexOf('] ') + 2));
			expect(record.severity).toBe({I: 'info', W: 'warning', E: 'error'}[klog[0]!]);
			expect(record.line).toBe(i + 1);
			// The envelope's time is the receive time, just after the klog time; either way the record is within 2 ms of it.
			const klogMs = Date.parse(`2026-${klog.slice(1, 3)}-${klog.slice(3, 5)}T${klog.slice(6, 18)}Z`);
			expect(Math.abs(record.time! - klogMs)).toBeLessThan(2);
			if (name.startsWith('journald')) expect({host: record.host, unit: record.unit}).toEqual({host: 'cp-1', unit: 'kube-apiserver'});
		});
		// The same lines as the bare klog file; under systemd with the unit's pid in klog's pid field, padded to 7 as 1 is.
		const bare = klogEntries(42) as Iterator<{lines: string[]}>;
		const bareLines: string[] = [];
		while (bareLines.length < lines.length) bareLines.push(...bare.next().value!.lines);
		expect(lines.map((l) => l.klog.slice(0, 22) + l.klog.slice(29))).toEqual(bareLines.map((l) => l.slice(0, 22) + l.slice(29)));
		expect(lines.map((l) => l.klog.slice(22, 29))).toEqual(lines.map(() => String(pid).padStart(7)));
	});

	it.each(names)('write %s files that parse from the first line on, and stop after whole entries', (name) => {
		const file = path.join(dir, `${name}.log`);
		const bytes = (generateEnvelope as (file: string, bytes: number, name: string) => number)(file, 64 * 1024, name);
		const text = readFileSync(file, 'latin1');
		expect(text.length).toBe(bytes);
		expect(text.endsWith('\n')).toBe(true);
		const lines = text.slice(0, -1).split('\n');
		expect(parse(lines).every((r) => r.envelope === name && r.payload === 'klog')).toBe(true);
	});

	it('write times as Go RFC3339Nano does (trailing zeros dropped)', () => {
		const at = (s: string, nanos: bigint): string => (rfc3339Nano as (n: bigint) => string)(BigInt(Date.parse(s)) * 1_000_000n + nanos);
		expect(at('2026-11-27T10:38:13Z', 123_456_789n)).toBe('2026-11-27T10:38:13.123456789Z');
		expect(at('2026-11-27T10:38:13Z', 120_000_000n)).toBe('2026-11-27T10:38:13.12Z');
		expect(at('2026-11-27T10:38:13Z', 0n)).toBe('2026-11-27T10:38:13Z');
	});
});
