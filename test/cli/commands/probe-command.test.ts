import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runProbeCommand} from '../../../src/cli/commands/probe-command.js';
import {makeCertificate} from '../../host/helpers/openssl-certificates.js';
import {freePort, type RunningServer, startSniServer} from '../../host/helpers/sni-tls-server.js';
import {captureIo} from './command-io.js';

const dayMs = 86_400_000;
const now = Math.floor(Date.now() / 1000) * 1000;
const unix = Math.floor((now - (355 * dayMs)) / 1000);
let server: RunningServer;

beforeAll(async () => {
	// A loopback certificate with 10 days left, as on an apiserver up for 355 days.
	const loopback = await makeCertificate({
		commonName: `apiserver-loopback-client@${unix}`,
		issuerCommonName: `apiserver-loopback-client-ca@${unix}`,
		notBefore: new Date((unix * 1000) - 3_600_000),
		notAfter: new Date((unix * 1000) - 3_600_000 + (365 * dayMs)),
		dnsNames: ['apiserver-loopback-client'],
	});
	const serving = await makeCertificate({commonName: 'kube-apiserver', notBefore: new Date(now - dayMs), notAfter: new Date(now + (300 * dayMs))});
	server = await startSniServer({'apiserver-loopback-client': loopback}, serving);
});

afterAll(async () => server.close());

const options = {format: 'text' as const, timeoutMs: 5000, procRoot: '/nonexistent'};

describe('runProbeCommand', () => {
	it('prints the loopback certificate and exits 1 when it expires within 30 days', async () => {
		const io = captureIo(now);
		expect(await runProbeCommand({...options, target: `127.0.0.1:${server.port}`}, io)).toBe(1);
		expect(io.written().stdout).toContain(`Subject:         CN=apiserver-loopback-client@${unix}\n`);
		expect(io.written().stdout).toMatch(/Verdict: +Expires in 9 days/);
		expect(io.written().stderr).toBe('');
	});

	it('exits 0 when the loopback certificate has more than 30 days left, in JSON', async () => {
		const io = captureIo(now - (200 * dayMs));
		expect(await runProbeCommand({...options, format: 'json', target: `127.0.0.1:${server.port}`}, io)).toBe(0);
		expect(JSON.parse(io.written().stdout)).toMatchObject({outcome: 'certificate', verdict: {status: 'healthy'}, certificate: {isLoopback: true}});
	});

	it('probes the apiserver found under the proc root when no target is given', async () => {
		const procRoot = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-probe-proc-'));
		await writeFile(path.join(procRoot, 'stat'), 'btime 1700000000\n');
		await mkdir(path.join(procRoot, '99'));
		await writeFile(path.join(procRoot, '99', 'cmdline'), `kube-apiserver\0--bind-address=0.0.0.0\0--advertise-address=127.0.0.1\0--secure-port=${server.port}\0`);
		await writeFile(path.join(procRoot, '99', 'stat'), `99 (kube-apiserver) S ${Array.from({length: 19}, () => '1').join(' ')} 0\n`);
		const io = captureIo(now);
		expect(await runProbeCommand({...options, procRoot}, io)).toBe(1);
		expect(io.written().stdout).toContain(`Target:          127.0.0.1:${server.port}\n`);
	});

	it('exits 2 with one sentence on stderr when nothing listens', async () => {
		const port = await freePort();
		const io = captureIo(now);
		expect(await runProbeCommand({...options, target: `127.0.0.1:${port}`}, io)).toBe(2);
		expect(io.written()).toEqual({stdout: '', stderr: `kubesleuth: probe: could not connect to 127.0.0.1:${port}: connection refused.\n`});
	});

	it('exits 2 on a target it cannot read', async () => {
		const io = captureIo(now);
		expect(await runProbeCommand({...options, target: 'https://x'}, io)).toBe(2);
		expect(io.written().stderr).toBe('kubesleuth: probe: invalid target \'https://x\': expected host:port, [IPv6]:port or a host name.\n');
	});
});
