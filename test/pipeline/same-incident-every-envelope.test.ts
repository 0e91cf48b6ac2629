import {mkdtempSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

// The demo incident's CRI file, unwrapped to its klog lines, then wrapped again in every other envelope.
const demo = path.resolve(import.meta.dirname, '../../fixtures/demo/var/log/pods/kube-system_kube-apiserver-cp-1_8e2f6a4c1b9d47e3a5c0f7d2b6e9a143/kube-apiserver/0.log');
const entries = readFileSync(demo, 'utf8')
	.split('\n')
	.filter((line) => line !== '')
	.map((line) => {
		const [time, , , ...rest] = line.split(' ');
		const klog = rest.join(' ');
		const year = Number(time!.slice(0, 4));
		const m = /^[IWEF](\d\d)(\d\d) (\d\d:\d\d:\d\d)\.(\d{6})/.exec(klog);
		// The envelope carries the klog line's own time, so every envelope dates a line the same way.
		const iso = m ? `${year}-${m[1]}-${m[2]}T${m[3]}.${m[4]}` : time!.slice(0, 26);
		return {klog, iso, stream: line.split(' ')[1]!};
	});

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const shortTime = (iso: string, precise: boolean): string => {
	const d = new Date(`${iso}Z`);
	const base = `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${iso.slice(11, 19)}`;
	return precise ? `${base}.${iso.slice(20, 26)}` : base;
};

const envelopes: Record<string, {file: string; text: string; precision: number}> = {
	cri: {file: '0.log', text: readFileSync(demo, 'utf8'), precision: 1},
	klog: {file: 'kube-apiserver.log', text: entries.map((e) => e.klog).join('\n') + '\n', precision: 1},
	'journald-short': {file: 'journal-short.txt', text: entries.map((e) => `${shortTime(e.iso, false)} cp-1 kube-apiserver[2145]: ${e.klog}`).join('\n') + '\n', precision: 1000},
	'journald-short-precise': {file: 'journal-precise.txt', text: entries.map((e) => `${shortTime(e.iso, true)} cp-1 kube-apiserver[2145]: ${e.klog}`).join('\n') + '\n', precision: 1},
	'journald-short-iso-precise': {file: 'journal-iso.txt', text: entries.map((e) => `${e.iso}+00:00 cp-1 kube-apiserver[2145]: ${e.klog}`).join('\n') + '\n', precision: 1},
	'journald-json': {
		file: 'journal.json',
		text:
			entries
				.map((e) => JSON.stringify({__REALTIME_TIMESTAMP: String(Date.parse(`${e.iso.slice(0, 23)}Z`) * 1000 + Number(e.iso.slice(23, 26))), _HOSTNAME: 'cp-1', _PID: '2145', SYSLOG_IDENTIFIER: 'kube-apiserver', _SYSTEMD_UNIT: 'kube-apiserver.service', PRIORITY: '6', MESSAGE: e.klog}))
				.join('\n') + '\n',
		precision: 1,
	},
	'docker-json': {file: 'container-json.log', text: entries.map((e) => JSON.stringify({log: `${e.klog}\n`, stream: e.stream, time: `${e.iso}000Z`})).join('\n') + '\n', precision: 1},
	kubectl: {file: 'kubectl.txt', text: entries.map((e) => `[pod/kube-apiserver-cp-1/kube-apiserver] ${e.iso}000Z ${e.klog}`).join('\n') + '\n', precision: 1},
};

describe('the same incident in every envelope', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-envelopes-'));
	it.each(Object.entries(envelopes))('%s gives the same finding with the same first-seen time', async (name, envelope) => {
		const file = path.join(dir, envelope.file);
		writeFileSync(file, envelope.text);
		utimesSync(file, new Date('2026-11-28T09:00:00Z'), new Date('2026-11-28T09:00:00Z'));
		const report = await diagnosePaths([file], {year: name.startsWith('journald-short') && !name.includes('iso') || name === 'klog' ? 2025 : undefined});
		const [top] = report.findings;
		expect(top?.id, name).toBe('apiserver-loopback-cert-expired');
		expect(top?.confidence, name).toBeGreaterThanOrEqual(0.8);
		expect(Math.floor((top?.firstSeen ?? 0) / envelope.precision) * envelope.precision, name).toBe(Math.floor(Date.parse('2026-11-27T10:38:45.714Z') / envelope.precision) * envelope.precision);
		expect(report.sources[0]?.envelope, name).toBe(name === 'klog' ? 'none' : name);
	});
});
