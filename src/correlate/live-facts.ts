import type {CertificateFields} from './certificate-fields.js';
/** Facts read from the running system (src/host gathers them); the core only reads this plain data. */
import type {DistributionId} from '../detect/rules/distributions.js';

/** How the apiserver is run on this node, which decides how to restart it. */
export type RunMode = 'static-pod' | 'systemd' | 'unknown';

/** The kube-apiserver process found under /proc. */
export type ApiserverProcess = {
	readonly pid: number;
	/** Process start, ms since epoch (btime + starttime / CLK_TCK). */
	readonly startedAt: number;
	/** Command-line flags without the leading dashes, e.g. {"bind-address": "10.0.0.5", "secure-port": "6443"}. */
	readonly flags: Readonly<Record<string, string>>;
	/** e.g. "v1.31.4", when it could be read. */
	readonly version: string | undefined;
	/** Where the version was read, e.g. "gitVersion string in /proc/1234/exe". */
	readonly versionFrom?: string | undefined;
	readonly runMode: RunMode;
	/** Set when no kube-apiserver process runs and the apiserver lives inside another one (`k3s server`, `kubelite`). */
	readonly embeddedIn?: DistributionId | undefined;
};

/** One thing that points at a distribution, with how strongly (1 a hint, 2 a clear sign, 3 proof on the node). */
export type DistributionClue = {
	readonly distribution: DistributionId;
	readonly weight: 1 | 2 | 3;
	/** Says what was seen, e.g. `the unit file /etc/systemd/system/k3s.service`. */
	readonly reason: string;
};

/** The kube-apiserver static pod's liveness probe, read from its manifest. */
export type LivenessProbe =
	/** It checks an apiserver endpoint: an httpGet path, or an exec command such as rke2's `kubectl get --raw=/livez`. */
	| {readonly type: 'endpoint'; readonly manifest: string; readonly path: string; readonly handler: 'httpGet' | 'exec'}
	| {readonly type: 'other'; readonly manifest: string; readonly handler: string}
	| {readonly type: 'none'; readonly manifest: string};

/** What a TLS connection with SNI `apiserver-loopback-client` was served. */
export type ProbedCertificate = {
	/** host:port that was probed. */
	readonly target: string;
	readonly subject: string;
	readonly issuer: string;
	/** ms since epoch */
	readonly notBefore: number;
	readonly notAfter: number;
	/** True when the subject CN is `apiserver-loopback-client@<unix>`. */
	readonly isLoopback: boolean;
	/** The `<unix>` of the CN as ms since epoch, when present. */
	readonly encodedStart: number | undefined;
};

/** One certificate found on disk (PKI folder or kubeconfig). */
export type DiskCertificate = {
	/** File path, with `#user-name` appended for certificates embedded in a kubeconfig. */
	readonly path: string;
	readonly subject: string;
	readonly issuer: string;
	readonly notBefore: number;
	readonly notAfter: number;
	readonly isCa: boolean;
};

/** Everything read from the live node; every field is absent when it could not be read. */
export type LiveFacts = {
	readonly hostName?: string | undefined;
	readonly process?: ApiserverProcess | undefined;
	/** The machine's own interface addresses. */
	readonly interfaceAddresses?: readonly string[] | undefined;
	readonly probe?: ProbedCertificate | undefined;
	readonly diskCertificates?: readonly DiskCertificate[] | undefined;
	/** What the node's paths, unit files and processes say about its distribution. */
	readonly distributionClues?: readonly DistributionClue[] | undefined;
	/** The apiserver static pod's liveness probe, when a manifest was found. */
	readonly livenessProbe?: LivenessProbe | undefined;
	/** Read-time, ms since epoch. */
	readonly readAt: number;
};

/** What probing a TLS endpoint gave: the served certificate, or why there was none. */
export type ProbeOutcome =
	| {
		readonly type: 'certificate';
		readonly certificate: ProbedCertificate;
		/** Every certificate the server sent, leaf first (the loopback leaf is followed by its in-memory CA). */
		readonly chain: readonly CertificateFields[];
	}
	| {readonly type: 'timeout'; readonly target: string; readonly message: string}
	| {readonly type: 'connection-error'; readonly target: string; readonly message: string};
