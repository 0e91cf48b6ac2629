/**
 * Facts about the apiserver that rules can test with `{fact: name}`. The correlate stage decides each
 * from the context (own addresses, start time, version, live probes); rules only name them.
 */
export const knownFacts = new Map<string, string>([
	['start-known', 'the apiserver process start time is known (from logs, flags or the live process)'],
	['loopback-expiry-passed', 'the loopback certificate predicted from the start time and version had expired by the first self-directed failure (or by the end of the logs)'],
	['loopback-expiry-not-reached', 'the start time is known and the first self-directed failure came before the loopback certificate could have expired'],
	['loopback-expiring-soon', 'the loopback certificate predicted from the start time expires after the logs end and within 30 days of now'],
	['started-shortly-before-failures', 'the apiserver started less than two hours before the first certificate failure'],
	['is-after-matches-loopback-expiry', 'an `is after N` time in a self-directed failure equals start - 1h + loopback lifetime'],
	['single-expiry-time', 'every self-directed failure that names an expiry time names the same one: a single certificate, checked by the apiserver\'s own client'],
	['is-after-matches-no-start', 'self-directed failures name `is after N` times, the start time is known, and no N equals start - 1h + loopback lifetime'],
	['served-loopback-expired', 'a transcript in the input (curl -v or openssl s_client with SNI apiserver-loopback-client) shows the served loopback certificate expired when it was read'],
	['probe-loopback-expired', 'a live probe with SNI apiserver-loopback-client read an expired loopback certificate'],
	['probe-loopback-expiring', 'a live probe read a loopback certificate that expires within 30 days'],
	['probe-loopback-valid', 'a live probe read a loopback certificate with more than 30 days left'],
	['process-uptime-exceeds-lifetime', 'the running kube-apiserver process is older than its loopback certificate lifetime'],
	['disk-certs-valid', 'every certificate on disk that was scanned is valid now'],
	['disk-cert-expired', 'at least one certificate on disk has expired'],
	['liveness-probe-misses-loopback-check', 'the apiserver is Kubernetes 1.36 or later and its static pod\'s liveness probe cannot act on the loopback-serving-certificate check of /livez (none, not HTTP, another path, or the check excluded)'],
	['liveness-probe-on-healthz', 'the apiserver is Kubernetes 1.36 or later and its static pod\'s liveness probe checks /healthz, which carries the loopback-serving-certificate check too'],
	['self-addresses-known', 'at least one of the node\'s own addresses other than loopback is known'],
]);
