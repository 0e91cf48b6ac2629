import type {Report} from '../diagnose/report.js';
import {isoTime} from './report-words.js';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : isoTime(ms));

/** The stable JSON shape for scripts (schemaVersion 1). */
export function toJsonReport(report: Report, redacted: number, redactionEnabled: boolean): unknown {
	const {context} = report;
	return {
		schemaVersion: 1,
		verdict: report.verdict,
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
				loopbackCertNotAfter: iso(context.loopbackNotAfter?.at),
				loopbackCertNotAfterFrom: context.loopbackNotAfter?.from ?? null,
				loopbackCertLifetimeDays: context.lifetimeDays,
				runMode: context.runMode,
				securePort: context.securePort,
			},
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
			evidence: f.evidence.map((e) => ({source: e.source, line: e.line, time: iso(e.time), text: e.text, ...(e.cut === undefined ? {} : {cut: e.cut}), ...(e.redated === undefined ? {} : {redated: e.redated})})),
			actions: f.actions,
			verify: f.verify,
			longTerm: f.longTerm,
			references: f.references,
			preferredOver: f.preferredOver,
			rule: f.rule,
			node: f.node ?? null,
		})),
		ruledOut: report.ruledOut,
		unknownTemplates: report.unknownTemplates.map((t) => ({template: t.template, count: t.count, severity: t.severity, example: {source: t.example.source, line: t.example.line, time: iso(t.example.time), text: t.example.text}})),
		warnings: report.warnings,
		redaction: {enabled: redactionEnabled, values: redacted},
	};
}

// JSON.stringify leaves C1 controls and bidirectional overrides as they are; a terminal showing the
// JSON could act on them, so they are written as \u escapes (still the same JSON value).
const unsafeInJson = /[\u0080-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;

export function formatJson(report: Report, redacted: number, redactionEnabled: boolean): string {
	return JSON.stringify(toJsonReport(report, redacted, redactionEnabled), null, 2).replace(unsafeInJson, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
