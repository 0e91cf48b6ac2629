// The bench's line stream: a deterministic kube-apiserver klog stream, a realistic mix of ordinary lines
// (httplog, traces, cacher, reflector, controllers) with a few incident lines (the loopback certificate
// expiry, handshake errors from the apiserver's own address, load-balancer EOF noise). `klogEntries` yields
// it; `writeEntries` writes it, wrapped or not, to a file of about a given size; `generateKlog` writes the
// bare klog file of the speed case (byte for byte what earlier versions of this file wrote, so cached files
// stay valid). generate-envelopes.mjs wraps the same stream in journald, CRI and docker envelopes.
import {openSync, writeSync, closeSync} from 'node:fs';

/** A small deterministic generator (mulberry32): the same bench files on every machine. */
export function rng(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const resources = ['pods', 'services', 'endpoints', 'configmaps', 'secrets', 'nodes', 'leases', 'events', 'deployments', 'replicasets'];
const agents = ['kubelet/v1.28.9 (linux/amd64) kubernetes/2ea7a34', 'kube-controller-manager/v1.28.9 (linux/amd64) kubernetes/2ea7a34/system:serviceaccount:kube-system:generic-garbage-collector', 'kube-scheduler/v1.28.9 (linux/amd64) kubernetes/2ea7a34/scheduler', 'argocd-application-controller/v0.0.0 (linux/amd64) kubernetes/$Format'];
const pad = (n, w = 2) => String(n).padStart(w, '0');

/**
 * The stream, one entry at a time: `{ms, micros, lines}`, where `ms` is the klog time in ms since the epoch
 * (UTC), `micros` the three further digits of its microseconds, and `lines` one line, or the three lines of
 * one incident (written together: a file never ends inside an incident). `pid` is the klog header's pid
 * field (klog pads it to 7 characters, so any pid up to 7 digits gives lines of the same length): 1 in a
 * static pod, the process id under systemd. Endless; the caller stops.
 */
export function* klogEntries(seed = 42, {pid = 1} = {}) {
	const random = rng(seed);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const id = ` ${String(pid).padStart(7)}`;
	let t = Date.UTC(2026, 10, 27, 0, 0, 0);
	let incident = 0;
	for (;;) {
		t += Math.floor(random() * 12);
		const d = new Date(t);
		const micros = Math.floor(random() * 1000);
		const stamp = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(micros, 3)}`;
		const r = random();
		let lines;
		if (r < 0.62) {
			const resource = pick(resources);
			lines = [`I${stamp}${id} httplog.go:132] "HTTP" verb="GET" URI="/api/v1/namespaces/kube-system/${resource}?limit=500&resourceVersion=${Math.floor(random() * 1e9)}" latency="${(random() * 20).toFixed(3)}ms" userAgent="${pick(agents)}" audit-ID="${Math.floor(random() * 1e12).toString(16)}-5c1e-4f6a-9d2b-${Math.floor(random() * 1e12).toString(16)}" srcIP="10.13.96.${30 + Math.floor(random() * 8)}:${30000 + Math.floor(random() * 30000)}" resp=200`];
		} else if (r < 0.72) {
			lines = [`I${stamp}${id} trace.go:236] Trace[${Math.floor(random() * 2e9)}]: "Update" accept:application/vnd.kubernetes.protobuf, */*,audit-id:${Math.floor(random() * 1e12).toString(16)},client:10.13.96.${30 + Math.floor(random() * 8)},protocol:HTTP/2.0,resource:leases,scope:resource,url:/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-${Math.floor(random() * 40)},user-agent:${pick(agents)},verb:PUT (27-Nov-2026 10:00:00.000) (total time: ${Math.floor(random() * 900)}ms):`];
		} else if (r < 0.8) {
			lines = [`I${stamp}${id} cacher.go:1167] cacher (${pick(resources)}): ${1 + Math.floor(random() * 9)} objects queued in incoming channel.`];
		} else if (r < 0.87) {
			lines = [`I${stamp}${id} reflector.go:325] Listing and watching *v1.${pick(['ConfigMap', 'Secret', 'Node', 'Pod'])} from k8s.io/client-go/informers/factory.go:150`];
		} else if (r < 0.93) {
			lines = [`I${stamp}${id} controller.go:624] quota admission added evaluator for: ${pick(resources)}`];
		} else if (r < 0.97) {
			lines = [`W${stamp}${id} watcher.go:338] watch chan error: etcdserver: mvcc: required revision has been compacted`];
		} else if (r < 0.99995) {
			lines = [`I${stamp}${id} get.go:260] "Starting watch" path="/api/v1/${pick(resources)}" resourceVersion="${Math.floor(random() * 1e9)}" labels="" fields="" timeout="${5 + Math.floor(random() * 5)}m${Math.floor(random() * 60)}s"`];
		} else {
			incident++;
			const port = 30000 + (incident % 30000);
			lines = [
				`I${stamp}${id} log.go:245] http: TLS handshake error from 10.13.96.11:${port}: remote error: tls: bad certificate`,
				`E${stamp}${id} reflector.go:147] k8s.io/client-go/informers/factory.go:150: Failed to watch *v1.Secret: failed to list *v1.Secret: Get "https://10.13.96.11:6443/api/v1/secrets?resourceVersion=${Math.floor(random() * 1e9)}": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-27T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z is after 2026-11-27T10:38:13Z`,
				`I${stamp}${id} log.go:245] http: TLS handshake error from 35.191.1.${224 + (incident % 8)}:${port}: EOF`,
			];
		}

		yield {ms: t, micros, lines};
	}
}

/**
 * Writes entries to `path` until about `bytes` bytes: each entry goes through `format` (which returns its text,
 * newline included) and the file stops after the first entry that reaches the size. Returns the bytes written.
 */
export function writeEntries(path, bytes, entries, format) {
	const fd = openSync(path, 'w');
	let written = 0;
	let buffer = '';
	try {
		for (const entry of entries) {
			if (written + buffer.length >= bytes) break;
			buffer += format(entry);
			if (buffer.length > 1 << 20) {
				written += writeSync(fd, buffer);
				buffer = '';
			}
		}

		written += writeSync(fd, buffer);
	} finally {
		closeSync(fd);
	}

	return written;
}

/** The bare klog file of about `bytes` bytes (pid 1, as a static pod's container writes it). */
export function generateKlog(path, bytes, seed = 42) {
	return writeEntries(path, bytes, klogEntries(seed), (entry) => entry.lines.join('\n') + '\n');
}
