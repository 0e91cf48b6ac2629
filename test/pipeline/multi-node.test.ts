import {copyFileSync, mkdirSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {formatText} from '../../src/render/format-text.js';
import {findingRows} from '../../src/render/ui/finding-lines.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const podLog = (dir: string) => path.join(fixtures, dir);

describe('a bundle collected from three control-plane nodes', () => {
	// One folder per node, as an engineer copies them: only cp-2 has the incident.
	const bundle = mkdtempSync(path.join(tmpdir(), 'kubesleuth-bundle-'));
	const place = (node: string, from: string) => {
		mkdirSync(path.join(bundle, node), {recursive: true});
		copyFileSync(from, path.join(bundle, node, 'kube-apiserver.log'));
	};

	place('cp-1', podLog('incidents/healthy/var/log/pods/kube-system_kube-apiserver-cp-1_0c6e2b8f4a1d4e97b3f5a8c2d1e0f6a9/kube-apiserver/0.log'));
	place('cp-2', podLog('demo/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c1b9d47e3a5c0f7d2b6e9a143/kube-apiserver/0.log'));
	place('cp-3', podLog('incidents/lb-eof-noise/var/log/pods/kube-system_kube-apiserver-controller-0_6a1f3c9e2b7d4c58e0a9b8c7d6e5f4a3/kube-apiserver/0.log'));

	it('names only the sick node', async () => {
		const report = await diagnosePaths([bundle]);
		expect(report.nodes.map((n) => [n.name, n.verdict])).toEqual([
			['cp-1', 'healthy'],
			['cp-2', 'incident'],
			['cp-3', 'healthy'],
		]);
		const expired = report.findings.filter((f) => f.id === 'apiserver-loopback-cert-expired');
		expect(expired.map((f) => f.node)).toEqual(['cp-2']);
		const text = formatText(report, {color: false, redacted: 0, redactionEnabled: true});
		expect(text.split('\n')[0]).toContain('INCIDENT on cp-2');
		expect(text).toContain('Restart kube-apiserver on: cp-2');
		const row = findingRows(expired[0]!, true, 120, true)[0]!.map((segment) => segment.text).join('');
		expect(row).toContain('apiserver-loopback-cert-expired  on cp-2');
	});

	it('keeps each node\'s own addresses apart', async () => {
		const report = await diagnosePaths([bundle]);
		expect(report.nodes.find((n) => n.name === 'cp-2')?.selfIps).toContain('10.13.96.11');
		expect(report.nodes.find((n) => n.name === 'cp-1')?.selfIps).not.toContain('10.13.96.11');
	});
});

describe('a report asked for before any line arrived', () => {
	it('leaves no empty node behind (the live view asks ten times a second)', async () => {
		const {loadRules} = await import('../../src/cli/load-rules.js');
		const {createDiagnosisSession} = await import('../../src/pipeline/diagnosis-session.js');
		const {feedSources} = await import('../../src/cli/feed-sources.js');
		const {Readable} = await import('node:stream');
		const {rules} = await loadRules([]);
		const session = createDiagnosisSession({rules, now: Date.parse('2026-11-28T12:00:00Z'), timeZone: 'utc'});
		expect(session.report().nodes).toEqual([]);
		await feedSources(session, [{type: 'paths', paths: [path.join(fixtures, 'demo')], local: false}], {maxLineBytes: 65_536, stdin: Readable.from([])});
		expect(session.report().nodes.map((n) => n.name)).toEqual(['cp-1']);
	});
});
