import {randomBytes} from 'node:crypto';
import {execFileSync} from 'node:child_process';
import {createWriteStream, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {feedSources} from '../../src/cli/feed-sources.js';
import {loadRules} from '../../src/cli/load-rules.js';
import {createDiagnosisSession, type DiagnosisSession} from '../../src/pipeline/diagnosis-session.js';
import {sniff} from '../../src/source/open-byte-stream.js';
import {plainReadSize, plainReadsAhead} from '../../src/source/read-plain-file.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

const root = path.resolve(import.meta.dirname, '../..');
const demoLog = path.join(root, 'fixtures/demo/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c1b9d47e3a5c0f7d2b6e9a143/kube-apiserver/0.log');
const demo = readFileSync(demoLog);
const demoLines = demo.toString('utf8').split('\n').length - 1;
const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-read-'));
const file = (name: string, bytes: Uint8Array) => {
	const at = path.join(dir, name);
	writeFileSync(at, bytes);
	return at;
};

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('gzip as gzip -d', () => {
	it('keeps the lines before trailing garbage in a small file, and warns', async () => {
		const head = demo.subarray(0, demo.indexOf('\n', 3000) + 1);
		const gz = file('small-garbage.log.gz', Buffer.concat([gzipSync(head), Buffer.from('trailing junk')]));
		const report = await diagnosePaths([gz]);
		expect(report.verdict).not.toBe('no-input');
		expect(report.sources[0]).toMatchObject({lines: head.toString().split('\n').length - 1});
		expect(report.warnings).toEqual([`${gz}: trailing data after the gzip data was ignored (not gzip), as gzip -d does; the lines before it were read`]);
	});

	it('reads a .gz of several members with garbage after them to the last line', async () => {
		const cut = demo.indexOf('\n', 60_000) + 1;
		const gz = file('members.log.gz', Buffer.concat([gzipSync(demo.subarray(0, cut)), gzipSync(demo.subarray(cut)), randomBytes(500)]));
		const report = await diagnosePaths([gz]);
		expect(report.sources[0]?.lines).toBe(demoLines);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.findings[0]?.count).toBe(102);
	});

	it('refuses binary data inside a .gz as it does on stdin', async () => {
		const gz = file('noise.log.gz', gzipSync(randomBytes(20_000)));
		const report = await diagnosePaths([gz, demoLog]);
		expect(report.warnings).toContain(`${gz}: reading stopped: looks like binary data, not a log; skipped`);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
	});
});

describe('other encodings and compressors', () => {
	it.each(['utf-16le', 'utf-16be'] as const)('decodes %s with a byte order mark', async (encoding) => {
		const text = demo.toString('utf8');
		const bytes = Buffer.from(`\uFEFF${text}`, 'utf16le');
		if (encoding === 'utf-16be') bytes.swap16();
		const report = await diagnosePaths([file(`${encoding}.log`, bytes)]);
		expect(report.sources[0]?.lines).toBe(demoLines);
		expect(report.findings[0]?.id).toBe('apiserver-loopback-cert-expired');
		expect(report.findings[0]?.count).toBe(102);
		// And on stdin.
		const piped = await diagnosePaths([], {stdin: bytes});
		expect(piped.findings[0]?.count).toBe(102);
	});

	// The magic numbers: zstd RFC 8878 §3.1.1, xz's stream header, bzip2's "BZh9" and its block magic.
	const compressed = {
		zstd: Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(200)]),
		xz: Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), randomBytes(200)]),
		bzip2: Buffer.concat([Buffer.from('BZh9'), Buffer.from([0x31, 0x41, 0x59, 0x26, 0x53, 0x59]), randomBytes(200)]),
	};

	it.each(Object.entries(compressed))('names %s instead of calling it binary', async (kind, bytes) => {
		expect(sniff(bytes).kind).toBe(kind);
		const at = file(`rotated.log.${kind}`, bytes);
		const report = await diagnosePaths([at, demoLog]);
		expect(report.warnings).toContain(`${at}: compressed with ${kind}: decompress it first (${kind} -dc FILE | kubesleuth); skipped`);
		const piped = await diagnosePaths([], {stdin: bytes});
		expect(piped.warnings.join('\n')).toContain(`compressed with ${kind}: decompress it first`);
		const inGzip = file(`rotated.log.${kind}.gz`, gzipSync(bytes));
		expect((await diagnosePaths([inGzip])).warnings.join('\n')).toContain(`compressed with ${kind}: decompress it first`);
	});

	it('knows real files of these formats when the tools are on the machine', async () => {
		for (const [tool, kind] of [['xz', 'xz'], ['zstd', 'zstd'], ['bzip2', 'bzip2']] as const) {
			let bytes: Buffer;
			try {
				bytes = execFileSync(tool, ['-c'], {input: demo});
			} catch {
				continue;
			}

			expect(sniff(bytes).kind).toBe(kind);
		}
	});
});

describe('streams named as paths', () => {
	it('reads a FIFO as a stream, without ESPIPE', async () => {
		const fifo = path.join(dir, 'pipe.log');
		execFileSync('mkfifo', [fifo]);
		const writer = createWriteStream(fifo);
		writer.end(gzipSync(demo));
		const report = await diagnosePaths([fifo]);
		expect(report.warnings).toEqual([]);
		expect(report.sources).toEqual([expect.objectContaining({name: fifo, lines: demoLines})]);
		expect(report.findings[0]?.count).toBe(102);
	});
});

describe('a file cut while it is read', () => {
	it('is named in the report with how much was read', async () => {
		// Longer than the reads in flight when the first piece reaches the session, so that some are made after the cut.
		const copies = Math.ceil((2 * (plainReadsAhead + 1) * plainReadSize) / demo.length);
		const big = file('shrinking.log', Buffer.concat(Array.from({length: copies}, () => demo)));
		const size = copies * demo.length;
		const {rules} = await loadRules([]);
		const session = createDiagnosisSession({rules, now: Date.parse('2026-11-28T12:00:00Z'), timeZone: 'utc'});
		// The file is cut once its first piece has reached the session, as copytruncate would do.
		const watching: DiagnosisSession = {
			...session,
			async scan(descriptor, chunks, signal) {
				let cut = false;
				async function* watch() {
					for await (const chunk of chunks) {
						if (!cut) {
							cut = true;
							truncateSync(big, 1 << 20);
						}

						yield chunk;
					}
				}

				return session.scan(descriptor, watch(), signal);
			},
		};
		await feedSources(watching, [{type: 'paths', paths: [big], local: false}], {maxLineBytes: 65_536, stdin: Readable.from([])});
		const report = session.report();
		const warning = report.warnings.find((w) => w.includes('was truncated while it was read'));
		expect(warning).toMatch(new RegExp(`^${big.replaceAll('/', '\\/')}: was truncated while it was read: \\d+ of its ${size} bytes were read \\(it now has 1048576\\); the report covers those lines only$`));
		expect(report.sources[0]!.bytes).toBeLessThan(size);
	});
});
