import {buildContext} from '../correlate/build-context.js';
import type {LiveFacts, RunMode} from '../correlate/live-facts.js';
import {createRetentionBudget, createSignalState} from '../detect/collect-signals.js';
import {evaluateFindings} from '../diagnose/evaluate-findings.js';
import {compareFindings} from '../diagnose/rank-findings.js';
import {verdictOf, type Report, type SourceReport} from '../diagnose/report.js';
import {topTemplates} from '../diagnose/unknown-templates.js';
import type {SessionOptions} from './diagnosis-session.js';
import type {Observed, SessionState, SourceState} from './session-state.js';

// A node's own observations and those of records without a node; the nameless node (logs that name none) gets all.
function observedOf(observed: ReadonlyMap<string, Observed>, name: string): {identifiers: string[]; sources: string[]} {
	const parts = name === '' ? [...observed.values()] : [observed.get(name), observed.get('')].filter((o): o is Observed => o !== undefined);
	return {identifiers: [...new Set(parts.flatMap((o) => [...o.identifiers]))], sources: [...new Set(parts.flatMap((o) => [...o.sources]))]};
}

/** The diagnosis of everything read so far: per node context and findings, ranked, with the sources' counts. */
export function buildReport(state: SessionState, live: LiveFacts | undefined): Report {
	const {options, sources, nodes, envelopes, templates, warnings, anyLocal} = state;
	const {rules} = options;
	const firsts = sources.map((s) => s.first).filter((t): t is number => t !== undefined);
	const lasts = sources.map((s) => s.last).filter((t): t is number => t !== undefined);
	const first = firsts.length > 0 ? Math.min(...firsts) : undefined;
	const last = lasts.length > 0 ? Math.max(...lasts) : undefined;
	const runModeHint: RunMode = envelopes.has('cri') || envelopes.has('kubectl') || envelopes.has('docker-json') || sources.some((s) => s.descriptor.pod !== undefined) ? 'static-pod' : [...envelopes].some((e) => e.startsWith('journald')) ? 'systemd' : 'unknown';
	const names = [...nodes.keys()].sort();
	if (names.length === 0) names.push('');
	const localName = options.localHostName?.split('.')[0];
	const perNode = names.map((name) => {
		// Read only: a report asked for before any line arrived must not leave an empty node behind.
		const signals = nodes.get(name) ?? createSignalState(createRetentionBudget());
		// Live facts describe this machine: with several nodes, only the one of this host name.
		const nodeLive = names.length === 1 || name === localName || name === options.localHostName ? live : undefined;
		const context = buildContext(rules, signals, {
			selfIps: options.selfIps ?? [],
			startedAt: options.startedAt,
			version: options.version,
			now: options.now,
			live: nodeLive,
			runModeHint,
			logRange: {first, last},
			node: name === '' ? undefined : name,
			distribution: options.distribution,
			observed: observedOf(state.observed, name),
		});
		const evaluated = evaluateFindings(rules, signals, context);
		const node = name === '' ? undefined : name;
		return {
			name: node,
			context,
			findings: evaluated.findings.map((f) => ({...f, node})),
			ruledOut: evaluated.ruledOut.map((r) => ({...r, node})),
		};
	});
	const findings = perNode.flatMap((n) => n.findings).sort(compareFindings);
	const ruledOut = perNode.flatMap((n) => n.ruledOut);
	// The node the report's context describes: the one with the most important finding, else the first.
	const context = (perNode.find((n) => n.name === findings[0]?.node) ?? perNode[0]!).context;
	const totalRecords = sources.reduce((n, s) => n + s.records, 0);
	const anyInput = totalRecords > 0;
	const sourceReports: SourceReport[] = sources.map((s) => ({
		name: s.descriptor.name,
		kind: s.descriptor.kind,
		envelope: s.envelope,
		payload: s.payload,
		bytes: s.bytes,
		lines: s.lines,
		records: s.records,
		unparsed: s.unparsed,
		skipped: s.skipped,
		truncated: s.truncated,
		first: s.first,
		last: s.last,
		warnings: s.warnings,
	}));
	const liveFacts = ['probe-loopback-expired', 'probe-loopback-expiring', 'probe-loopback-valid', 'process-uptime-exceeds-lifetime', 'disk-certs-valid', 'disk-cert-expired']
		.filter((fact) => context.facts.has(fact))
		.map((fact) => context.facts.get(fact)!);
	if (live?.process !== undefined) liveFacts.push(`kube-apiserver process ${live.process.pid} found, started ${new Date(live.process.startedAt).toISOString()}`);
	return {
		verdict: verdictOf(findings, anyInput),
		noInput: anyInput ? undefined : noInputReason(sources, warnings, options),
		predictionsFrom: options.follow === true || anyLocal ? 'now' : 'last-line',
		nodes: perNode.length > 1 || perNode[0]?.name !== undefined ? perNode.map((n) => ({name: n.name ?? '(unknown)', verdict: verdictOf(n.findings, anyInput), findings: n.findings.map((f) => f.id), selfIps: n.context.selfAddresses.map((a) => a.ip)})) : [],
		sources: sourceReports,
		first,
		last,
		context,
		selfIps: context.selfAddresses,
		findings,
		ruledOut,
		unknownTemplates: topTemplates(templates, 10),
		warnings: [...warnings, ...sources.flatMap((s) => s.warnings.map((w) => `${s.descriptor.name === '-' ? 'stdin' : s.descriptor.name}: ${w}`)), ...(templates.overflow > 0 ? [`${templates.overflow} unexplained warning/error lines were not grouped (template table full)`] : [])],
		totals: {
			bytes: sourceReports.reduce((n, s) => n + s.bytes, 0),
			lines: sourceReports.reduce((n, s) => n + s.lines, 0),
			records: sourceReports.reduce((n, s) => n + s.records, 0),
			unparsed: sourceReports.reduce((n, s) => n + s.unparsed, 0),
		},
		liveFacts,
		generatedAt: options.now,
	};
}

const isoSecond = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One sentence saying what was read when no record was left to diagnose. */
function noInputReason(sources: readonly SourceState[], warnings: readonly string[], options: SessionOptions): string {
	const outside = sources.reduce((n, s) => n + s.outside, 0);
	if (outside > 0) {
		const firsts = sources.map((s) => s.outsideFirst).filter((t): t is number => t !== undefined);
		const lasts = sources.map((s) => s.outsideLast).filter((t): t is number => t !== undefined);
		const window =
			options.since !== undefined && options.until !== undefined
				? `between ${isoSecond(options.since)} and ${isoSecond(options.until)}`
				: options.since !== undefined
					? `at or after ${isoSecond(options.since)}`
					: `at or before ${isoSecond(options.until ?? 0)}`;
		return `no lines ${window}; the logs span ${isoSecond(Math.min(...firsts))} to ${isoSecond(Math.max(...lasts))}`;
	}

	const lines = sources.reduce((n, s) => n + s.lines, 0);
	if (lines > 0) {
		const unparsed = sources.reduce((n, s) => n + s.unparsed, 0);
		return `${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'} read, none of them a log record${unparsed > 0 ? ` (${unparsed.toLocaleString('en-US')} could not be parsed)` : ' (blank lines or separators)'}`;
	}

	const problem = warnings[0] ?? sources.flatMap((s) => s.warnings.map((w) => `${s.descriptor.name === '-' ? 'stdin' : s.descriptor.name}: ${w}`))[0];
	if (problem !== undefined) return problem;
	if (sources.some((s) => !s.done)) return 'no line has been read yet';
	return sources.length === 0 ? 'no input was given' : `${sources.map((s) => (s.descriptor.name === '-' ? 'stdin' : s.descriptor.name)).join(', ')} held no lines`;
}
