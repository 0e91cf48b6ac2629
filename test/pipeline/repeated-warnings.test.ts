// A repeated warning line is counted from its bytes, not parsed (src/pipeline/source-reading.ts, `warning`), once
// its message is one the unexplained-warning templates hold. The report must be the one a full parse makes: the
// same templates with the same counts and examples, the same records, in every envelope the skimmer knows.
import {afterAll, describe, expect, it, vi} from 'vitest';
import * as templates from '../../src/diagnose/unknown-templates.js';

// Watched, to see that warning lines are counted this way at all (the reports alone would be equal either way).
vi.mock('../../src/diagnose/unknown-templates.js', async (original) => {
	const actual = await original<typeof import('../../src/diagnose/unknown-templates.js')>();
	return {...actual, countSeenWarning: vi.fn(actual.countSeenWarning), countAgain: vi.fn(actual.countAgain)};
});
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Report} from '../../src/diagnose/report.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

const klog = (letter: string, n: number, message: string, pid = 2345): string => `${letter}1127 00:00:${String(n % 60).padStart(2, '0')}.${String(n).padStart(6, '0')} ${String(pid).padStart(7)} reflector.go:325] ${message}`;
const envelopes: Record<string, (body: string, n: number, pid: number) => string> = {
	klog: (body) => body,
	cri: (body, n) => `2026-11-27T00:00:${String(n % 60).padStart(2, '0')}.000000001Z stderr F ${body}`,
	journald: (body, n, pid) => `Nov 27 00:00:${String(n % 60).padStart(2, '0')} cp-1 kube-apiserver[${pid}]: ${body}`,
	docker: (body, n) => `{"log":${JSON.stringify(`${body}\n`)},"stream":"stderr","time":"2026-11-27T00:00:${String(n % 60).padStart(2, '0')}.000000001Z"}`,
	journalJson: (body, n, pid) => JSON.stringify({__REALTIME_TIMESTAMP: String(1795737600000000 + n * 1000), _HOSTNAME: 'cp-1', SYSLOG_IDENTIFIER: 'kube-apiserver', _PID: String(pid), PRIORITY: '6', MESSAGE: body}),
};

/** Info lines with warnings among them: repeated messages, one with a quote, two alike but their last letter, one seen once, a restart and a new day between. */
function lines(wrap: (body: string, n: number, pid: number) => string): string[] {
	const out: string[] = [];
	for (let n = 0; n < 3000; n++) {
		const pid = n < 2000 ? 2345 : 2400;
		let body = klog('I', n, `Listing and watching *v1.Node ${n}`, pid);
		if (n % 7 === 3) body = klog('W', n, 'watch chan error: etcdserver: mvcc: required revision has been compacted', pid);
		if (n % 11 === 5) body = klog('W', n, 'Use tokens from the TokenRequest API or manually created secret-based tokens instead of auto-generated secret-based tokens.', pid);
		if (n % 13 === 6) body = klog('W', n, `"Failed to update lease" err="the object has been modified; please apply your changes"`, pid);
		// The same words but the last letter, right after the first: a template of its own, counted apart.
		if (n % 7 === 4) body = klog('W', n, 'watch chan error: etcdserver: mvcc: required revision has been compacteD', pid);
		if (n === 1500) body = klog('W', n, 'a warning seen once', pid);
		// The day turns.
		if (n > 2600) body = body.replace(/^([IW])1127/, '$11128');
		out.push(wrap(body, n, pid));
	}

	return out;
}

const work = mkdtempSync(path.join(tmpdir(), 'kubesleuth-warnings-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));

/** The report of `text` read from a file in pieces of `readSize` bytes, skimmed or (with a --since before it all) not. */
async function report(text: string, readSize: number, skimming: boolean): Promise<Report> {
	const file = path.join(work, 'apiserver.log');
	writeFileSync(file, text);
	// A --since before every line leaves every record in, and turns skimming (and the counting of warnings) off.
	return diagnosePaths([file], {readSize, year: 2026, ...(skimming ? {} : {since: 0})});
}

describe('repeated warning lines', () => {
	it.each(Object.keys(envelopes))('are counted as a full parse counts them, in %s', async (name) => {
		const text = lines(envelopes[name]!).join('\n') + '\n';
		for (const readSize of [text.length, 4096]) {
			const counts = vi.mocked(templates.countSeenWarning);
			const again = vi.mocked(templates.countAgain);
			counts.mockClear();
			again.mockClear();
			const counted = await report(text, readSize, true);
			const countedLines = counts.mock.results.filter((result) => result.value !== undefined).length + again.mock.calls.length;
			const parsed = await report(text, readSize, false);
			// Read in pieces, most warning lines were counted so: all but the first of each message, those at a
			// piece's edges, after a restart or before a line that is not of the same writer. (Read whole, the
			// format is known only after the one piece, and nothing is skimmed.)
			if (readSize < text.length) expect(countedLines, `${name} in pieces of ${readSize}`).toBeGreaterThan(400);
			expect(counted.unknownTemplates, `${name} in pieces of ${readSize}`).toEqual(parsed.unknownTemplates);
			expect(counted.sources[0]?.records).toBe(parsed.sources[0]?.records);
			expect(counted.sources[0]?.envelope).toBe(parsed.sources[0]?.envelope);
			expect(counted.findings.map((f) => [f.id, f.evidence.map((e) => e.line)])).toEqual(parsed.findings.map((f) => [f.id, f.evidence.map((e) => e.line)]));
		}
	});
});
