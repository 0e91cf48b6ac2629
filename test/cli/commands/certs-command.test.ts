import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {runCertsCommand} from '../../../src/cli/commands/certs-command.js';
import {makeCertificate} from '../../host/helpers/openssl-certificates.js';
import {captureIo} from './command-io.js';

const dayMs = 86_400_000;
const now = Math.floor(Date.now() / 1000) * 1000;
let valid: string;
let expired: string;

beforeAll(async () => {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-certs-'));
	valid = path.join(directory, 'valid');
	expired = path.join(directory, 'expired');
	await mkdir(valid);
	await mkdir(expired);
	const good = await makeCertificate({commonName: 'front-proxy-client', issuerCommonName: 'front-proxy-ca', notBefore: new Date(now - dayMs), notAfter: new Date(now + (100 * dayMs))});
	const bad = await makeCertificate({commonName: 'kube-apiserver', issuerCommonName: 'kubernetes', notBefore: new Date(now - (400 * dayMs)), notAfter: new Date(now - dayMs)});
	await writeFile(path.join(valid, 'front-proxy-client.crt'), good.cert);
	await writeFile(path.join(expired, 'apiserver.crt'), bad.cert);
});

describe('runCertsCommand', () => {
	it('exits 2 when no certificate could be read, naming where it looked', async () => {
		const io = captureIo();
		expect(await runCertsCommand({paths: ['/nonexistent/kubesleuth-pki'], format: 'text'}, io)).toBe(2);
		expect(io.written().stdout).toContain('/nonexistent/kubesleuth-pki');
	});

	it('exits 0 and prints the table when nothing has expired', async () => {
		const io = captureIo(now);
		expect(await runCertsCommand({paths: [valid], format: 'text'}, io)).toBe(0);
		expect(io.written().stdout.split('\n')[1]).toMatch(/front-proxy-client\.crt +\w{3} \d\d, \d{4} \d\d:\d\d UTC +100 +front-proxy-ca +no$/);
		expect(io.written().stdout).toContain('1 certificate: 1 valid for 30 days or more.');
	});

	it('exits 1 when a certificate has expired, in JSON too', async () => {
		const io = captureIo(now);
		expect(await runCertsCommand({paths: [valid, expired], format: 'json'}, io)).toBe(1);
		const json = JSON.parse(io.written().stdout) as {certificates: Array<{expired: boolean}>};
		expect(json.certificates.map(certificate => certificate.expired)).toEqual([false, true]);
	});
});
