import type {LivenessProbe} from './live-facts.js';

/** A sentence about the static pod's liveness probe, and the fact it sets (when it is a problem). */
export type LivenessProbeNote = {readonly fact: string; readonly text: string};

const check = 'loopback-serving-certificate';

/** True for Kubernetes 1.36 and later, whose apiserver reports an expired loopback certificate on /livez (PR #136477). */
function hasLoopbackCheck(version: string | undefined): boolean {
	const m = /v?(\d+)\.(\d+)/.exec(version ?? '');
	return m !== null && (Number(m[1]) > 1 || (Number(m[1]) === 1 && Number(m[2]) >= 36));
}

/**
 * From 1.36 the apiserver's `loopback-serving-certificate` check fails /livez (and /healthz) once its loopback
 * certificate has expired, so a kubelet liveness probe on /livez restarts it: the upstream safety net. Says so
 * when the static pod's probe cannot act on it (none, not HTTP, another path, or the check excluded).
 */
export function livenessProbeNote(version: string | undefined, probe: LivenessProbe | undefined): LivenessProbeNote | undefined {
	if (probe === undefined || !hasLoopbackCheck(version)) return undefined;
	const pod = `the kube-apiserver static pod (${probe.manifest})`;
	const consequence = `so Kubernetes ${version ?? ''}'s ${check} check on /livez will not restart it when its loopback certificate expires; add a liveness probe with httpGet path /livez`;
	switch (probe.type) {
		case 'none':
			return {fact: 'liveness-probe-misses-loopback-check', text: `${pod} has no liveness probe, ${consequence}`};
		case 'other':
			return {fact: 'liveness-probe-misses-loopback-check', text: `${pod} has a ${probe.handler} liveness probe, not an HTTP GET of /livez, ${consequence}`};
		case 'endpoint': {
			const [path = '', query = ''] = probe.path.split('?');
			if (query.split('&').some((part) => part === `exclude=${check}`)) {
				return {fact: 'liveness-probe-misses-loopback-check', text: `${pod} probes ${probe.path}, which excludes the ${check} check, ${consequence.replace('add a liveness probe with httpGet path /livez', 'drop the exclude')}`};
			}

			if (path === '/livez' || path.startsWith('/livez/')) return undefined;
			if (path === '/healthz') return {fact: 'liveness-probe-on-healthz', text: `${pod} probes /healthz: the ${check} check is registered there too, so it still restarts on an expired loopback certificate, but /livez is the endpoint meant for liveness`};
			return {fact: 'liveness-probe-misses-loopback-check', text: `${pod} probes ${probe.path}, not /livez, ${consequence}`};
		}

		default:
			return probe satisfies never;
	}
}
