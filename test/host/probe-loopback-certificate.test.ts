import {execFile} from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {probeLoopbackCertificate} from '../../src/host/probe-loopback-certificate.js';
import {makeCertificate, type MadeCertificate} from './helpers/openssl-certificates.js';
import {freePort, type RunningServer, startSilentServer, startSniServer} from './helpers/sni-tls-server.js';

const run = promisify(execFile);
const dayMs = 86_400_000;
const now = Date.now();
// Whole seconds, since certificates only hold seconds.
const second = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000);

type Variant = 'expired' | 'expiring' | 'healthy';
const variants: Record<Variant, {start: number; lifetimeDays: number}> = {
	expired: {start: now - (400 * dayMs), lifetimeDays: 365},
	expiring: {start: now - (355 * dayMs), lifetimeDays: 365},
	healthy: {start: now - (30 * dayMs), lifetimeDays: 1096},
};

async function loopbackCertificate(start: number, lifetimeDays: number): Promise<MadeCertificate> {
	const unix = Math.floor(start / 1000);
	// kube-apiserver: valid from start - 1h for the lifetime.
	return makeCertificate({
		commonName: `apiserver-loopback-client@${unix}`,
		issuerCommonName: `apiserver-loopback-client-ca@${unix}`,
		notBefore: second(start - 3_600_000),
		notAfter: second(start - 3_600_000 + (lifetimeDays * dayMs)),
		dnsNames: ['apiserver-loopback-client'],
	});
}

const servers = new Map<Variant, RunningServer>();

beforeAll(async () => {
	const serving = await makeCertificate({
		commonName: 'kube-apiserver',
		issuerCommonName: 'kubernetes',
		notBefore: second(now - dayMs),
		notAfter: second(now + (200 * dayMs)),
		dnsNames: ['kubernetes', 'kubernetes.default'],
	});
	for (const [variant, {start, lifetimeDays}] of Object.entries(variants) as Array<[Variant, (typeof variants)[Variant]]>) {
		const loopback = await loopbackCertificate(start, lifetimeDays);
		servers.set(variant, await startSniServer({'apiserver-loopback-client': loopback}, serving));
	}
});

afterAll(async () => {
	await Promise.all([...servers.values()].map(async server => server.close()));
});

function port(variant: Variant): number {
	return servers.get(variant)?.port ?? 0;
}

describe('probeLoopbackCertificate', () => {
	it.each(Object.entries(variants) as Array<[Variant, (typeof variants)[Variant]]>)('reads the %s loopback certificate by SNI', async (variant, {start, lifetimeDays}) => {
		const outcome = await probeLoopbackCertificate('127.0.0.1', port(variant), {timeoutMs: 5000});
		if (outcome.type !== 'certificate') {
			throw new Error(`expected a certificate, got ${outcome.type}: ${outcome.message}`);
		}

		const unix = Math.floor(start / 1000);
		expect(outcome.certificate).toEqual({
			target: `127.0.0.1:${port(variant)}`,
			subject: `CN=apiserver-loopback-client@${unix}`,
			issuer: `CN=apiserver-loopback-client-ca@${unix}`,
			notBefore: second(start - 3_600_000).getTime(),
			notAfter: second(start - 3_600_000 + (lifetimeDays * dayMs)).getTime(),
			isLoopback: true,
			encodedStart: unix * 1000,
		});
		expect(outcome.chain.map(link => [link.subject, link.isCa])).toEqual([
			[`CN=apiserver-loopback-client@${unix}`, false],
			[`CN=apiserver-loopback-client-ca@${unix}`, true],
		]);
	});

	it('reads the plain serving certificate for another SNI name', async () => {
		const outcome = await probeLoopbackCertificate('127.0.0.1', port('healthy'), {serverName: 'kubernetes'});
		expect(outcome.type === 'certificate' && outcome.certificate).toMatchObject({
			subject: 'CN=kube-apiserver',
			issuer: 'CN=kubernetes',
			isLoopback: false,
			encodedStart: undefined,
		});
	});

	it('gives the same notAfter as openssl s_client on the same server', async () => {
		const {stdout: served} = await run('sh', ['-c', `openssl s_client -connect 127.0.0.1:${port('expiring')} -servername apiserver-loopback-client </dev/null 2>/dev/null | openssl x509 -noout -enddate`]);
		const enddate = /^notAfter=(.+)$/m.exec(served)?.[1];
		expect(enddate).toBeDefined();
		const outcome = await probeLoopbackCertificate('127.0.0.1', port('expiring'), {});
		expect(outcome.type === 'certificate' && outcome.certificate.notAfter).toBe(Date.parse(enddate ?? ''));
	});

	it('probes an IPv6 loopback address', async () => {
		const made = await loopbackCertificate(now, 365);
		const server = await startSniServer({'apiserver-loopback-client': made}, made, '::1');
		try {
			const outcome = await probeLoopbackCertificate('::1', server.port, {});
			expect(outcome.type === 'certificate' && outcome.certificate.target).toBe(`[::1]:${server.port}`);
		} finally {
			await server.close();
		}
	});

	it('gives up with one sentence when the server never answers TLS', async () => {
		const silent = await startSilentServer();
		try {
			const outcome = await probeLoopbackCertificate('127.0.0.1', silent.port, {timeoutMs: 300});
			expect(outcome).toEqual({
				type: 'timeout',
				target: `127.0.0.1:${silent.port}`,
				message: `No TLS answer from 127.0.0.1:${silent.port} within 0.3 s.`,
			});
		} finally {
			await silent.close();
		}
	});

	it('sends nothing after the handshake and closes the connection', async () => {
		const made = await loopbackCertificate(now, 365);
		const received: Buffer[] = [];
		let closed: () => void = () => undefined;
		const connectionClosed = new Promise<void>(resolve => {
			closed = resolve;
		});
		const server = tls.createServer({cert: made.cert + (made.caCert ?? ''), key: made.key}, socket => {
			socket.on('data', (chunk: Buffer) => received.push(chunk));
			socket.on('error', () => undefined);
			socket.on('close', closed);
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		try {
			const outcome = await probeLoopbackCertificate('127.0.0.1', (server.address() as net.AddressInfo).port, {});
			expect(outcome.type).toBe('certificate');
			await connectionClosed;
			expect(Buffer.concat(received).length).toBe(0);
		} finally {
			server.close();
		}
	});

	it('says the handshake failed when the server does not speak TLS', async () => {
		const plain = net.createServer(socket => {
			socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
		});
		await new Promise<void>(resolve => plain.listen(0, '127.0.0.1', resolve));
		const {port: plainPort} = plain.address() as net.AddressInfo;
		try {
			const outcome = await probeLoopbackCertificate('127.0.0.1', plainPort, {});
			expect(outcome).toEqual({
				type: 'connection-error',
				target: `127.0.0.1:${plainPort}`,
				message: `TLS handshake with 127.0.0.1:${plainPort} failed: wrong version number.`,
			});
		} finally {
			plain.close();
		}
	});

	it('says the connection was refused when nothing listens', async () => {
		const closed = await freePort();
		const outcome = await probeLoopbackCertificate('127.0.0.1', closed, {timeoutMs: 5000});
		expect(outcome).toEqual({
			type: 'connection-error',
			target: `127.0.0.1:${closed}`,
			message: `Could not connect to 127.0.0.1:${closed}: connection refused.`,
		});
	});
});
