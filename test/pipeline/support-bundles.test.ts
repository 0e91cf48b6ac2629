import {mkdtemp} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {create} from 'tar';
import {describe, expect, it} from 'vitest';
import type {Report} from '../../src/diagnose/report.js';
import {diagnosePaths} from '../helpers/diagnose-paths.js';

/** A step as one line: why, then the command (when it has one) after a colon. */
const stepLine = (step: {readonly command: string | undefined; readonly why: string} | undefined): string => (step === undefined ? '' : step.command === undefined ? step.why : `${step.why}: ${step.command}`);

const bundles = path.resolve(import.meta.dirname, '../../fixtures/bundles');
const at = (p: string) => path.join(bundles, p);
const verdicts = (report: Report) => report.nodes.map((n) => [n.name, n.verdict, n.findings]);
const top = (report: Report) => report.findings[0];

describe('support bundles read as folders, with per-node verdicts', () => {
	it('an OpenShift must-gather: master-0 has the expired loopback certificate, master-1 is healthy; the operator redeploys', async () => {
		const report = await diagnosePaths([at('must-gather')]);
		expect(verdicts(report)).toEqual([
			['master-0', 'incident', ['apiserver-loopback-cert-expired']],
			['master-1', 'healthy', []],
		]);
		expect(top(report)?.node).toBe('master-0');
		expect(report.context.distribution.id).toBe('openshift');
		expect(top(report)?.actions[0]?.command).toMatch(/^oc patch kubeapiserver cluster --type=merge -p .*forceRedeploymentReason/);
		expect(top(report)?.actions[0]?.why).toMatch(/^Restart the apiserver on this node \(OpenShift 4\); the operator rolls out a new revision/);
		expect(report.context.lifetimeDays).toBe(365);
		expect(report.sources.map((s) => s.name).some((name) => name.includes('guard'))).toBe(false);
	});

	it('a Rancher log collector folder per rke2 node', async () => {
		const report = await diagnosePaths([at('rancher-log-collector')]);
		expect(verdicts(report)).toEqual([
			['rke2-cp-1', 'incident', ['apiserver-loopback-cert-expired']],
			['rke2-cp-2', 'healthy', []],
		]);
		expect(report.sources.some((s) => s.name.includes('/systeminfo/') || s.name.includes('/kubectl/'))).toBe(false);
	});

	it('an sosreport of a MicroK8s node: only its journal export is read, kubelite is restarted with snap, the probe goes to 16443', async () => {
		const report = await diagnosePaths([at('sosreport')]);
		expect(report.sources.map((s) => path.basename(s.name))).toEqual(['journalctl_--no-pager']);
		expect(verdicts(report)).toEqual([['mk8s-1', 'incident', ['apiserver-loopback-cert-expired']]]);
		expect(report.context.distribution.id).toBe('microk8s');
		expect(top(report)?.actions[0]).toEqual({command: 'snap restart microk8s.daemon-kubelite', why: 'Restart the apiserver on this node (MicroK8s); before MicroK8s 1.21: snap restart microk8s.daemon-apiserver; this restarts the kubelet on the node too'});
		expect(top(report)?.verify.map((v) => v.command)).toContain('kubesleuth probe 192.168.1.40:16443');
		// The journal has no years: the start-up lines are a year older than their neighbours at the end.
		expect(Math.abs((report.context.start?.at ?? 0) - Date.parse('2025-11-21T06:10:30Z'))).toBeLessThan(5000);
	});

	it('a supportconfig of a k3s node: the loopback certificate expires in a week, so plan systemctl restart k3s', async () => {
		const report = await diagnosePaths([at('supportconfig')]);
		expect(verdicts(report)).toEqual([['k3s-node-1', 'warning', ['apiserver-loopback-cert-expiring']]]);
		expect(report.context.distribution.id).toBe('k3s');
		expect(top(report)?.actions[0]?.command).toBe('systemctl restart k3s');
		expect(top(report)?.actions[0]?.why).toMatch(/^Plan a restart of the apiserver before 2026-12-05T09:00:04Z, one control-plane node at a time \(k3s\)/);
		expect(report.context.securePort).toBe(6444);
		expect(report.context.lifetimeDays).toBe(365);
	});
});

describe('support bundles read as tar.gz archives, without unpacking', () => {
	it('two Rancher log collector archives, one per node, give one verdict per node', async () => {
		const directory = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-collector-'));
		for (const node of ['rke2-cp-1-2026-11-28_09_30_01', 'rke2-cp-2-2026-11-28_09_31_12']) {
			await create({cwd: at('rancher-log-collector'), file: path.join(directory, `${node}.tar.gz`), gzip: true, portable: true}, [node]);
		}

		const report = await diagnosePaths([directory]);
		expect(verdicts(report)).toEqual([
			['rke2-cp-1', 'incident', ['apiserver-loopback-cert-expired']],
			['rke2-cp-2', 'healthy', []],
		]);
		expect(report.sources.map((s) => path.relative(directory, s.name)).sort()).toEqual([
			'rke2-cp-1-2026-11-28_09_30_01.tar.gz/rke2-cp-1-2026-11-28_09_30_01/journald/rke2-server',
			'rke2-cp-1-2026-11-28_09_30_01.tar.gz/rke2-cp-1-2026-11-28_09_30_01/rke2/podlogs/kube-system_kube-apiserver-rke2-cp-1_8a7b6c5d4e3f4a2b9c8d7e6f5a4b3c2d/kube-apiserver/0.log',
			'rke2-cp-2-2026-11-28_09_31_12.tar.gz/rke2-cp-2-2026-11-28_09_31_12/journald/rke2-server',
			'rke2-cp-2-2026-11-28_09_31_12.tar.gz/rke2-cp-2-2026-11-28_09_31_12/rke2/podlogs/kube-system_kube-apiserver-rke2-cp-2_1f2e3d4c5b6a49788796a5b4c3d2e1f0/kube-apiserver/0.log',
		]);
		expect(report.context.distribution.id).toBe('rke2');
		expect(top(report)?.actions[0]?.command).toBe('systemctl restart rke2-server');
		expect(top(report)?.actions[0]?.why).toMatch(/^Restart the apiserver on this node \(rke2\); if kubesleuth probe still shows the old certificate, stop the container/);
		expect(report.warnings).toEqual([]);
	});

	it('a must-gather archive given as a file gives the same verdicts as its folder', async () => {
		const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-must-gather-')), 'must-gather.tar.gz');
		await create({cwd: at('must-gather'), file, gzip: true, portable: true}, ['must-gather.local.5183920471618471045']);
		const report = await diagnosePaths([file]);
		expect(verdicts(report)).toEqual(verdicts(await diagnosePaths([at('must-gather')])));
	});
});
