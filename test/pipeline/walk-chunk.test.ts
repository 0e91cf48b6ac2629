import {describe, expect, it} from 'vitest';
import {createLiteralPrefilter} from '../../src/detect/literal-prefilter.js';
import {createLineSkimmer} from '../../src/parse/line-skimmer.js';
import {walkChunk, warmUpWalk} from '../../src/pipeline/walk-chunk.js';
import {applyPlan, planChunk} from '../../src/pipeline/chunk-plan.js';

const klog = (n: number, rest = `line ${n}`) => `I0510 17:43:${String(n).padStart(2, '0')}.000000       1 a.go:1] ${rest}`;
const entry = (message: string) => JSON.stringify({__REALTIME_TIMESTAMP: '1652204636123456', _HOSTNAME: 'cp-1', SYSLOG_IDENTIFIER: 'kube-apiserver', _PID: '7', _CMDLINE: '/usr/local/bin/kube-apiserver --tls-cert-file=/etc/kubernetes/pki/apiserver.crt', MESSAGE: message});

type Seen = {parsed: [number, string, readonly number[] | undefined][]; skimmed: number[]};
function walk(lines: readonly string[], literals: readonly string[], envelope: string): Seen {
	const bytes = Buffer.from(lines.join('\n') + '\n');
	const skimmer = createLineSkimmer();
	skimmer.setFormat({envelope: envelope as 'none', payload: 'klog'});
	const seen: Seen = {parsed: [], skimmed: []};
	walkChunk(bytes, createLiteralPrefilter(literals), skimmer, 1 << 16, {
		parse: (line, start, end, found) => seen.parsed.push([line, bytes.toString('utf8', start, end), found]),
		skim: (line, _envelope, count) => seen.skimmed.push(...Array.from({length: count}, (_, i) => line + i)),
	});
	return seen;
}

describe('walkChunk', () => {
	it('hands each line on once, parsed with the literals found in it or skimmed', () => {
		const seen = walk([klog(1), klog(2, 'x509: certificate has expired'), klog(3), klog(4), klog(5)], ['x509: certificate'], 'none');
		expect(seen.parsed.map(([line, , found]) => [line, found])).toEqual([[1, undefined], [2, [0]], [5, undefined]]);
		expect(seen.skimmed).toEqual([3, 4]);
	});

	it('hands on consecutive skimmed lines as one run, in order between the parsed ones', () => {
		const bytes = Buffer.from([klog(1), klog(2), klog(3), klog(4), klog(5, 'x509: certificate has expired'), klog(6), klog(7), klog(8)].join('\n') + '\n');
		const skimmer = createLineSkimmer();
		skimmer.setFormat({envelope: 'none', payload: 'klog'});
		const calls: unknown[] = [];
		walkChunk(bytes, createLiteralPrefilter(['x509: certificate']), skimmer, 1 << 16, {
			parse: (line) => calls.push(['parse', line]),
			skim: (line, envelope, count) => calls.push(['skim', line, envelope, count]),
		});
		expect(calls).toEqual([['parse', 1], ['skim', 2, 'none', 3], ['parse', 5], ['skim', 6, 'none', 2], ['parse', 8]]);
	});

	it('takes no literal from a journal entry outside its message: the flags in _CMDLINE make no line a candidate', () => {
		const seen = walk([entry(klog(1)), entry(klog(2)), entry(klog(3, 'serving-cert::--tls-cert-file=/x')), entry(klog(4)), entry(klog(5))], ['--tls-cert-file='], 'journald-json');
		expect(seen.skimmed).toEqual([2, 4]);
		expect(seen.parsed.find(([line]) => line === 3)?.[2]).toEqual([0]);
		expect(seen.parsed.filter(([line]) => line !== 3).every(([, , found]) => found === undefined)).toBe(true);
	});

	it('gives the same lines and literals through a plan as directly', () => {
		const lines = [klog(1), klog(2, 'x509: certificate has expired'), klog(3), klog(4), 'W0510 17:43:05.000000       1 a.go:1] warn', klog(6), klog(7)];
		const bytes = Buffer.from(lines.join('\n') + '\n');
		const prefilter = createLiteralPrefilter(['x509: certificate', 'warn']);
		const skimmer = () => {
			const s = createLineSkimmer();
			s.setFormat({envelope: 'none', payload: 'klog'});
			return s;
		};

		const direct: unknown[] = [];
		walkChunk(bytes, prefilter, skimmer(), 1 << 16, {parse: (line, start, end, found) => direct.push(['parse', line, bytes.toString('utf8', start, end), found]), skim: (line, envelope, count) => direct.push(['skim', line, envelope, count])});
		const plan = planChunk(bytes, bytes.length, prefilter, skimmer(), 1 << 16);
		const planned: unknown[] = [];
		applyPlan(plan, {parse: (line, start, end, found) => planned.push(['parse', line, Buffer.from(plan.text).toString('utf8', start, end), found]), skim: (line, envelope, count) => planned.push(['skim', line, envelope, count])});
		// A plan joins skimmed neighbours into one run.
		const runs = (ops: unknown[]) => JSON.stringify(ops.flatMap((op) => ((op as unknown[])[0] === 'skim' ? Array.from({length: (op as number[])[3]!}, (_, i) => ['skim', (op as number[])[1]! + i]) : [op])));
		expect(runs(planned)).toBe(runs(direct));
		expect(plan.lines).toBe(lines.length);
	});

	it('walks the same after its warm-up on a made-up chunk, whose lines reach no sink', () => {
		const literals = ['x509: certificate has expired', 'TLS handshake error'];
		const lines = [klog(1), klog(2, 'x509: certificate has expired or is not yet valid'), klog(3), klog(4, 'http: TLS handshake error from 10.0.0.1:4000: EOF'), klog(5), klog(6)];
		const bytes = Buffer.from(lines.join('\n') + '\n');
		const run = (warm: boolean): unknown[] => {
			const prefilter = createLiteralPrefilter(literals);
			if (warm) {
				warmUpWalk(prefilter, 1 << 16);
				warmUpWalk(prefilter, 1 << 16);
			}

			const skimmer = createLineSkimmer();
			skimmer.setFormat({envelope: 'none', payload: 'klog'});
			const calls: unknown[] = [];
			const sink = {parse: (line: number, _start: number, _end: number, found: readonly number[] | undefined) => calls.push(['parse', line, found]), skim: (line: number, _envelope: string, count: number) => calls.push(['skim', line, count])};
			const walked = walkChunk(bytes, prefilter, skimmer, 1 << 16, sink);
			return [walked, calls];
		};

		expect(run(true)).toEqual(run(false));
		expect(run(true)[1]).toEqual([['parse', 1, undefined], ['parse', 2, [0]], ['skim', 3, 1], ['parse', 4, [1]], ['skim', 5, 1], ['parse', 6, undefined]]);
	});
});
