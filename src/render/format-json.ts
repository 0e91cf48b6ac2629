import {evidenceMessage} from '../detect/evidence-line.js';
import type {Step} from '../diagnose/finding.js';
import type {Report} from '../diagnose/report.js';
import {isoTime} from './report-words.js';
import {escapeJsonText} from './sanitize-text.js';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : isoTime(ms));
const step = (s: Step): {command: string | null; why: string} => ({command: s.command ?? null, why: s.why});

/** The stable JSON shape for scripts (schemaVersion 1). */
export function toJsonReport(report: Report, redacted: number, redactionEnabled: boolean): unknown {
	const {context} = report;
	return {
		schemaVersion: 1,
		verdict: report.verdict,
		noInput: report.noInput ?? null,
		predictionsFrom: report.predictionsFrom ?? 'last-line',
		nodes: report.nodes,
		input: {
			sources: report.sources.map((s) => ({...s, first: iso(s.first), last: iso(s.last)})),
			first: iso(report.first),
			last: iso(report.last),
		},
		context: {
			selfIps: report.selfIps.map((a) => ({ip: a.ip, from: a.from.join(', ')})),
			apiserver: {
				startedAt: iso(context.start?.at),
				startedAtFrom: context.start?.from ?? null,
				version: context.version?.value ?? null,
				versionFrom: context.version?.from ?? null,
				loopbackCertNotAfter: iso(context.loopbackNotAfter?.at),
				loopbackCertNotAfterFrom: context.loopbackNotAfter?.from ?? null,
				loopbackCertLifetimeDays: context.lifetimeDays,
				runMode: context.runMode,
				securePort: context.securePort,
			},
			distribution: {id: context.distribution.id ?? null, name: context.distribution.name, reasons: context.distribution.reasons, candidates: context.distribution.candidates},
			facts: Object.fromEntries(context.facts),
			live: report.liveFacts,
			notes: context.notes,
		},
		findings: report.findings.map((f) => ({
			id: f.id,
			title: f.title,
			severity: f.severity,
			confidence: f.confidence,
			summary: f.summary,
			explanation: f.explanation,
			firstSeen: iso(f.firstSeen),
			lastSeen: iso(f.lastSeen),
			count: f.count,
			reasoning: f.reasoning.map((r) => ({stance: r.stance, text: r.text})),
			evidenceCount: f.evidenceCount,
			// `text` is the message decoded from its envelope; `raw` the line as it was read.
			evidence: f.evidence.map((e) => ({source: e.source, line: e.line, time: iso(e.time), severity: e.severity ?? null, node: e.host ?? e.pod ?? null, text: evidenceMessage(e), raw: e.text, ...(e.cut === undefined ? {} : {cut: e.cut}), ...(e.redated === undefined ? {} : {redated: e.redated})})),
			// A step is {command, why}: `command` is null for a prose step, so a script can take the commands out.
			actions: f.actions.map(step),
			verify: f.verify.map(step),
			longTerm: f.longTerm.map(step),
			references: f.references,
			preferredOver: f.preferredOver,
			rule: f.rule,
			node: f.node ?? null,
		})),
		ruledOut: report.ruledOut,
		unknownTemplates: report.unknownTemplates.map((t) => ({template: t.template, count: t.count, severity: t.severity, example: {source: t.example.source, line: t.example.line, time: iso(t.example.time), text: evidenceMessage(t.example), raw: t.example.text}})),
		warnings: report.warnings,
		redaction: {enabled: redactionEnabled, values: redacted},
	};
}

export function formatJson(report: Report, redacted: number, redactionEnabled: boolean): string {
	return escapeJsonText(JSON.stringify(toJsonReport(report, redacted, redactionEnabled), null, 2)) + '\n';
}
