import {describe, expect, it} from 'vitest';
import {diagnosePaths, findingIds} from '../helpers/diagnose-paths.js';
import path from 'node:path';

// Lines built from the formats in error-grammar.md and log-formats.md §1 (klog), not copied from a log.
const klog = (severity: string, message: string, second = 0): string => `${severity}1128 10:00:${String(second).padStart(2, '0')}.000000       1 example.go:10] ${message}`;
const stdin = (...lines: string[]) => diagnosePaths([], {stdin: `${lines.join('\n')}\n`, selfIps: ['10.0.0.5']});

describe('never silent: a failure no hypothesis explains still gets an honest finding', () => {
	it('a certificate failure of no known cause', async () => {
		const report = await stdin(klog('E', 'Get "https://10.9.9.9:8443/x": x509: certificate specifies an incompatible key usage'));
		expect(findingIds(report)).toContain('certificate-error-unclassified');
		expect(report.verdict).not.toBe('healthy');
		const finding = report.findings.find((f) => f.id === 'certificate-error-unclassified')!;
		expect(finding.evidence).toHaveLength(1);
		expect(finding.evidence[0]!.line).toBe(1);
	});

	it('a refused connection to one of the node\'s own components', async () => {
		const report = await stdin(klog('E', 'Get "https://10.0.0.5:10257/healthz": dial tcp 10.0.0.5:10257: connect: connection refused'));
		expect(findingIds(report)).toContain('connection-failure-unclassified');
	});

	it('a fatal line', async () => {
		const report = await stdin(klog('F', 'failed to create listener: something odd happened'));
		expect(findingIds(report)).toContain('component-crashed');
	});

	it('a refused credential that no specific finding claims', async () => {
		const report = await stdin(klog('E', '"Unable to authenticate the request" err="[invalid bearer token, something unforeseen]"'));
		expect(findingIds(report)).toContain('authentication-failure-unclassified');
	});

	it('an etcd error no etcd finding explains', async () => {
		const report = await stdin(klog('E', 'status.go:71] apiserver received an error that is not an metav1.Status: rpctypes.EtcdError{code:0x5, desc:"etcdserver: not capable"}'));
		expect(findingIds(report)).toContain('etcd-error-unclassified');
	});

	it('stays out of the way when a finding explains the lines', async () => {
		const report = await diagnosePaths([path.resolve(import.meta.dirname, '../../fixtures/demo')]);
		expect(findingIds(report)[0]).toBe('apiserver-loopback-cert-expired');
		expect(findingIds(report)).not.toContain('certificate-error-unclassified');
	});

	it('takes connections refused in the seconds after a start for components coming up, not an outage', async () => {
		const report = await diagnosePaths([path.resolve(import.meta.dirname, '../../fixtures/incidents/healthy-start')]);
		expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
		expect(report.context.facts.has('connection-failures-at-start')).toBe(true);
	});

	it('says nothing of a healthy log', async () => {
		const report = await diagnosePaths([path.resolve(import.meta.dirname, '../../fixtures/incidents/healthy')]);
		expect(report.verdict).toBe('healthy');
		expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
	});
});
