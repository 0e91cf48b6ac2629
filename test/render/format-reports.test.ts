import {beforeAll, describe, expect, it} from 'vitest';
import type {Report} from '../../src/diagnose/report.js';
import {formatJson} from '../../src/render/format-json.js';
import {formatMarkdown} from '../../src/render/format-markdown.js';
import {formatText} from '../../src/render/format-text.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

let demo: Report;
beforeAll(async () => {
	demo = await diagnosePaths(['fixtures/demo']);
});

const text = (report: Report): string => formatText(report, {color: false, redacted: 0, redactionEnabled: true});

describe('the text report', () => {
	it('leads with what to do: summary, Do now, Confirm, then why, evidence, timeline, context', () => {
		const rows = text(demo).split('\n');
		const order = ['  Do now:', '  Confirm:', '  What is happening:', '  Why:', '  Evidence (', '  Timeline (', 'Context:'].map((h) => rows.findIndex((r) => r.startsWith(h)));
		expect(order.every((at) => at > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});

	it('puts every command alone on its line, whole, and no prose on a command line', () => {
		const rows = text(demo).split('\n');
		for (const step of [...demo.findings[0]!.actions, ...demo.findings[0]!.verify]) {
			if (step.command === undefined) continue;
			expect(rows).toContain(`         ${step.command}`);
		}

		expect(rows).toContain('         kubeadm certs check-expiration');
		expect(rows.join('\n')).not.toContain('kubeadm certs check-expiration (');
	});

	it('shows evidence as time, severity, node, source:line and the decoded message', () => {
		const evidence = text(demo).split('\n').filter((r) => /^ {4}2026-11-27T10:38:45Z/.test(r));
		expect(evidence[1]).toBe(
			'    2026-11-27T10:38:45Z  warning  cp-1  0.log:314  k8s.io/client-go/informers/factory.go:150: failed to list *v1.PersistentVolume: Get "https://10.13.96.11:6443/api/v1/persistentvolumes?resourceVersion=394395952": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-27T10:38:45Z is after 2026-11-27T10:38:13Z',
		);
		// The CRI envelope and the klog header are not repeated.
		expect(evidence.join('\n')).not.toContain('stderr F');
	});

	it('never counts more shown lines than there are, and says no "unknown"', () => {
		const report = text(demo);
		for (const [, shown, total] of report.matchAll(/(\d[\d,]*) of (\d[\d,]*)/g)) expect(Number(shown!.replace(/,/g, ''))).toBeLessThanOrEqual(Number(total!.replace(/,/g, '')));
		expect(report).not.toMatch(/\bunknown\b/);
	});

	it('leaves the apiserver out of the context of logs that say nothing about it', async () => {
		const kubelet = await diagnosePaths(['fixtures/incidents/unknown-authority/kubelet-journal-node-1.log']);
		const context = text(kubelet).split('Context:')[1]!;
		expect(context).not.toContain('Runs as');
		expect(context).not.toContain('Uptime');
		expect(context).toContain('these logs do not say when kube-apiserver started');
	});
});

describe('the Markdown report', () => {
	it('puts commands in sh code blocks, unescaped, and leaves && in prose alone', () => {
		const markdown = formatMarkdown(demo, 0, true);
		expect(markdown).toContain('   ```sh\n   mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/ && sleep 20 && mv /tmp/kube-apiserver.yaml /etc/kubernetes/manifests/\n   ```');
		expect(markdown).not.toContain('\\&\\&');
		expect(markdown.indexOf('### Do now')).toBeLessThan(markdown.indexOf('### Why'));
		expect(markdown.indexOf('### Why')).toBeLessThan(markdown.indexOf('### Evidence'));
	});
});

describe('the JSON report', () => {
	it('gives actions and checks as {command, why}, and evidence as the message with the raw line beside it', () => {
		const json = JSON.parse(formatJson(demo, 0, true)) as {findings: {actions: {command: string | null; why: string}[]; verify: {command: string | null; why: string}[]; evidence: {text: string; raw: string; severity: string}[]}[]};
		const [finding] = json.findings;
		expect(finding!.verify).toContainEqual({command: 'kubeadm certs check-expiration', why: 'The on-disk certificates should all still be valid (kubeadm)'});
		expect(finding!.actions.map((a) => a.command)).toContain('mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/ && sleep 20 && mv /tmp/kube-apiserver.yaml /etc/kubernetes/manifests/');
		const evidence = finding!.evidence.find((e) => e.raw.includes('x509'))!;
		expect(evidence.raw).toMatch(/^2026-11-27T10:38:45\.\d+Z stderr F [WE]1127 /);
		expect(evidence.text).toMatch(/^k8s\.io\/client-go/);
	});
});
