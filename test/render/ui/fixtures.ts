import type {Finding} from '../../../src/diagnose/finding.js';
import type {Report} from '../../../src/diagnose/report.js';
import type {Progress} from '../../../src/pipeline/diagnosis-session.js';
import type {Snapshot} from '../../../src/render/ui/snapshot.js';
import {lineText, type ScreenLine} from '../../../src/render/ui/screen-line.js';
import type {ScreenModel} from '../../../src/render/ui/view-model.js';
import {diagnosePaths} from '../../helpers/diagnose-paths.js';

/** The demo incident, diagnosed by the real pipeline. */
export async function demoReport(): Promise<Report> {
	return diagnosePaths(['fixtures/demo']);
}

/** Progress of a finished read of the report's sources. */
export function progressOf(report: Report, overrides: Partial<Progress> = {}): Progress {
	return {
		sources: report.sources.map((s) => ({name: s.name, bytes: s.bytes, size: s.bytes, lines: s.lines, records: s.records, done: true})),
		bytes: report.totals.bytes,
		lines: report.totals.lines,
		records: report.totals.records,
		totalSize: report.totals.bytes,
		...overrides,
	};
}

export function snapshotOf(report: Report, overrides: Partial<Snapshot> = {}): Snapshot {
	return {report, progress: progressOf(report), phase: 'done', rate: undefined, elapsedMs: 1234, ...overrides};
}

/** The same report with its first finding changed. */
export function withFinding(report: Report, change: (finding: Finding) => Finding): Report {
	return {...report, findings: report.findings.map((f, i) => (i === 0 ? change(f) : f))};
}

/** Every row of a screen model as plain text, top to bottom (side panels after the list). */
export function screenText(model: ScreenModel): string[] {
	const rows: ScreenLine[] = [...model.header];
	switch (model.body.kind) {
		case 'list':
			rows.push(...model.body.findings, ...model.body.context);
			break;
		case 'page':
			rows.push(...model.body.lines);
			break;
		default:
			model.body satisfies never;
	}

	rows.push(...model.footer);
	return rows.map(lineText);
}

/** Rows drawn one under the other: header, the taller of the body's columns, footer. */
export function drawnHeight(model: ScreenModel): number {
	const body = model.body.kind === 'list' ? (model.body.contextWidth === undefined ? model.body.findings.length + model.body.context.length : Math.max(model.body.findings.length, model.body.context.length)) : model.body.lines.length;
	return model.header.length + body + model.footer.length;
}
