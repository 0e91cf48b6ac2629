// A hostile log for the memory bounds (issue 13, item 3): journald short-iso lines of about 64 KiB, each from
// another host, each matching many signals at once (a webhook, an aggregated API, the loopback self-request,
// etcd's handshake, a TLS handshake error) with targets, peers and `is after` times no other line shares.
// Built from the documented shapes (shared/reference/log-formats.md journald short-iso, error-grammar.md x509
// validity errors), never from a sample. The padding after the matched text repeats a 1 KiB block, so gzip
// shrinks a line to about 1.2 KiB: a few MB of .gz become hundreds of MB of such lines.
import {createWriteStream} from 'node:fs';
import {once} from 'node:events';
import {createGzip} from 'node:zlib';
import {rng} from './generate-klog.mjs';

const two = (n) => String(n).padStart(2, '0');


/** One line of the hostile log: the `i`-th, of about `length` characters (without its newline). */
export function amplificationLine(i, length = 64_000, padBlock = paddingBlock()) {
	const a = (i >> 16) & 255;
	const b = (i >> 8) & 255;
	const c = i & 255;
	const ip = `10.${a}.${b}.${c}`;
	const t = Date.UTC(2026, 10, 28, 9, 0, 0) + i * 1000;
	const d = new Date(t);
	const clock = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
	const bound = new Date(Date.UTC(2026, 10, 27, 10, 0, 0) - i * 1000).toISOString().replace('.000', '');
	const expired = `x509: certificate has expired or is not yet valid: current time ${d.toISOString().replace('.000', '')} is after ${bound}`;
	const message = [
		`E1128 ${clock}.000000       1 dispatcher.go:207] failed calling webhook "wh-${i}.example.com": failed to call webhook: Post "https://${ip}:443/validate?timeout=10s": tls: failed to verify certificate: ${expired}`,
		`failing or missing response from https://${ip}:6443/apis/metrics.k8s.io/v1beta1: Get "https://${ip}:6443/apis/metrics.k8s.io/v1beta1": remote error: tls: bad certificate`,
		`Get "https://${ip}:10250/containerLogs/ns/pod-${i}/c": tls: failed to verify certificate: ${expired}`,
		`addrConn.createTransport failed to connect to {Addr: "${ip}:2379", ServerName: "${ip}:2379"}. Err: connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: ${expired}"`,
		`http: TLS handshake error from ${ip}:${1024 + (i % 60000)}: remote error: tls: bad certificate`,
	].join(' | ');
	const head = `2026-11-28T${clock}+0000 host-${i} kube-apiserver[${1000 + (i % 7)}]: ${message} pad=`;
	let line = head;
	while (line.length + padBlock.length < length) line += padBlock;
	return line + padBlock.slice(0, Math.max(0, length - line.length));
}

/** 1 KiB of deterministic words: repeated, it compresses well, as the attack needs. */
export function paddingBlock(seed = 7) {
	const random = rng(seed);
	let block = '';
	while (block.length < 1024) block += `${Math.floor(random() * 1e6).toString(36)}=${Math.floor(random() * 1e9).toString(16)} `;
	return block.slice(0, 1024);
}

/** Writes `count` lines from `first` on as gzip to `file`; resolves to the uncompressed size in bytes. */
export async function writeAmplificationGz(file, count, length = 64_000) {
	const gzip = createGzip({level: 6});
	const out = createWriteStream(file);
	gzip.pipe(out);
	const block = paddingBlock();
	let bytes = 0;
	for (let i = 0; i < count; i++) {
		const line = amplificationLine(i, length, block) + '\n';
		bytes += line.length;
		if (!gzip.write(line)) await once(gzip, 'drain');
	}

	gzip.end();
	await once(out, 'close');
	return bytes;
}
