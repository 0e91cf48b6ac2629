/**
 * The failure event model: what one log message says about a failed TLS handshake, certificate check or
 * connection, read from the message grammar of Go's crypto/x509, crypto/tls, net/http, gRPC, client-go,
 * kube-apiserver's authenticator and etcd (see error-grammar.md), not from any one log's wording.
 *
 * An event says who reports the failure (a client or a server), what kind of failure it is, which
 * certificate it is about, and the address on the other end. How that address relates to the node (its
 * own, etcd, a kubelet, a webhook) is decided later by the correlate stage, which knows the node.
 */

/** Who printed the message: the side that dialled (client) or the side that accepted (server). */
export type FailureSide = 'client' | 'server';

/** Every failure kind, in the order of the union below (for rule validation). */
export const failureKinds = [
	'expired', 'not-yet-valid', 'expired-or-not-yet-valid', 'unknown-authority', 'name-mismatch', 'x509-other',
	'remote-alert', 'local-alert', 'no-certificate', 'client-certificate-refused', 'handshake-aborted',
	'handshake-timeout', 'not-tls', 'tls-protocol', 'connection-refused', 'connection-timeout', 'no-route',
	'connection-reset', 'dns-failure',
] as const satisfies readonly FailureKind[];

/** Every layer (for rule validation). */
export const failureLayers = [
	'handshake-log', 'authenticator', 'etcd-listener', 'grpc', 'webhook', 'apiservice', 'kubectl', 'http-client', 'dial', 'bare',
] as const satisfies readonly FailureLayer[];

/** What failed. */
export type FailureKind =
	/** `x509: certificate has expired or is not yet valid: current time X is after Y`. */
	| 'expired'
	/** `… current time X is before Y`: not valid yet (a clock behind, or a certificate from the future). */
	| 'not-yet-valid'
	/** `x509: certificate has expired or is not yet valid` with no times (verifier built with Go <= 1.13), or the authenticator's bare wording. */
	| 'expired-or-not-yet-valid'
	/** `x509: certificate signed by unknown authority` (with or without `possibly because of …`). */
	| 'unknown-authority'
	/** `x509: certificate is valid for A, B, not C`, `… doesn't contain any IP SANs`, `… not valid for any names`. */
	| 'name-mismatch'
	/** Other x509 verification failures: key usage, legacy Common Name, path length, name constraints, no system roots. */
	| 'x509-other'
	/** The peer sent a TLS alert (`remote error: tls: <alert>`); `alert` says which. */
	| 'remote-alert'
	/** We sent an alert (`local error: tls: <alert>`). */
	| 'local-alert'
	/** No certificate to present or none presented: `no certificate available`, `no serving certificate available for the kubelet`, `tls: client didn't provide a certificate`, `tls: no certificates configured`. */
	| 'no-certificate'
	/** The client's certificate was valid TLS but refused by the server's own check (etcd `client certificate authentication failed`, `CommonName authentication failed`, a revoked serial). */
	| 'client-certificate-refused'
	/** A handshake cut short without a certificate error: `EOF`, `connection reset by peer`, `broken pipe` on a handshake. */
	| 'handshake-aborted'
	/** `net/http: TLS handshake timeout`, `i/o timeout` during a handshake. */
	| 'handshake-timeout'
	/** One side spoke TLS, the other did not: `first record does not look like a TLS handshake`, `server gave HTTP response to HTTPS client`, `client sent an HTTP request to an HTTPS server`. */
	| 'not-tls'
	/** Other TLS protocol failures: `handshake failure`, unsupported versions, no cipher suite, ALPN. */
	| 'tls-protocol'
	/** `connect: connection refused`, `The connection to the server … was refused`. */
	| 'connection-refused'
	/** `dial tcp …: i/o timeout`, `context deadline exceeded`, `Client.Timeout exceeded`, `DeadlineExceeded`. */
	| 'connection-timeout'
	/** `connect: no route to host`, `network is unreachable`. */
	| 'no-route'
	/** `read: connection reset by peer`, `write: broken pipe`, `EOF`, `use of closed network connection` on an established connection. */
	| 'connection-reset'
	/** `dial tcp: lookup <host>…: no such host`, `server misbehaving`. */
	| 'dns-failure';

/** Which certificate a failure is about, as far as the message tells. */
export type CertificateOwner =
	/** The server's certificate, rejected by the client that reports (or reported to the server by its client's alert). */
	| 'server'
	/** The client's certificate, rejected by the server (seen by the server, or by the client through an alert). */
	| 'client'
	/** A certificate failure whose certificate the message does not tell. */
	| 'unknown'
	/** Not a certificate failure at all (a refused connection, an EOF). */
	| 'none';

/** The layer that wrapped the leaf error: it tells who the two ends are. */
export type FailureLayer =
	/** `http: TLS handshake error from <peer>: …` (Go net/http server side, often through klog's `log.go`). */
	| 'handshake-log'
	/** kube-apiserver's authenticator: `Unable to authenticate the request …`, `verifying certificate SN=… failed`. */
	| 'authenticator'
	/** etcd's listener: `rejected connection from "<peer>" (error "…")` or zap `rejected connection…` with `remote-addr`. */
	| 'etcd-listener'
	/** gRPC transport: `transport: authentication handshake failed: …`, `Error while dialing`, `createTransport failed`. */
	| 'grpc'
	/** An admission webhook call: `failed calling webhook "<name>": …`. */
	| 'webhook'
	/** An aggregated API (APIService) call: `v1beta1.metrics.k8s.io failed with: …`, `loading OpenAPI spec for "<name>" failed`. */
	| 'apiservice'
	/** kubectl talking to the apiserver: `Unable to connect to the server: …`, `The connection to the server … was refused`. */
	| 'kubectl'
	/** An HTTP request by a Go client: `Get "https://…": …` (Go >= 1.14) or `Get https://…: …` (older). */
	| 'http-client'
	/** A bare dial: `dial tcp <addr>: …` with no request around it. */
	| 'dial'
	/** Only the leaf text is there (`x509: …` alone, `remote error: tls: …` alone). */
	| 'bare';

/** Fields the authenticator prints about a client certificate it refused (kube-apiserver >= 1.20). */
export type ClientCertificateId = {
	readonly serial: string | undefined;
	readonly skid: string | undefined;
	readonly akid: string | undefined;
	readonly subject: string | undefined;
};

/** One failure read from one message. */
export type FailureEvent = {
	readonly kind: FailureKind;
	readonly side: FailureSide;
	readonly certificate: CertificateOwner;
	readonly layer: FailureLayer;
	/** For `remote-alert` and `local-alert`: the alert text after `tls: ` (`bad certificate`, `expired certificate`, `internal error`, `alert(116)`, …). */
	readonly alert: string | undefined;
	/**
	 * Where the reporting client was connecting: a host name or IP address as written (IPv6 without
	 * brackets, lower case), for client-side events. Undefined when the message does not say.
	 */
	readonly target: string | undefined;
	readonly targetPort: number | undefined;
	/** The request's URL path (`/api/v1/namespaces`), when a URL is given. */
	readonly path: string | undefined;
	/** Where the connection came from, for server-side events (`TLS handshake error from`, etcd's `rejected connection from`). */
	readonly peer: string | undefined;
	readonly peerPort: number | undefined;
	/** `current time X` of an expiry message, ms since the epoch. */
	readonly now: number | undefined;
	/** `is after Y` (`expired`) or `is before Y` (`not-yet-valid`), ms since the epoch. */
	readonly bound: number | undefined;
	/** The webhook or APIService named by the wrapper, or the server name etcd reports. */
	readonly name: string | undefined;
	/** For `name-mismatch`: the names the certificate is valid for, and the name that was wanted. */
	readonly validFor: readonly string[] | undefined;
	readonly wanted: string | undefined;
	/** For the authenticator: the refused client certificate's identifiers. */
	readonly client: ClientCertificateId | undefined;
	/** Offset of the leaf text in the message, so a caller can show where the failure is named. */
	readonly offset: number;
};

// Compile-time checks that the lists above name every member of their unions.
const everyKind: Exclude<FailureKind, (typeof failureKinds)[number]> extends never ? true : never = true;
const everyLayer: Exclude<FailureLayer, (typeof failureLayers)[number]> extends never ? true : never = true;
void everyKind;
void everyLayer;
