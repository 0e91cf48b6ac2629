/**
 * The facts rules can test with `{fact: name}`, and what each means. The rules' vocabulary lives here, below
 * the rules; the correlate stage decides each fact (src/correlate/facts.ts has one decider per name, and a test
 * holds the two lists equal).
 */
export const factNames: ReadonlyMap<string, string> = new Map([
	['start-known', 'the apiserver process start time is known (from logs, flags or the live process)'],
	['loopback-expiry-passed', 'the loopback certificate predicted from the start time and version had expired by the first self-directed failure (or by the end of the logs)'],
	['loopback-expiry-not-reached', 'the start time is known and the first self-directed failure came before the loopback certificate could have expired'],
	['loopback-expiring-soon', 'the loopback certificate predicted from the start time expires after the logs end and within 30 days of now'],
	['started-shortly-before-failures', 'the apiserver started less than two hours before the first certificate failure'],
	['connection-failures-at-start', 'every refused or timed-out connection lies within two minutes after a start of the apiserver: its own clients and etcd come up a moment after it, which is normal'],
	['process-died-on-certificate-failure', 'the process that logged a certificate failure ended on it (a fatal line, or an exit right after): every restart made a new loopback certificate'],
	['short-uptime-at-failure', 'a line reports how long its process had run (logrus `ERRO[0025]`), and that was under two hours'],
	['several-expiry-times', 'the expiry failures name several certificates: `is after` times more than a day apart'],
	['is-after-matches-loopback-expiry', 'an `is after N` time in a self-directed failure equals start - 1h + loopback lifetime'],
	['is-after-matches-no-start', 'self-directed failures name `is after N` times, the start time is known, and no N equals start - 1h + loopback lifetime'],
	['served-loopback-expired', 'a transcript in the input (curl -v or openssl s_client with SNI apiserver-loopback-client) shows the served loopback certificate expired when it was read'],
	['probe-loopback-expired', 'a live probe with SNI apiserver-loopback-client read an expired loopback certificate'],
	['probe-loopback-expiring', 'a live probe read a loopback certificate that expires within 30 days'],
	['probe-loopback-valid', 'a live probe read a loopback certificate with more than 30 days left'],
	['process-uptime-exceeds-lifetime', 'the running kube-apiserver process is older than its loopback certificate lifetime'],
	['disk-certs-valid', 'every certificate on disk that was scanned is valid now'],
	['disk-cert-expired', 'at least one certificate on disk has expired'],
	['single-expiry-time', 'every self-directed failure that names an expiry time names the same one: a single certificate, checked by the apiserver\'s own client'],
	['self-addresses-known', 'at least one of the node\'s own addresses other than loopback is known'],
	['secure-port-known', 'the apiserver\'s secure port is known from a flag, a `Serving securely on` line or the live process (else 6443 is assumed and any other port of the node\'s own address counts as the apiserver\'s)'],
	['liveness-probe-misses-loopback-check', 'the apiserver is Kubernetes 1.36 or later and its static pod\'s liveness probe cannot act on the loopback-serving-certificate check of /livez (none, not HTTP, another path, or the check excluded)'],
	['liveness-probe-on-healthz', 'the apiserver is Kubernetes 1.36 or later and its static pod\'s liveness probe checks /healthz, which carries the loopback-serving-certificate check too'],
]);
