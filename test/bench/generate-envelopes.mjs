// The bench's line stream (generate-klog.mjs) in the envelopes kube-apiserver logs arrive in, one writer each:
// - journald-short: `journalctl -u kube-apiserver` (short, piped): `Nov 27 10:38:13 cp-1 kube-apiserver[2345]: <line>`;
// - cri: a static pod's containerd file: `2026-11-27T10:38:13.123456789Z stderr F <line>`;
// - journald-json: `journalctl -u kube-apiserver -o json`: one object per entry;
// - docker-json: docker's json-file: `{"log":"<line>\n","stream":"stderr","time":"…"}`.
// Shapes from shared/reference/log-formats.md §3 and §4 and the real excerpts in
// fixtures/incidents/loopback-expired-journald (journal.json gives the fields and their order for a unit's
// stdout) and fixtures/formats. Under systemd the klog pid field is the unit's pid (2345), as in the journal
// prefix; in a container it is 1. The pid field is padded to 7 either way, so the lines have the same length
// and the same text apart from it. Every time is UTC (the bench runs kubesleuth with --utc).
//
// The envelope time is when the line was received: a few tens to hundreds of microseconds after the klog
// time, never going backwards, drawn from its own generator so the klog stream is the same in every file.
import {rng, klogEntries, writeEntries} from './generate-klog.mjs';

export const envelopeNames = ['journald-short', 'cri', 'journald-json', 'docker-json'];

const host = 'cp-1';
const unitPid = 2345;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n) => String(n).padStart(2, '0');

/** The klog pid field each envelope carries: the unit's pid under systemd, 1 in a container. */
export const klogPidOf = (envelope) => (envelope.startsWith('journald') ? unitPid : 1);

/** `2026-11-27T10:38:13` of a time in ms (UTC). */
const isoSeconds = (ms) => {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
};

/** Go's RFC3339Nano in UTC, as containerd and docker write it: trailing zeros of the fraction dropped, no fraction when it is zero. */
export function rfc3339Nano(nanos) {
	const ms = Number(nanos / 1_000_000n);
	const fraction = String(nanos % 1_000_000_000n).padStart(9, '0').replace(/0+$/, '');
	return `${isoSeconds(ms)}${fraction === '' ? '' : '.' + fraction}Z`;
}

/** Go's encoding/json string, as docker writes it: JSON with `<`, `>`, `&`, U+2028 and U+2029 as \u escapes. */
const goJsonString = (text) => JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `count` lowercase hex digits from `random`. */
const hex = (random, count) => {
	let out = '';
	while (out.length < count) out += Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0');
	return out.slice(0, count);
};

// The apiserver's command line as a hard-way systemd unit starts it (after the fixture's, for this host's address).
const cmdline = [
	'/usr/local/bin/kube-apiserver', '--advertise-address=10.13.96.11', '--allow-privileged=true', '--apiserver-count=3',
	'--audit-log-path=/var/log/kubernetes/audit/audit.log', '--authorization-mode=Node,RBAC', '--bind-address=10.13.96.11',
	'--client-ca-file=/etc/kubernetes/pki/ca.pem',
	'--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,NodeRestriction,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota',
	'--etcd-cafile=/etc/kubernetes/pki/etcd/ca.pem', '--etcd-certfile=/etc/kubernetes/pki/etcd/etcd-client.pem',
	'--etcd-keyfile=/etc/kubernetes/pki/etcd/etcd-client-key.pem',
	'--etcd-servers=https://10.13.96.11:2379,https://10.13.96.12:2379,https://10.13.96.13:2379', '--event-ttl=1h0m0s',
	'--kubelet-client-certificate=/etc/kubernetes/pki/kubernetes.pem', '--kubelet-client-key=/etc/kubernetes/pki/kubernetes-key.pem', '--v=3',
	'--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.pem', '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client-key.pem',
	'--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.pem', '--secure-port=6443',
	'--service-account-key-file=/etc/kubernetes/pki/sa.pub', '--service-cluster-ip-range=10.254.0.0/16',
	'--tls-cert-file=/etc/kubernetes/pki/kubernetes.pem', '--tls-private-key-file=/etc/kubernetes/pki/kubernetes-key.pem',
].join(' ');

/**
 * A writer for one envelope: a function from one entry of the stream to its text (one envelope line per klog
 * line, each ending in a newline). Stateful (receive times, journal sequence numbers): one per file.
 */
export function createEnvelope(name, seed = 42) {
	const random = rng(seed ^ 0x5eed);
	let lastMicros = 0n;
	/** The receive time of the next line, in µs since the epoch. */
	const received = (entry) => {
		const written = BigInt(entry.ms) * 1000n + BigInt(entry.micros);
		const at = written + BigInt(15 + Math.floor(random() * 200));
		lastMicros = at > lastMicros ? at : lastMicros + 1n;
		return lastMicros;
	};

	if (name === 'journald-short') {
		const prefix = ` ${host} kube-apiserver[${unitPid}]: `;
		return (entry) => {
			let text = '';
			for (const line of entry.lines) {
				const d = new Date(Number(received(entry) / 1000n));
				text += `${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${prefix}${line}\n`;
			}

			return text;
		};
	}

	if (name === 'cri' || name === 'docker-json') {
		return (entry) => {
			let text = '';
			for (const line of entry.lines) {
				const time = rfc3339Nano(received(entry) * 1000n + BigInt(Math.floor(random() * 1000)));
				text += name === 'cri' ? `${time} stderr F ${line}\n` : `{"log":${goJsonString(line + '\n')},"stream":"stderr","time":"${time}"}\n`;
			}

			return text;
		};
	}

	if (name === 'journald-json') {
		// One boot, one journal file, one run of the unit: the ids are fixed for the file.
		const seqnumId = hex(random, 32);
		const bootId = hex(random, 32);
		const machineId = hex(random, 32);
		const streamId = hex(random, 32);
		const invocationId = hex(random, 32);
		const bootMicros = BigInt(Date.UTC(2026, 10, 20, 6, 12, 7)) * 1000n + 412_337n;
		let seqnum = 0x40e666;
		// Field order of a unit's stdout line in `journalctl -o json` (fixtures/incidents/loopback-expired-journald/journal.json);
		// stdout lines have no _SOURCE_REALTIME_TIMESTAMP, and PRIORITY is the stream's level (6) whatever the klog letter.
		const fixed = `"_BOOT_ID":"${bootId}","PRIORITY":"6","SYSLOG_FACILITY":"3","_UID":"0","_GID":"0","_CAP_EFFECTIVE":"1ffffffffff","_TRANSPORT":"stdout","_STREAM_ID":"${streamId}","SYSLOG_IDENTIFIER":"kube-apiserver","_PID":"${unitPid}","_COMM":"kube-apiserver","_EXE":"/usr/local/bin/kube-apiserver","_CMDLINE":${JSON.stringify(cmdline)},"_SYSTEMD_CGROUP":"/system.slice/kube-apiserver.service","_SYSTEMD_UNIT":"kube-apiserver.service","_SYSTEMD_SLICE":"system.slice","_SYSTEMD_INVOCATION_ID":"${invocationId}","_MACHINE_ID":"${machineId}","_HOSTNAME":"${host}","MESSAGE":`;
		return (entry) => {
			let text = '';
			for (const line of entry.lines) {
				const realtime = received(entry);
				const monotonic = realtime - bootMicros;
				const cursor = `s=${seqnumId};i=${(seqnum++).toString(16)};b=${bootId};m=${monotonic.toString(16)};t=${realtime.toString(16)};x=${hex(random, 16)}`;
				text += `{"__CURSOR":"${cursor}","__REALTIME_TIMESTAMP":"${realtime}","__MONOTONIC_TIMESTAMP":"${monotonic}",${fixed}${JSON.stringify(line)}}\n`;
			}

			return text;
		};
	}

	throw new Error(`unknown envelope ${name}; one of ${envelopeNames.join(', ')}`);
}

/** Writes the stream in envelope `name` to `path`, about `bytes` bytes (never ending inside an incident). */
export function generateEnvelope(path, bytes, name, seed = 42) {
	return writeEntries(path, bytes, klogEntries(seed, {pid: klogPidOf(name)}), createEnvelope(name, seed));
}

/**
 * The first entries of the stream in envelope `name` (for tests): until `count` lines, and past them until the
 * first incident when `throughIncident` is set. Each item: `{klog, wrapped}`, the klog line and its envelope line.
 */
export function envelopeSample(name, count, {throughIncident = false, seed = 42} = {}) {
	const wrap = createEnvelope(name, seed);
	const out = [];
	for (const entry of klogEntries(seed, {pid: klogPidOf(name)})) {
		const wrapped = wrap(entry).split('\n').slice(0, -1);
		entry.lines.forEach((klog, i) => out.push({klog, wrapped: wrapped[i]}));
		if (out.length >= count && (!throughIncident || entry.lines.length > 1)) return out;
	}

	return out;
}
