// Writes a deterministic kube-apiserver klog file of about `bytes` bytes: a realistic mix of ordinary
// lines (httplog, traces, cacher, reflector, controllers) with a few incident lines (the loopback
// certificate expiry, handshake errors from the apiserver's own address, load-balancer EOF noise).
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

export function generateKlog(path, bytes, seed = 42) {
	const random = rng(seed);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const fd = openSync(path, 'w');
	let written = 0;
	let buffer = '';
	let t = Date.UTC(2026, 10, 27, 0, 0, 0);
	let incident = 0;
	while (written + buffer.length < bytes) {
		t += Math.floor(random() * 12);
		const d = new Date(t);
		const stamp = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(Math.floor(random() * 1000), 3)}`;
		const r = random();
		let line;
		if (r < 0.62) {
			const resource = pick(resources);
			line = `I${stamp}       1 httplog.go:132] "HTTP" verb="GET" URI="/api/v1/namespaces/kube-system/${resource}?limit=500&resourceVersion=${Math.floor(random() * 1e9)}" latency="${(random() * 20).toFixed(3)}ms" userAgent="${pick(agents)}" audit-ID="${Math.floor(random() * 1e12).toString(16)}-5c1e-4f6a-9d2b-${Math.floor(random() * 1e12).toString(16)}" srcIP="10.13.96.${30 + Math.floor(random() * 8)}:${30000 + Math.floor(random() * 30000)}" resp=200`;
		} else if (r < 0.72) {
			line = `I${stamp}       1 trace.go:236] Trace[${Math.floor(random() * 2e9)}]: "Update" accept:application/vnd.kubernetes.protobuf, */*,audit-id:${Math.floor(random() * 1e12).toString(16)},client:10.13.96.${30 + Math.floor(random() * 8)},protocol:HTTP/2.0,resource:leases,scope:resource,url:/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-${Math.floor(random() * 40)},user-agent:${pick(agents)},verb:PUT (27-Nov-2026 10:00:00.000) (total time: ${Math.floor(random() * 900)}ms):`;
		} else if (r < 0.8) {
			line = `I${stamp}       1 cacher.go:1167] cacher (${pick(resources)}): ${1 + Math.floor(random() * 9)} objects queued in incoming channel.`;
		} else if (r < 0.87) {
			line = `I${stamp}       1 reflector.go:325] Listing and watching *v1.${pick(['ConfigMap', 'Secret', 'Node', 'Pod'])} from k8s.io/client-go/informers/factory.go:150`;
		} else if (r < 0.93) {
			line = `I${stamp}       1 controller.go:624] quota admission added evaluator for: ${pick(resources)}`;
		} else if (r < 0.97) {
			line = `W${stamp}       1 watcher.go:338] watch chan error: etcdserver: mvcc: required revision has been compacted`;
		} else if (r < 0.99995) {
			line = `I${stamp}       1 get.go:260] "Starting watch" path="/api/v1/${pick(resources)}" resourceVersion="${Math.floor(random() * 1e9)}" labels="" fields="" timeout="${5 + Math.floor(random() * 5)}m${Math.floor(random() * 60)}s"`;
		} else {
			incident++;
			const port = 30000 + (incident % 30000);
			line = [
				`I${stamp}       1 log.go:245] http: TLS handshake error from 10.13.96.11:${port}: remote error: tls: bad certificate`,
				`E${stamp}       1 reflector.go:147] k8s.io/client-go/informers/factory.go:150: Failed to watch *v1.Secret: failed to list *v1.Secret: Get "https://10.13.96.11:6443/api/v1/secrets?resourceVersion=${Math.floor(random() * 1e9)}": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-27T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z is after 2026-11-27T10:38:13Z`,
				`I${stamp}       1 log.go:245] http: TLS handshake error from 35.191.1.${224 + (incident % 8)}:${port}: EOF`,
			].join('\n');
		}

		buffer += line + '\n';
		if (buffer.length > 1 << 20) {
			written += writeSync(fd, buffer);
			buffer = '';
		}
	}

	written += writeSync(fd, buffer);
	closeSync(fd);
	return written;
}
