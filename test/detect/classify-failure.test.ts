import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {classifyFailure, classifyFailures, failureLiterals, maxEvents, type ClassifyWork} from '../../src/detect/classify-failure.js';
import type {FailureEvent, FailureKind, FailureLayer} from '../../src/detect/failure-event.js';
import {connectionRows} from '../../src/detect/failure-grammar/connection-forms.js';
import {maxHits} from '../../src/detect/failure-grammar/find-leaves.js';
import {tlsRows} from '../../src/detect/failure-grammar/tls-forms.js';
import {x509Rows} from '../../src/detect/failure-grammar/x509-forms.js';

/**
 * One row per message form. Messages are what classifyFailure receives: the log message with envelope
 * and klog header removed (structured klog lines decoded, unless a row says it keeps `\"`).
 * Rows marked "real" copy the message text of a line in fixtures/realworld/ (file named); all other rows
 * are examples built from the formats in /work/shared/reference/error-grammar.md (section named).
 */
type Expected = Partial<Omit<FailureEvent, 'offset'>> & Pick<FailureEvent, 'kind' | 'side' | 'certificate' | 'layer'>;
type Row = {
	readonly form: string;
	readonly message: string;
	/** The leaf text; the event's offset is its first occurrence. */
	readonly leaf: string;
	readonly expected: Expected;
};

const absent: Omit<FailureEvent, 'kind' | 'side' | 'certificate' | 'layer' | 'offset'> = {
	alert: undefined, target: undefined, targetPort: undefined, path: undefined, peer: undefined, peerPort: undefined,
	now: undefined, bound: undefined, name: undefined, validFor: undefined, wanted: undefined, client: undefined,
};

const full = (row: Row): FailureEvent => ({...absent, ...row.expected, offset: row.message.indexOf(row.leaf)});
const ms = (time: string): number => Date.parse(time);
const expiry = (now: string, bound: string) => ({now: ms(now), bound: ms(bound)});

const x509Expired = 'x509: certificate has expired or is not yet valid';
const expiredDetail = `${x509Expired}: current time 2026-11-28T11:38:13Z is after 2026-11-27T10:38:12Z`;
const loopbackExpiry = expiry('2026-11-28T11:38:13Z', '2026-11-27T10:38:12Z');
const etcdExpiry = expiry('2026-05-10T17:43:56Z', '2026-05-09T09:00:00Z');
const etcdExpiredDetail = `${x509Expired}: current time 2026-05-10T17:43:56Z is after 2026-05-09T09:00:00Z`;
const createTransport = 'grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379", ServerName: "127.0.0.1", }. Err: connection error: desc = ';
const grpcTarget = {target: '127.0.0.1', targetPort: 2379, name: '127.0.0.1'} as const;

const x509Rows_: readonly Row[] = [
	{
		form: 'Go ≤ 1.13 reflector, unquoted URL, no expiry detail (log-formats.md §6.1)',
		message: 'k8s.io/client-go/informers/factory.go:135: Failed to list *v1.ClusterRole: Get https://10.13.96.11:6443/apis/rbac.authorization.k8s.io/v1/clusterroles?resourceVersion=397554978: x509: certificate has expired or is not yet valid',
		leaf: x509Expired,
		expected: {kind: 'expired-or-not-yet-valid', side: 'client', certificate: 'server', layer: 'http-client', target: '10.13.96.11', targetPort: 6443, path: '/apis/rbac.authorization.k8s.io/v1/clusterroles'},
	},
	{
		form: 'Go ≥ 1.14 reflector 1.20-1.30, `Failed to watch … failed to list …`, quoted IPv6 URL (§4.1, log-formats.md §6.1)',
		message: `k8s.io/client-go/informers/factory.go:134: Failed to watch *v1.Service: failed to list *v1.Service: Get "https://[::1]:6443/api/v1/services?resourceVersion=12": ${expiredDetail}`,
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'http-client', target: '::1', targetPort: 6443, path: '/api/v1/services', ...loopbackExpiry},
	},
	{
		form: '1.31 `"Unhandled Error" err=…` decoded, Go ≥ 1.20 `tls: failed to verify certificate:` (§3.2, §6.4)',
		message: `Unhandled Error err=k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.LimitRange: failed to list *v1.LimitRange: Get "https://127.0.0.1:6443/api/v1/limitranges?limit=500&resourceVersion=0": tls: failed to verify certificate: ${expiredDetail} logger=UnhandledError`,
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'http-client', target: '127.0.0.1', targetPort: 6443, path: '/api/v1/limitranges', ...loopbackExpiry},
	},
	{
		form: '1.31 `"Unhandled Error" err="…"` not decoded: inner quotes still `\\"` (§6.4)',
		message: String.raw`"Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.LimitRange: failed to list *v1.LimitRange: Get \"https://127.0.0.1:6443/api/v1/limitranges?limit=500&resourceVersion=0\": tls: failed to verify certificate: ` + expiredDetail + '" logger="UnhandledError"',
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'http-client', target: '127.0.0.1', targetPort: 6443, path: '/api/v1/limitranges', ...loopbackExpiry},
	},
	{
		form: '1.33 `"Failed to watch" err=…` decoded, verifier clock in +08:00 (§2, log-formats.md §6.1)',
		message: `Failed to watch err=failed to list *v1.RoleBinding: Get "https://127.0.0.1:6443/apis/rbac.authorization.k8s.io/v1/rolebindings?limit=500&resourceVersion=0": tls: failed to verify certificate: ${x509Expired}: current time 2026-11-28T19:38:13+08:00 is after 2026-11-27T10:38:12Z logger=UnhandledError reflector=k8s.io/client-go/informers/factory.go:160 type=*v1.RoleBinding`,
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'http-client', target: '127.0.0.1', targetPort: 6443, path: '/apis/rbac.authorization.k8s.io/v1/rolebindings', ...loopbackExpiry},
	},
	{
		form: 'real: admission event through kubectl, quoted IPv6 URL (04-loopback-cert-expired-rancher45685)',
		message: 'Pods "rancher-aahhdhfifr-" is forbidden: Get "https://[::1]:6443/api/v1/namespaces/cattle-system/limitranges": x509: certificate has expired or is not yet valid: current time 2024-06-05T12:19:35Z is after 2023-04-10T19:38:43Z',
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'http-client', target: '::1', targetPort: 6443, path: '/api/v1/namespaces/cattle-system/limitranges', ...expiry('2024-06-05T12:19:35Z', '2023-04-10T19:38:43Z')},
	},
	{
		form: 'real: k3s CA check, Go ≥ 1.14 (r2-01-cluster-cert-expired-k3s4438)',
		message: 'CA cert validation failed: Get "https://127.0.0.1:6443/cacerts": x509: certificate has expired or is not yet valid: current time 2031-11-11T00:40:39Z is after 2022-11-10T00:34:39Z',
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'http-client', target: '127.0.0.1', targetPort: 6443, path: '/cacerts', ...expiry('2031-11-11T00:40:39Z', '2022-11-10T00:34:39Z')},
	},
	{
		form: 'real: logrus `msg="…"` with `\\"`, Go ≥ 1.20, `is before` (r2-05-clock-skew-rke2-4372)',
		message: String.raw`time="2024-10-17T06:22:51+03:00" level=error msg="CA cert validation failed: Get \"https://127.0.0.1:9345/cacerts\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2024-10-17T06:22:51+03:00 is before 2024-10-17T04:01:49Z"`,
		leaf: x509Expired,
		expected: {kind: 'not-yet-valid', side: 'client', certificate: 'server', layer: 'http-client', target: '127.0.0.1', targetPort: 9345, path: '/cacerts', ...expiry('2024-10-17T03:22:51Z', '2024-10-17T04:01:49Z')},
	},
	{
		form: 'real: Go ≤ 1.13 unquoted URL with a host name, continuation line (r2-02-cluster-cert-expired-origin20538)',
		message: ' Get https://master.dhcpaas.com:8443/api/v1/namespaces: x509: certificate has expired or is not yet valid',
		leaf: x509Expired,
		expected: {kind: 'expired-or-not-yet-valid', side: 'client', certificate: 'server', layer: 'http-client', target: 'master.dhcpaas.com', targetPort: 8443, path: '/api/v1/namespaces'},
	},
	{
		form: 'real: kubectl `Unable to connect to the server: x509: …` (10-cluster-cert-expired-snowdrop260)',
		message: 'Unable to connect to the server: x509: certificate has expired or is not yet valid: current time 2022-06-20T10:31:49+02:00 is after 2022-05-17T12:52:17Z',
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'kubectl', ...expiry('2022-06-20T08:31:49Z', '2022-05-17T12:52:17Z')},
	},
	{
		form: 'real: kubectl, not yet valid (17-clock-skew-kind2166)',
		message: 'Unable to connect to the server: x509: certificate has expired or is not yet valid: current time 2021-03-29T11:40:49+08:00 is before 2021-03-29T11:39:56Z',
		leaf: x509Expired,
		expected: {kind: 'not-yet-valid', side: 'client', certificate: 'server', layer: 'kubectl', ...expiry('2021-03-29T03:40:49Z', '2021-03-29T11:39:56Z')},
	},
	{
		form: 'real: unknown authority with `possibly because of …`, unquoted URL with a query (19-unknown-authority-handbook224)',
		message: 'k8s.io/kubernetes/pkg/kubelet/config/apiserver.go:47: Failed to list *v1.Pod: Get https://192.168.51.166:6443/api/v1/pods?fieldSelector=spec.nodeName%3Dk8s-node-1&limit=500&resourceVersion=0: x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "Kubernetes")',
		leaf: 'x509: certificate signed',
		expected: {kind: 'unknown-authority', side: 'client', certificate: 'server', layer: 'http-client', target: '192.168.51.166', targetPort: 6443, path: '/api/v1/pods'},
	},
	{
		form: 'real: webhook ≤ 1.22, unknown authority, words run together in the paste (r2-12-webhook-cert-kgateway5672)',
		message: 'failed calling webhook "gateway.gloo-system.svc": Post "https://gateway.gloo-system.svc:443/validation?timeout=30s": x509: certificate signedby unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "supergloo-webhook-cert-ca")',
		leaf: 'x509: certificate signedby',
		expected: {kind: 'unknown-authority', side: 'client', certificate: 'server', layer: 'webhook', target: 'gateway.gloo-system.svc', targetPort: 443, path: '/validation', name: 'gateway.gloo-system.svc'},
	},
	{
		form: 'name mismatch, DNS SANs (§2)',
		message: 'Get "https://apiserver.example.com:6443/api?timeout=32s": x509: certificate is valid for kubernetes, kubernetes.default, kubernetes.default.svc, not apiserver.example.com',
		leaf: 'x509: certificate is valid',
		expected: {kind: 'name-mismatch', side: 'client', certificate: 'server', layer: 'http-client', target: 'apiserver.example.com', targetPort: 6443, path: '/api', validFor: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc'], wanted: 'apiserver.example.com'},
	},
	{
		form: 'name mismatch, IP SANs, Go ≥ 1.20 (§2, §3.2)',
		message: 'Get "https://10.0.0.9:6443/api": tls: failed to verify certificate: x509: certificate is valid for 10.96.0.1, 10.0.0.5, not 10.0.0.9',
		leaf: 'x509: certificate is valid',
		expected: {kind: 'name-mismatch', side: 'client', certificate: 'server', layer: 'http-client', target: '10.0.0.9', targetPort: 6443, path: '/api', validFor: ['10.96.0.1', '10.0.0.5'], wanted: '10.0.0.9'},
	},
	{
		form: '`doesn\'t contain any IP SANs`, kubelet port (§2)',
		message: 'Get "https://10.0.0.9:10250/containerLogs/kube-system/etcd-cp-1/etcd": x509: cannot validate certificate for 10.0.0.9 because it doesn\'t contain any IP SANs',
		leaf: 'x509: cannot validate',
		expected: {kind: 'name-mismatch', side: 'client', certificate: 'server', layer: 'http-client', target: '10.0.0.9', targetPort: 10250, path: '/containerLogs/kube-system/etcd-cp-1/etcd', wanted: '10.0.0.9'},
	},
	{
		form: '`not valid for any names`, bare: the side is not told (§2)',
		message: 'x509: certificate is not valid for any names, but wanted to match api-int.cluster.local',
		leaf: 'x509: certificate is not valid',
		expected: {kind: 'name-mismatch', side: 'client', certificate: 'unknown', layer: 'bare', validFor: [], wanted: 'api-int.cluster.local'},
	},
	{
		form: 'legacy Common Name, Go ≥ 1.17, webhook ≥ 1.23 (§2, §6.2)',
		message: 'failed calling webhook "mutate.example.com": failed to call webhook: Post "https://mutator.example-ns.svc:443/mutate?timeout=10s": x509: certificate relies on legacy Common Name field, use SANs instead',
		leaf: 'x509: certificate relies',
		expected: {kind: 'x509-other', side: 'client', certificate: 'server', layer: 'webhook', target: 'mutator.example-ns.svc', targetPort: 443, path: '/mutate', name: 'mutate.example.com'},
	},
	{
		form: 'legacy Common Name, Go 1.15-1.16 wording (§2)',
		message: 'Get "https://kubernetes.default.svc/version": x509: certificate relies on legacy Common Name field, use SANs or temporarily enable Common Name matching with GODEBUG=x509ignoreCN=0',
		leaf: 'x509: certificate relies',
		expected: {kind: 'x509-other', side: 'client', certificate: 'server', layer: 'http-client', target: 'kubernetes.default.svc', targetPort: 443, path: '/version'},
	},
	{
		form: 'no system roots (§2)',
		message: 'Get "https://registry.example.com/v2/": x509: failed to load system roots and no roots provided',
		leaf: 'x509: failed to load',
		expected: {kind: 'x509-other', side: 'client', certificate: 'server', layer: 'http-client', target: 'registry.example.com', targetPort: 443, path: '/v2/'},
	},
	{
		form: 'path length constraint, gRPC (§2, §7)',
		message: `${createTransport}"transport: authentication handshake failed: x509: too many intermediates for path length constraint"`,
		leaf: 'x509: too many',
		expected: {kind: 'x509-other', side: 'client', certificate: 'server', layer: 'grpc', ...grpcTarget},
	},
	{
		form: 'kube-apiserver ≤ 1.18 `status.go` prints the error with `%#v`: `&url.Error{…, Err:x509.CertificateInvalidError{…, Reason:1, Detail:""}}` (crypto/x509 `Expired` = 1)',
		message: 'apiserver received an error that is not an metav1.Status: &url.Error{Op:"Get", URL:"https://10.13.96.12:6443/api/v1/namespaces/saas-ec-tomcat-pl/resourcequotas", Err:x509.CertificateInvalidError{Cert:(*x509.Certificate)(0xc00f81c2b0), Reason:1, Detail:""}}',
		leaf: 'x509.CertificateInvalidError',
		expected: {kind: 'expired-or-not-yet-valid', side: 'client', certificate: 'server', layer: 'http-client', target: '10.13.96.12', targetPort: 6443, path: '/api/v1/namespaces/saas-ec-tomcat-pl/resourcequotas'},
	},
	{
		form: '`%#v` with the Go ≥ 1.14 `Detail`, structured klog not decoded (`\\"`)',
		message: String.raw`"Unhandled Error" err="apiserver received an error that is not an metav1.Status: &url.Error{Op:\"Get\", URL:\"https://[::1]:6443/api/v1/namespaces/ci/resourcequotas\", Err:x509.CertificateInvalidError{Cert:(*x509.Certificate)(0xc00f81c2b0), Reason:1, Detail:\"current time 2026-11-28T11:38:13Z is after 2026-11-27T10:38:12Z\"}}"`,
		leaf: 'x509.CertificateInvalidError',
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'http-client', target: '::1', targetPort: 6443, path: '/api/v1/namespaces/ci/resourcequotas', ...loopbackExpiry},
	},
	{
		form: '`%#v` of a host name mismatch: `x509.HostnameError{…, Host:"…"}`',
		message: 'apiserver received an error that is not an metav1.Status: &url.Error{Op:"Get", URL:"https://10.0.0.9:10250/containerLogs/ns/pod/c", Err:x509.HostnameError{Certificate:(*x509.Certificate)(0xc00a1b2c30), Host:"10.0.0.9"}}',
		leaf: 'x509.HostnameError',
		expected: {kind: 'name-mismatch', side: 'client', certificate: 'server', layer: 'http-client', target: '10.0.0.9', targetPort: 10250, path: '/containerLogs/ns/pod/c', wanted: '10.0.0.9'},
	},
	{
		form: 'the `%#v` of an error followed by its text (`%#+v: %v`): the text is read, the dump is only a URL',
		message: 'apiserver received an error that is not an metav1.Status: &url.Error{Op:"Get", URL:"https://10.0.0.21:10250/containerLogs/default/web?follow=true", Err:(*tls.CertificateVerificationError)(0xc00350b2a0)}: Get "https://10.0.0.21:10250/containerLogs/default/web?follow=true": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-28T08:54:07Z is after 2026-11-21T14:12:11Z',
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'http-client', target: '10.0.0.21', targetPort: 10250, path: '/containerLogs/default/web', ...expiry('2026-11-28T08:54:07Z', '2026-11-21T14:12:11Z')},
	},
	{
		form: 'an x509 error the table does not name, behind the Go ≥ 1.20 wrapper (§3.2)',
		message: 'Get "https://10.0.0.5:6443/api": tls: failed to verify certificate: x509: ECDSA verification failure',
		leaf: 'tls: failed to verify',
		expected: {kind: 'x509-other', side: 'client', certificate: 'server', layer: 'http-client', target: '10.0.0.5', targetPort: 6443, path: '/api'},
	},
];

const authenticatorRows: readonly Row[] = [
	{
		form: 'authenticator ≤ 1.20 plain text, incompatible key usage (§6.1)',
		message: 'Unable to authenticate the request due to an error: x509: certificate specifies an incompatible key usage',
		leaf: 'x509: certificate specifies',
		expected: {kind: 'x509-other', side: 'server', certificate: 'client', layer: 'authenticator'},
	},
	{
		form: 'authenticator ≤ 1.20, aggregate of two authenticators (§6.1)',
		message: 'Unable to authenticate the request due to an error: [x509: certificate signed by unknown authority, invalid bearer token]',
		leaf: 'x509: certificate signed',
		expected: {kind: 'unknown-authority', side: 'server', certificate: 'client', layer: 'authenticator'},
	},
	{
		form: 'authenticator ≥ 1.20 structured, decoded: `verifying certificate SN=…, SKID=, AKID=… failed:` (§6.1 example)',
		message: `Unable to authenticate the request err=verifying certificate SN=4242424242, SKID=, AKID=1A:2B:3C:4D failed: ${etcdExpiredDetail}`,
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'server', certificate: 'client', layer: 'authenticator', ...etcdExpiry, client: {serial: '4242424242', skid: undefined, akid: '1A:2B:3C:4D', subject: undefined}},
	},
	{
		form: 'authenticator ≥ 1.21 structured, not decoded, both key ids (§6.1)',
		message: '"Unable to authenticate the request" err="verifying certificate SN=77, SKID=0A:0B, AKID=1A:2B failed: x509: certificate signed by unknown authority"',
		leaf: 'x509: certificate signed',
		expected: {kind: 'unknown-authority', side: 'server', certificate: 'client', layer: 'authenticator', client: {serial: '77', skid: '0A:0B', akid: '1A:2B', subject: undefined}},
	},
];

const etcdRows: readonly Row[] = [
	{
		form: 'etcd v3.4 capnslog, Go ≤ 1.19 `failed to verify client certificate:` (§8)',
		message: `embed: rejected connection from "10.0.0.12:44122" (error "tls: failed to verify client certificate: ${etcdExpiredDetail}", ServerName "")`,
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'server', certificate: 'client', layer: 'etcd-listener', peer: '10.0.0.12', peerPort: 44122, ...etcdExpiry},
	},
	{
		form: 'real: etcd `client\'s certificate`, no detail, redacted host name, unclosed (r2-04-cluster-cert-expired-kops11527)',
		message: 'etcdmain: rejected connection from "MASTER-B-ADDRESS:64762" (error "tls: failed to verify client\'s certificate: x509: certificate has expired or is not yet valid',
		leaf: x509Expired,
		expected: {kind: 'expired-or-not-yet-valid', side: 'server', certificate: 'client', layer: 'etcd-listener', peer: 'master-b-address', peerPort: 64762},
	},
	{
		form: 'etcd v3.5.15+ zap, raw JSON, Go ≥ 1.20 (§8 example)',
		message: `{"level":"warn","ts":"2026-05-10T17:43:56.889617Z","caller":"embed/config_logging.go:190","msg":"rejected connection on client endpoint","remote-addr":"127.0.0.1:53412","server-name":"","error":"tls: failed to verify certificate: ${etcdExpiredDetail}"}`,
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'server', certificate: 'client', layer: 'etcd-listener', peer: '127.0.0.1', peerPort: 53412, ...etcdExpiry},
	},
	{
		form: 'etcd zap decoded as `msg key=value` (the JSON payload\'s searchable text), client certificate authentication failed (§8)',
		message: 'rejected connection on peer endpoint level=warn remote-addr=10.0.0.13:51234 server-name=etcd-1.example.com ip-addresses=["10.0.0.13"] dns-names=["etcd-1"] error=client certificate authentication failed',
		leaf: 'client certificate authentication',
		expected: {kind: 'client-certificate-refused', side: 'server', certificate: 'client', layer: 'etcd-listener', peer: '10.0.0.13', peerPort: 51234, name: 'etcd-1.example.com'},
	},
	{
		form: 'real: etcd zap `rejected connection` with `remote error: tls: bad certificate` (r2-01-cluster-cert-expired-k3s4438)',
		message: '{"level":"warn","ts":"2031-11-11T00:40:40.583Z","caller":"embed/config_logging.go:169","msg":"rejected connection","remote-addr":"127.0.0.1:38608","server-name":"","error":"remote error: tls: bad certificate"}',
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'server', certificate: 'server', layer: 'etcd-listener', alert: 'bad certificate', peer: '127.0.0.1', peerPort: 38608},
	},
	{
		form: 'etcd v3.4 capnslog, the client refused etcd\'s certificate (§8 example)',
		message: 'embed: rejected connection from "127.0.0.1:53412" (error "remote error: tls: bad certificate", ServerName "")',
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'server', certificate: 'server', layer: 'etcd-listener', alert: 'bad certificate', peer: '127.0.0.1', peerPort: 53412},
	},
	{
		form: 'etcd capnslog, no client certificate, ServerName after the error (§8)',
		message: 'embed: rejected connection from "[fd00::12]:44122" (error "tls: client didn\'t provide a certificate", ServerName "etcd-0.example.com")',
		leaf: 'tls: client didn',
		expected: {kind: 'no-certificate', side: 'server', certificate: 'client', layer: 'etcd-listener', peer: 'fd00::12', peerPort: 44122, name: 'etcd-0.example.com'},
	},
	{
		form: 'etcd v3.3 capnslog `CommonName authentication failed` (§8)',
		message: 'embed: rejected connection from "10.0.0.13:51234" (error "CommonName authentication failed", ServerName "")',
		leaf: 'CommonName',
		expected: {kind: 'client-certificate-refused', side: 'server', certificate: 'client', layer: 'etcd-listener', peer: '10.0.0.13', peerPort: 51234},
	},
	{
		form: 'etcd CRL: `transport: certificate serial <hex> revoked` (§8)',
		message: 'embed: rejected connection from "10.0.0.13:51234" (error "transport: certificate serial 1a2b3c revoked", ServerName "")',
		leaf: 'transport: certificate serial',
		expected: {kind: 'client-certificate-refused', side: 'server', certificate: 'client', layer: 'etcd-listener', peer: '10.0.0.13', peerPort: 51234, client: {serial: '1a2b3c', skid: undefined, akid: undefined, subject: undefined}},
	},
	{
		form: 'etcd v3.2 capnslog `rejected connection from "<REMOTE>" (EOF)` (§8)',
		message: 'embed: rejected connection from "10.0.0.1:40000" (EOF)',
		leaf: 'EOF',
		expected: {kind: 'handshake-aborted', side: 'server', certificate: 'none', layer: 'etcd-listener', peer: '10.0.0.1', peerPort: 40000},
	},
	{
		form: 'etcd zap decoded, EOF (§8)',
		message: 'rejected connection on client endpoint level=debug remote-addr=10.0.0.1:40000 server-name= error=EOF',
		leaf: 'EOF',
		expected: {kind: 'handshake-aborted', side: 'server', certificate: 'none', layer: 'etcd-listener', peer: '10.0.0.1', peerPort: 40000},
	},
	{
		form: 'etcd capnslog, reset during the handshake (§8)',
		message: 'embed: rejected connection from "10.0.0.1:40000" (error "read tcp 10.0.0.11:2379->10.0.0.1:40000: read: connection reset by peer", ServerName "")',
		leaf: 'connection reset',
		expected: {kind: 'handshake-aborted', side: 'server', certificate: 'none', layer: 'etcd-listener', peer: '10.0.0.1', peerPort: 40000},
	},
];

const grpcRows: readonly Row[] = [
	{
		form: 'grpc-go v1.12-v1.27: `{addr 0  <nil>}`, `Err :`, `Error while dialing` without colon (§7)',
		message: 'grpc: addrConn.createTransport failed to connect to {127.0.0.1:2379 0  <nil>}. Err :connection error: desc = "transport: Error while dialing dial tcp 127.0.0.1:2379: connect: connection refused". Reconnecting...',
		leaf: 'connection refused',
		expected: {kind: 'connection-refused', side: 'client', certificate: 'none', layer: 'grpc', target: '127.0.0.1', targetPort: 2379},
	},
	{
		form: 'grpc-go v1.30-v1.40: `{https://addr  <nil> 0 <nil>}`, `Err: `, `Reconnecting...` (§7)',
		message: `grpc: addrConn.createTransport failed to connect to {https://127.0.0.1:2379  <nil> 0 <nil>}. Err: connection error: desc = "transport: authentication handshake failed: ${etcdExpiredDetail}". Reconnecting...`,
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'grpc', target: '127.0.0.1', targetPort: 2379, ...etcdExpiry},
	},
	{
		form: 'grpc-go ≥ v1.50 `{Addr: …, ServerName: …, }` with `[core] [Channel #5 SubChannel #6]`, Go ≥ 1.20 (§7 example)',
		message: `[core] [Channel #5 SubChannel #6] ${createTransport}"transport: authentication handshake failed: tls: failed to verify certificate: ${etcdExpiredDetail}"`,
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'grpc', ...grpcTarget, ...etcdExpiry},
	},
	{
		form: 'grpc-go `ServerName` holding the authority with its port (§7): the name is the host',
		message: '[core] [Channel #2 SubChannel #3]grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379", ServerName: "127.0.0.1:2379", }. Err: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"',
		leaf: 'connection refused',
		expected: {kind: 'connection-refused', side: 'client', certificate: 'none', layer: 'grpc', ...grpcTarget},
	},
	{
		form: 'grpc-go ≥ v1.53 `Error while dialing:` with colon, i/o timeout (§7)',
		message: '[core] [Channel #1 SubChannel #2] grpc: addrConn.createTransport failed to connect to {Addr: "10.0.0.12:2379", ServerName: "10.0.0.12", }. Err: connection error: desc = "transport: Error while dialing: dial tcp 10.0.0.12:2379: i/o timeout"',
		leaf: 'i/o timeout',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'grpc', target: '10.0.0.12', targetPort: 2379, name: '10.0.0.12'},
	},
	{
		form: 'gRPC: etcd refused the apiserver\'s client certificate (TLS 1.2, Go ≤ 1.19 etcd) (§7, §9)',
		message: `${createTransport}"transport: authentication handshake failed: remote error: tls: bad certificate"`,
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'client', certificate: 'client', layer: 'grpc', alert: 'bad certificate', ...grpcTarget},
	},
	{
		form: 'gRPC: Go ≥ 1.20 etcd, expired client certificate alert (§3.1, §9)',
		message: `${createTransport}"transport: authentication handshake failed: remote error: tls: expired certificate"`,
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'client', certificate: 'client', layer: 'grpc', alert: 'expired certificate', ...grpcTarget},
	},
	{
		form: 'gRPC: Go ≥ 1.20 etcd, client certificate from an unknown CA (§3.1)',
		message: `${createTransport}"transport: authentication handshake failed: remote error: tls: unknown certificate authority"`,
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'client', certificate: 'client', layer: 'grpc', alert: 'unknown certificate authority', ...grpcTarget},
	},
	{
		form: 'gRPC: TLS 1.3 rejection at the first read, `error reading server preface:` (§3.1, §7)',
		message: `${createTransport}"error reading server preface: remote error: tls: certificate required"`,
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'client', certificate: 'client', layer: 'grpc', alert: 'certificate required', ...grpcTarget},
	},
	{
		form: 'gRPC: old Go without a name for alert 116 (§3.1)',
		message: `${createTransport}"transport: authentication handshake failed: remote error: tls: alert(116)"`,
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'client', certificate: 'client', layer: 'grpc', alert: 'alert(116)', ...grpcTarget},
	},
	{
		form: 'gRPC to a plaintext etcd (§7)',
		message: `${createTransport}"transport: authentication handshake failed: tls: first record does not look like a TLS handshake"`,
		leaf: 'first record',
		expected: {kind: 'not-tls', side: 'client', certificate: 'none', layer: 'grpc', ...grpcTarget},
	},
	{
		form: 'grpc-go ≥ v1.67 ALPN enforcement (§7)',
		message: `${createTransport}"transport: authentication handshake failed: credentials: cannot check peer: missing selected ALPN property"`,
		leaf: 'missing selected',
		expected: {kind: 'tls-protocol', side: 'client', certificate: 'none', layer: 'grpc', ...grpcTarget},
	},
	{
		form: 'gRPC handshake cut short (§7)',
		message: `${createTransport}"transport: authentication handshake failed: EOF"`,
		leaf: 'EOF',
		expected: {kind: 'handshake-aborted', side: 'client', certificate: 'none', layer: 'grpc', ...grpcTarget},
	},
	{
		form: 'gRPC handshake past its deadline (§7)',
		message: `${createTransport}"transport: authentication handshake failed: context deadline exceeded"`,
		leaf: 'context deadline',
		expected: {kind: 'handshake-timeout', side: 'client', certificate: 'none', layer: 'grpc', ...grpcTarget},
	},
	{
		form: 'gRPC status after the connection was up (§7)',
		message: 'rpc error: code = Unavailable desc = error reading from server: EOF',
		leaf: 'EOF',
		expected: {kind: 'connection-reset', side: 'client', certificate: 'none', layer: 'grpc'},
	},
	{
		form: 'real: the tail of a split gRPC line, no address (09-cluster-cert-expired-k8sapiserver102)',
		message: '}. Err: connection error: desc = "transport: authentication handshake failed: x509: certificate has expired or is not yet valid: current time 2023-12-16T06:35:01Z is after 2023-12-03T03:37:19Z"',
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'grpc', ...expiry('2023-12-16T06:35:01Z', '2023-12-03T03:37:19Z')},
	},
	{
		form: 'real: etcd client zap JSON, `etcd-endpoints://…/#initially=[https://…]`, DeadlineExceeded wrapping the handshake (r2-01-cluster-cert-expired-k3s4438)',
		message: String.raw`{"level":"warn","ts":"2031-11-11T00:40:42.117Z","logger":"etcd-client","caller":"v3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0xc00149a000/#initially=[https://127.0.0.1:2379]","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = \"transport: authentication handshake failed: x509: certificate has expired or is not yet valid: current time 2031-11-11T00:40:40Z is after 2031-11-08T00:34:39Z\""}`,
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'grpc', target: '127.0.0.1', targetPort: 2379, ...expiry('2031-11-11T00:40:40Z', '2031-11-08T00:34:39Z')},
	},
	{
		form: 'real: etcd client zap JSON, `etcd-endpoints://0x…/127.0.0.1:2379`, DeadlineExceeded (r2-08-etcd-rancher42505)',
		message: '{"level":"warn","ts":"2023-08-23T05:25:30.459Z","logger":"etcd-client","caller":"v3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0xc0039dbc00/127.0.0.1:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}',
		leaf: 'code = DeadlineExceeded',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'grpc', target: '127.0.0.1', targetPort: 2379},
	},
];

const webhookAndApiServiceRows: readonly Row[] = [
	{
		form: 'webhook ≤ 1.22 `failed calling webhook "<name>": Post "<URL>": …` (§6.2)',
		message: 'failed calling webhook "validate.example.com": Post "https://example-webhook.example-ns.svc:443/validate?timeout=10s": x509: certificate signed by unknown authority',
		leaf: 'x509: certificate signed',
		expected: {kind: 'unknown-authority', side: 'client', certificate: 'server', layer: 'webhook', target: 'example-webhook.example-ns.svc', targetPort: 443, path: '/validate', name: 'validate.example.com'},
	},
	{
		form: 'webhook ≥ 1.23 `failing closed`, `failed to call webhook:`, Go ≥ 1.20 (§6.2 example)',
		message: 'Failed calling webhook, failing closed validate.example.com: failed calling webhook "validate.example.com": failed to call webhook: Post "https://example-webhook.example-ns.svc:443/validate?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority',
		leaf: 'x509: certificate signed',
		expected: {kind: 'unknown-authority', side: 'client', certificate: 'server', layer: 'webhook', target: 'example-webhook.example-ns.svc', targetPort: 443, path: '/validate', name: 'validate.example.com'},
	},
	{
		form: 'real: kubectl output wrapped over five lines, joined with line breaks (24-webhook-cert-percona2548)',
		message: [
			'Error from server (InternalError): error when creating "cr.yaml": Internal error occurred:',
			'failed calling webhook "validationwebhook.pxc.percona.com": failed to call webhook:',
			'Post "https://percona-xtradb-cluster-operator.pxc-operator.svc:443/validate-percona-xtradbcluster?timeout=10s":',
			'tls: failed to verify certificate: x509: certificate has expired or is not yet valid:',
			'current time 2026-09-07T07:00:44Z is after 2026-09-06T16:06:36Z',
		].join('\n'),
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'webhook', target: 'percona-xtradb-cluster-operator.pxc-operator.svc', targetPort: 443, path: '/validate-percona-xtradbcluster', name: 'validationwebhook.pxc.percona.com', ...expiry('2026-09-07T07:00:44Z', '2026-09-06T16:06:36Z')},
	},
	{
		form: 'webhook `failing open`, context deadline (§6.2)',
		message: 'Failed calling webhook, failing open validate.kyverno.svc-fail: failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s": context deadline exceeded',
		leaf: 'context deadline',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'webhook', target: 'kyverno-svc.kyverno.svc', targetPort: 443, path: '/validate/fail', name: 'validate.kyverno.svc-fail'},
	},
	{
		form: 'webhook, the server closed the connection without answering (§5 `EOF`)',
		message: 'failed calling webhook "mutate.example.com": failed to call webhook: Post "https://mutator.example-ns.svc:443/mutate?timeout=10s": EOF',
		leaf: 'EOF',
		expected: {kind: 'connection-reset', side: 'client', certificate: 'none', layer: 'webhook', target: 'mutator.example-ns.svc', targetPort: 443, path: '/mutate', name: 'mutate.example.com'},
	},
	{
		form: 'APIService availability, unquoted then quoted URL, dial i/o timeout (§6.3)',
		message: 'v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.96.0.12:443/apis/metrics.k8s.io/v1beta1: Get "https://10.96.0.12:443/apis/metrics.k8s.io/v1beta1": dial tcp 10.96.0.12:443: i/o timeout',
		leaf: 'i/o timeout',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'apiservice', target: '10.96.0.12', targetPort: 443, path: '/apis/metrics.k8s.io/v1beta1', name: 'v1beta1.metrics.k8s.io'},
	},
	{
		form: 'real: APIService availability, context deadline (r2-13-aggregated-api-rke2-2393)',
		message: 'v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.43.247.145:443/apis/metrics.k8s.io/v1beta1: Get "https://10.43.247.145:443/apis/metrics.k8s.io/v1beta1": context deadline exceeded',
		leaf: 'context deadline',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'apiservice', target: '10.43.247.145', targetPort: 443, path: '/apis/metrics.k8s.io/v1beta1', name: 'v1beta1.metrics.k8s.io'},
	},
	{
		form: '1.31+ HandleError around the APIService line: the backend refused the aggregator\'s client certificate (§6.3, §6.4)',
		message: 'Unhandled Error err=v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: Get "https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1": remote error: tls: bad certificate logger=UnhandledError',
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'client', certificate: 'client', layer: 'apiservice', alert: 'bad certificate', target: '10.0.1.197', targetPort: 8443, path: '/apis/metrics.k8s.io/v1beta1', name: 'v1beta1.metrics.k8s.io'},
	},
	{
		form: 'real: OpenAPI controller, 503 body quoting the proxy\'s x509 error (r2-14-aggregated-api-transip4)',
		message: 'loading OpenAPI spec for "v1alpha1.cert-manager.webhook.transip" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: Error trying to reach service: \'x509: certificate signed by unknown authority\', Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]',
		leaf: 'x509: certificate signed',
		expected: {kind: 'unknown-authority', side: 'client', certificate: 'server', layer: 'apiservice', name: 'v1alpha1.cert-manager.webhook.transip'},
	},
	{
		form: 'OpenAPI controller, quoted name, HTTP client error (§6.3)',
		message: 'loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: Get "https://10.96.0.12:443/openapi/v2": x509: certificate has expired or is not yet valid: current time 2026-11-28T11:38:13Z is after 2026-11-27T10:38:12Z',
		leaf: x509Expired,
		expected: {kind: 'expired', side: 'client', certificate: 'server', layer: 'apiservice', target: '10.96.0.12', targetPort: 443, path: '/openapi/v2', name: 'v1beta1.metrics.k8s.io', ...loopbackExpiry},
	},
];

const kubeletRows: readonly Row[] = [
	{
		form: 'real: older kubelet callback `no certificate available` (r2-03-kubelet-serving-cert-kubeadm591)',
		message: 'http: TLS handshake error from 192.168.80.234:37000: no certificate available',
		leaf: 'no certificate available',
		expected: {kind: 'no-certificate', side: 'server', certificate: 'server', layer: 'handshake-log', peer: '192.168.80.234', peerPort: 37000},
	},
	{
		form: 'kubelet `no serving certificate available for the kubelet` (§4.2, §9)',
		message: 'http: TLS handshake error from 10.0.0.11:51234: no serving certificate available for the kubelet',
		leaf: 'no serving',
		expected: {kind: 'no-certificate', side: 'server', certificate: 'server', layer: 'handshake-log', peer: '10.0.0.11', peerPort: 51234},
	},
	{
		form: 'real: the apiserver\'s side: `remote error: tls: internal error` from :10250 (r2-03-kubelet-serving-cert-kubeadm591)',
		message: 'apiserver received an error that is not an metav1.Status: Get https://192.168.80.234:10250/containerLogs/kube-system/kube-proxy-l2f9s/kube-proxy: remote error: tls: internal error',
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'client', certificate: 'server', layer: 'http-client', alert: 'internal error', target: '192.168.80.234', targetPort: 10250, path: '/containerLogs/kube-system/kube-proxy-l2f9s/kube-proxy'},
	},
];

const kubectlRows: readonly Row[] = [
	{
		form: 'kubectl `The connection to the server <host:port> was refused` (more-formats.md §9)',
		message: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
		leaf: 'The connection',
		expected: {kind: 'connection-refused', side: 'client', certificate: 'none', layer: 'kubectl', target: 'localhost', targetPort: 8080},
	},
	{
		form: 'kubectl, IPv6 server (more-formats.md §9)',
		message: 'The connection to the server [fd00::1]:6443 was refused - did you specify the right host or port?',
		leaf: 'The connection',
		expected: {kind: 'connection-refused', side: 'client', certificate: 'none', layer: 'kubectl', target: 'fd00::1', targetPort: 6443},
	},
	{
		form: 'kubectl `Unable to connect to the server: net/http: TLS handshake timeout` (more-formats.md §9)',
		message: 'Unable to connect to the server: net/http: TLS handshake timeout',
		leaf: 'TLS handshake timeout',
		expected: {kind: 'handshake-timeout', side: 'client', certificate: 'none', layer: 'kubectl'},
	},
	{
		form: 'kubectl, dial timeout (more-formats.md §9)',
		message: 'Unable to connect to the server: dial tcp 10.0.0.5:6443: i/o timeout',
		leaf: 'i/o timeout',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'kubectl', target: '10.0.0.5', targetPort: 6443},
	},
	{
		form: 'kubectl, DNS (more-formats.md §9, §5)',
		message: 'Unable to connect to the server: dial tcp: lookup api.example.com on 127.0.0.53:53: no such host',
		leaf: 'no such host',
		expected: {kind: 'dns-failure', side: 'client', certificate: 'none', layer: 'kubectl', target: 'api.example.com'},
	},
	{
		form: 'kubectl, the server closed the connection (more-formats.md §9, §5)',
		message: 'Unable to connect to the server: EOF',
		leaf: 'EOF',
		expected: {kind: 'connection-reset', side: 'client', certificate: 'none', layer: 'kubectl'},
	},
	{
		form: 'client-go memcache line that kubectl prints first (more-formats.md §9)',
		message: 'couldn\'t get current server API group list: Get "https://10.0.0.5:6443/api?timeout=32s": dial tcp 10.0.0.5:6443: connect: connection refused',
		leaf: 'connection refused',
		expected: {kind: 'connection-refused', side: 'client', certificate: 'none', layer: 'http-client', target: '10.0.0.5', targetPort: 6443, path: '/api'},
	},
];

const handshakeLogRows: readonly Row[] = [
	{
		form: 'real: load-balancer probe, std-log bridge (13-benign-tls-noise-typhoon629)',
		message: 'http: TLS handshake error from 35.191.1.228:32772: EOF',
		leaf: 'EOF',
		expected: {kind: 'handshake-aborted', side: 'server', certificate: 'none', layer: 'handshake-log', peer: '35.191.1.228', peerPort: 32772},
	},
	{
		form: 'real: reset during the handshake (r2-16-benign-tls-noise-lokomotive)',
		message: 'http: TLS handshake error from 127.0.0.1:45332: read tcp 127.53.210.227:7443->127.0.0.1:45332: read: connection reset by peer',
		leaf: 'connection reset',
		expected: {kind: 'handshake-aborted', side: 'server', certificate: 'none', layer: 'handshake-log', peer: '127.0.0.1', peerPort: 45332},
	},
	{
		form: 'handshake deadline on the server (§4.2)',
		message: 'http: TLS handshake error from 10.0.0.7:53412: read tcp 10.0.0.5:6443->10.0.0.7:53412: i/o timeout',
		leaf: 'i/o timeout',
		expected: {kind: 'handshake-timeout', side: 'server', certificate: 'none', layer: 'handshake-log', peer: '10.0.0.7', peerPort: 53412},
	},
	{
		form: 'the client refused our serving certificate, -v=5 loopback (§4.2, log-formats.md §6)',
		message: 'http: TLS handshake error from 10.13.96.11:40312: remote error: tls: bad certificate',
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'server', certificate: 'server', layer: 'handshake-log', alert: 'bad certificate', peer: '10.13.96.11', peerPort: 40312},
	},
	{
		form: 'non-Go client alert, IPv6 peer (§4.2)',
		message: 'http: TLS handshake error from [FD00::7]:53412: remote error: tls: unknown certificate authority',
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'server', certificate: 'server', layer: 'handshake-log', alert: 'unknown certificate authority', peer: 'fd00::7', peerPort: 53412},
	},
	{
		form: 'IPv4-mapped IPv6 peer (§4.2)',
		message: 'http: TLS handshake error from [::ffff:10.0.0.7]:53412: EOF',
		leaf: 'EOF',
		expected: {kind: 'handshake-aborted', side: 'server', certificate: 'none', layer: 'handshake-log', peer: '10.0.0.7', peerPort: 53412},
	},
	{
		form: 'plaintext client on the TLS port (§3.3, §4.2)',
		message: 'http: TLS handshake error from 10.0.0.7:53412: tls: first record does not look like a TLS handshake',
		leaf: 'first record',
		expected: {kind: 'not-tls', side: 'server', certificate: 'none', layer: 'handshake-log', peer: '10.0.0.7', peerPort: 53412},
	},
	{
		form: 'server verifying client certificates, Go ≥ 1.20 (§4.2)',
		message: 'http: TLS handshake error from 10.0.0.7:53412: tls: failed to verify certificate: x509: certificate signed by unknown authority',
		leaf: 'x509: certificate signed',
		expected: {kind: 'unknown-authority', side: 'server', certificate: 'client', layer: 'handshake-log', peer: '10.0.0.7', peerPort: 53412},
	},
	{
		form: 'TLS version floor (§3.3)',
		message: 'http: TLS handshake error from 10.0.0.7:53412: tls: client offered only unsupported versions: [302 301]',
		leaf: 'offered only',
		expected: {kind: 'tls-protocol', side: 'server', certificate: 'none', layer: 'handshake-log', peer: '10.0.0.7', peerPort: 53412},
	},
	{
		form: 'no cipher suite in common (§3.3)',
		message: 'http: TLS handshake error from 10.0.0.7:53412: tls: no cipher suite supported by both client and server',
		leaf: 'no cipher',
		expected: {kind: 'tls-protocol', side: 'server', certificate: 'none', layer: 'handshake-log', peer: '10.0.0.7', peerPort: 53412},
	},
	{
		form: 'server without a certificate (§3.3)',
		message: 'http: TLS handshake error from 10.0.0.7:53412: tls: no certificates configured',
		leaf: 'tls: no certificates',
		expected: {kind: 'no-certificate', side: 'server', certificate: 'server', layer: 'handshake-log', peer: '10.0.0.7', peerPort: 53412},
	},
];

const connectionRows_: readonly Row[] = [
	{
		form: 'TLS client on a plaintext HTTP port (§4.1)',
		message: 'Get "https://10.0.0.5:8080/healthz": http: server gave HTTP response to HTTPS client',
		leaf: 'server gave',
		expected: {kind: 'not-tls', side: 'client', certificate: 'none', layer: 'http-client', target: '10.0.0.5', targetPort: 8080, path: '/healthz'},
	},
	{
		form: 'TLS client on a plaintext non-HTTP port (§3.3, §9)',
		message: 'Get "https://127.0.0.1:2379/health": tls: first record does not look like a TLS handshake',
		leaf: 'first record',
		expected: {kind: 'not-tls', side: 'client', certificate: 'none', layer: 'http-client', target: '127.0.0.1', targetPort: 2379, path: '/health'},
	},
	{
		form: 'the 400 body a plaintext client gets from a Go TLS port (§4.2)',
		message: 'Client sent an HTTP request to an HTTPS server.',
		leaf: 'sent an HTTP',
		expected: {kind: 'not-tls', side: 'client', certificate: 'none', layer: 'bare'},
	},
	{
		form: '`net/http: TLS handshake timeout` (§4.1)',
		message: 'Get "https://10.0.0.5:6443/api?timeout=32s": net/http: TLS handshake timeout',
		leaf: 'TLS handshake timeout',
		expected: {kind: 'handshake-timeout', side: 'client', certificate: 'none', layer: 'http-client', target: '10.0.0.5', targetPort: 6443, path: '/api'},
	},
	{
		form: '`dial tcp: lookup <host> on <dns>: no such host` with the URL\'s port (§5)',
		message: 'Get "https://master.example.com:8443/api/v1/namespaces": dial tcp: lookup master.example.com on 10.96.0.10:53: no such host',
		leaf: 'no such host',
		expected: {kind: 'dns-failure', side: 'client', certificate: 'none', layer: 'http-client', target: 'master.example.com', targetPort: 8443, path: '/api/v1/namespaces'},
	},
	{
		form: 'DNS SERVFAIL (§5)',
		message: 'Get "https://api-int.cluster.local:6443/api": dial tcp: lookup api-int.cluster.local on 10.96.0.10:53: server misbehaving',
		leaf: 'server misbehaving',
		expected: {kind: 'dns-failure', side: 'client', certificate: 'none', layer: 'http-client', target: 'api-int.cluster.local', targetPort: 6443, path: '/api'},
	},
	{
		form: 'DNS server unreachable: `i/o timeout` inside a lookup, no URL (§5)',
		message: 'dial tcp: lookup api-int.cluster.local on 10.96.0.10:53: read udp 10.0.0.5:41234->10.96.0.10:53: i/o timeout',
		leaf: 'i/o timeout',
		expected: {kind: 'dns-failure', side: 'client', certificate: 'none', layer: 'dial', target: 'api-int.cluster.local'},
	},
	{
		form: '`connect: no route to host` (§5)',
		message: 'Get "https://10.0.0.21:10250/healthz": dial tcp 10.0.0.21:10250: connect: no route to host',
		leaf: 'no route',
		expected: {kind: 'no-route', side: 'client', certificate: 'none', layer: 'http-client', target: '10.0.0.21', targetPort: 10250, path: '/healthz'},
	},
	{
		form: 'bare dial, IPv6, `network is unreachable` (§5)',
		message: 'dial tcp [fd00::1]:2379: connect: network is unreachable',
		leaf: 'network is',
		expected: {kind: 'no-route', side: 'client', certificate: 'none', layer: 'dial', target: 'fd00::1', targetPort: 2379},
	},
	{
		form: 'bare dial, ETIMEDOUT (§5)',
		message: 'dial tcp 10.0.0.5:2379: connect: connection timed out',
		leaf: 'connection timed out',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'dial', target: '10.0.0.5', targetPort: 2379},
	},
	{
		form: 'reset on an established connection (§5)',
		message: 'Get "https://10.0.0.5:6443/api/v1/pods?watch=true": read tcp 10.0.0.9:51514->10.0.0.5:6443: read: connection reset by peer',
		leaf: 'connection reset',
		expected: {kind: 'connection-reset', side: 'client', certificate: 'none', layer: 'http-client', target: '10.0.0.5', targetPort: 6443, path: '/api/v1/pods'},
	},
	{
		form: 'broken pipe, the remote end of `write tcp L->R` (§5)',
		message: 'write tcp 10.0.0.9:51514->10.0.0.5:6443: write: broken pipe',
		leaf: 'broken pipe',
		expected: {kind: 'connection-reset', side: 'client', certificate: 'none', layer: 'bare', target: '10.0.0.5', targetPort: 6443},
	},
	{
		form: '`context deadline exceeded (Client.Timeout exceeded while awaiting headers)` is one failure (§4.1)',
		message: 'Get "https://10.96.0.1:443/api?timeout=32s": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
		leaf: 'context deadline',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'http-client', target: '10.96.0.1', targetPort: 443, path: '/api'},
	},
	{
		form: 'leader election lock, context deadline (§6.7)',
		message: 'error retrieving resource lock kube-system/kube-scheduler: Get "https://10.0.0.5:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler?timeout=5s": context deadline exceeded',
		leaf: 'context deadline',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'http-client', target: '10.0.0.5', targetPort: 6443, path: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler'},
	},
	{
		form: 'client-go through a kube-proxy service IP, dial i/o timeout (§4.1 example)',
		message: 'Get "https://10.96.0.1:443/api/v1/namespaces?limit=500": dial tcp 10.96.0.1:443: i/o timeout',
		leaf: 'i/o timeout',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'http-client', target: '10.96.0.1', targetPort: 443, path: '/api/v1/namespaces'},
	},
	{
		form: 'real: k3s data-store check, bare context deadline (r2-01-cluster-cert-expired-k3s4438)',
		message: 'Failed to test data store connection: context deadline exceeded',
		leaf: 'context deadline',
		expected: {kind: 'connection-timeout', side: 'client', certificate: 'none', layer: 'bare'},
	},
	{
		form: 'bare alert from the peer: whose certificate is not told (§3.1)',
		message: 'remote error: tls: bad certificate',
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'client', certificate: 'unknown', layer: 'bare', alert: 'bad certificate'},
	},
	{
		form: 'protocol alert: not a certificate failure (§3.1)',
		message: 'Get "https://10.0.0.5:443/": remote error: tls: handshake failure',
		leaf: 'remote error: tls:',
		expected: {kind: 'remote-alert', side: 'client', certificate: 'none', layer: 'http-client', alert: 'handshake failure', target: '10.0.0.5', targetPort: 443, path: '/'},
	},
	{
		form: 'alert we sent (§3.1)',
		message: 'read tcp 10.0.0.9:51514->10.0.0.5:6443: local error: tls: bad record MAC',
		leaf: 'local error: tls:',
		expected: {kind: 'local-alert', side: 'client', certificate: 'none', layer: 'bare', alert: 'bad record MAC', target: '10.0.0.5', targetPort: 6443},
	},
];

const tables = {
	x509: x509Rows_,
	authenticator: authenticatorRows,
	etcd: etcdRows,
	grpc: grpcRows,
	'webhook and APIService': webhookAndApiServiceRows,
	kubelet: kubeletRows,
	kubectl: kubectlRows,
	'handshake log': handshakeLogRows,
	'connection ends': connectionRows_,
} as const;

const allRows: readonly Row[] = Object.values(tables).flat();

describe('classifyFailure', () => {
	for (const [name, rows] of Object.entries(tables)) {
		describe(name, () => {
			it.each(rows.map((row) => [row.form, row] as const))('%s', (_form, row) => {
				expect(row.message.indexOf(row.leaf)).toBeGreaterThanOrEqual(0);
				expect(classifyFailure(row.message)).toEqual(full(row));
			});
		});
	}

	// Lines that mention certificates, webhooks or timeouts without a TLS or connection failure.
	it.each([
		'"Loaded serving cert" certName="serving-cert::/etc/kubernetes/pki/apiserver.crt::/etc/kubernetes/pki/apiserver.key" certDetail="\\"kube-apiserver\\" [serving] validServingFor=[10.96.0.1,10.0.0.5,kubernetes] issuer=\\"kubernetes\\" (2025-11-21 14:05:37 +0000 UTC to 2026-11-21 14:05:37 +0000 UTC (now=2026-11-28 08:52:07.123456 +0000 UTC))"',
		'loaded SNI cert [0/"self-signed loopback"]: "apiserver-loopback-client@1764243493" [serving] validServingFor=[apiserver-loopback-client] issuer="apiserver-loopback-client-ca@1764243493" (2025-11-27 10:38:13 +0000 UTC to 2026-11-27 10:38:13 +0000 UTC (now=2025-11-27 11:38:13 +0000 UTC))',
		'loaded client CA [0/"client-ca-bundle::/etc/kubernetes/pki/ca.crt"]: "kubernetes" [] issuer="<self>" (2025-11-21 14:00:37 +0000 UTC to 2035-11-19 14:00:37 +0000 UTC (now=2026-11-28 08:52:07.12 +0000 UTC))',
		'Serving securely on [::]:6443',
		'Starting DynamicServingCertificateController',
		'Certificate rotation is enabled',
		'Certificate expiration is 2027-11-28 08:52:06 +0000 UTC, rotation deadline is 2027-08-30 10:11:12.345 +0000 UTC',
		'Waiting 6h0m0s for next certificate rotation',
		'Rotating certificates',
		'successfully acquired lease kube-system/kube-controller-manager',
		'"Successfully acquired lease" lock="kube-system/kube-scheduler"',
		'failed to renew lease kube-system/kube-scheduler: timed out waiting for the condition',
		'rpc error: code = Unavailable desc = etcdserver: leader changed',
		'Failed to update lease: etcdserver: request timed out',
		// real: r2-07-token-sa-key-k3s709 (a token failure, no certificate)
		'Unable to authenticate the request due to an error: [invalid bearer token, square/go-jose: error in cryptographic primitive]',
		// real: r2-11-webhook-failure-configurator74 (no endpoints: not a TLS or connection failure)
		'Error creating: Internal error occurred: failed calling webhook "podcontroller.configurator.gopaddle.io": Post "https://configurator-controllerwebhook.gopaddle-servers.svc:443/podcontroller?timeout=10s": no endpoints available for service "configurator-controllerwebhook"',
		// real: 27-aggregated-api-metrics-server1084, lines 1 and 4 (a 503 and a 403)
		'loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable',
		'v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: bad status from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: 403',
		// EOF names a connection only inside a wrapper that names one.
		'Failed to read config: EOF',
		'TLS handshake error from 10.0.0.7:53412: EOFX',
		'x509: x509: x509: ',
	])('%s yields nothing', (message) => {
		expect(classifyFailure(message)).toBeUndefined();
		expect(classifyFailures(message)).toEqual([]);
	});
});

describe('classifyFailures', () => {
	it('returns one event per failure of an aggregate, each with its own target, and classifyFailure the certificate one', () => {
		const message = '[Get "https://10.0.0.21:10250/stats/summary": dial tcp 10.0.0.21:10250: connect: connection refused, Get "https://10.0.0.22:10250/stats/summary": x509: certificate signed by unknown authority]';
		const events = classifyFailures(message);
		expect(events.map((event) => [event.kind, event.target, event.targetPort, event.layer])).toEqual([
			['connection-refused', '10.0.0.21', 10250, 'http-client'],
			['unknown-authority', '10.0.0.22', 10250, 'http-client'],
		]);
		expect(classifyFailure(message)).toEqual(events[1]);
	});

	it('keeps the first of two certificate failures of equal rank', () => {
		const message = 'Unable to authenticate the request due to an error: [x509: certificate has expired or is not yet valid, x509: certificate signed by unknown authority]';
		expect(classifyFailures(message).map((event) => event.kind)).toEqual(['expired-or-not-yet-valid', 'unknown-authority']);
		expect(classifyFailure(message)?.kind).toBe('expired-or-not-yet-valid');
	});

	it('reads a status code wrapping its cause as one failure: the cause', () => {
		const row = grpcRows.find((candidate) => candidate.form.includes('#initially'))!;
		expect(classifyFailures(row.message)).toHaveLength(1);
		expect(classifyFailures(allRows.find((candidate) => candidate.form.includes('Client.Timeout'))!.message)).toHaveLength(1);
	});
});

describe('failureLiterals', () => {
	it('contains a literal of every message that yields an event', () => {
		for (const row of allRows) {
			expect(failureLiterals.some((literal) => row.message.includes(literal)), row.form).toBe(true);
		}
	});

	it('lists the literal of every leaf row, each at least 12 characters long', () => {
		for (const leafRow of [...x509Rows, ...tlsRows, ...connectionRows]) {
			expect(failureLiterals).toContain(leafRow.literal);
		}

		expect(Math.min(...failureLiterals.map((literal) => literal.length))).toBeGreaterThanOrEqual(12);
	});

	it('holds for any mixture of grammar pieces: an event implies a literal', () => {
		const pieces = fc.constantFrom(
			'x509: certificate', ' has expired or is not yet valid', ': current time 2026-11-28T11:38:13Z is after 2026-11-27T10:38:12Z',
			'Get "https://10.0.0.5:6443/api": ', 'remote error: tls: ', 'bad certificate', 'EOF', ': EOF', '(EOF)', 'dial tcp 10.0.0.5:6443: ',
			'http: TLS handshake error from 10.0.0.7:5: ', 'rejected connection from "10.0.0.1:2" (error "', '", ServerName "")',
			'i/o timeout', ': i/o timeout', 'connection', ' refused', ', ', '[', ']', '\\"', 'lookup a.b on 10.0.0.10:53: ', 'no such host',
		);
		fc.assert(
			fc.property(fc.array(fc.oneof(pieces, fc.string({maxLength: 4})), {maxLength: 16}), (parts) => {
				const message = parts.join('');
				for (const event of classifyFailures(message)) {
					expect(failureLiterals.some((literal) => message.includes(literal))).toBe(true);
					expect(event.offset).toBeGreaterThanOrEqual(0);
					expect(event.offset).toBeLessThan(message.length);
				}
			}),
			{numRuns: 400},
		);
	});
});

describe('coverage of the model', () => {
	// Every kind and layer of failure-event.ts has a row above (the Record type fails to compile when one is added).
	const kinds = {
		expired: true, 'not-yet-valid': true, 'expired-or-not-yet-valid': true, 'unknown-authority': true, 'name-mismatch': true,
		'x509-other': true, 'remote-alert': true, 'local-alert': true, 'no-certificate': true, 'client-certificate-refused': true,
		'handshake-aborted': true, 'handshake-timeout': true, 'not-tls': true, 'tls-protocol': true, 'connection-refused': true,
		'connection-timeout': true, 'no-route': true, 'connection-reset': true, 'dns-failure': true,
	} satisfies Record<FailureKind, true>;
	const layers = {
		'handshake-log': true, authenticator: true, 'etcd-listener': true, grpc: true, webhook: true, apiservice: true,
		kubectl: true, 'http-client': true, dial: true, bare: true,
	} satisfies Record<FailureLayer, true>;

	it('has a row for every kind and every layer', () => {
		expect(new Set(allRows.map((row) => row.expected.kind))).toEqual(new Set(Object.keys(kinds)));
		expect(new Set(allRows.map((row) => row.expected.layer))).toEqual(new Set(Object.keys(layers)));
	});
});

describe('hostile input', () => {
	const kib64 = 64 * 1024;
	const repeat = (piece: string, tail = ''): string => piece.repeat(Math.ceil((kib64 - tail.length) / piece.length)) + tail;
	// Each leaf read runs at most 8 sticky patterns (the `x509: certificate` row); each event's context at most
	// 8, twice per chain when an `EOF` had no wrapper. Reads stop at maxHits literals and maxHits `EOF`s.
	const bound = (work: ClassifyWork): number => 8 * Math.min(work.literalHits, 2 * maxHits) + 16 * maxEvents;

	it.each([
		['`Get "https://` repeated, then one leaf', repeat('Get "https://', ' x509: certificate signed by unknown authority'), 'unknown-authority', 1],
		['`https://` repeated around a real request', repeat('https://', 'Get "https://10.0.0.5:6443/api": x509: certificate signed by unknown authority'), 'unknown-authority', 1],
		['`x509: ` repeated, no leaf', repeat('x509: '), undefined, 0],
		['`Get "https://a.b:1/": x509: ` repeated, no leaf', repeat('Get "https://a.b:1/": x509: '), undefined, 0],
		['an expiry leaf without its times, repeated: one chain', repeat('x509: certificate has expired or is not yet valid: current time '), 'expired-or-not-yet-valid', 1],
		['an aggregate of alerts, repeated: capped', repeat('remote error: tls: bad certificate, '), 'remote-alert', maxEvents],
		['`EOF` without a wrapper, repeated, then a refused dial', repeat(': EOF', ': dial tcp 10.0.0.5:6443: connect: connection refused'), 'connection-refused', 1],
		['handshake-log prefixes repeated, then `EOF`', repeat('http: TLS handshake error from ', '10.0.0.7:5: EOF'), 'handshake-aborted', 1],
		// Without `, not <host>` inside the bounded window it is no name mismatch, only some other x509 failure.
		['a SAN list that never ends', `x509: certificate is valid for ${repeat('a, ')}`, 'x509-other', 1],
	] as const)('%s', (_name, message, kind, count) => {
		expect(message.length).toBeGreaterThanOrEqual(kib64 - 64);
		const work: ClassifyWork = {literalHits: 0, regexRuns: 0};
		const events = classifyFailures(message, work);
		expect(events).toHaveLength(count);
		expect(classifyFailure(message)?.kind).toBe(kind);
		expect(work.regexRuns).toBeLessThanOrEqual(bound(work));
	});

	it('keeps the pattern runs within the bound for any mixture of grammar pieces', () => {
		const pieces = fc.constantFrom('https://', 'Get "', 'x509: ', 'x509: certificate', ' is valid for ', ', ', 'remote error: tls: ', 'EOF', ': ', '"', '\\"', 'lookup ', 'dial tcp ', '->', 'rejected connection', 'TLS handshake error from ', 'connection refused', ' has expired or is not yet valid');
		fc.assert(
			fc.property(fc.array(pieces, {minLength: 200, maxLength: 3000}), (parts) => {
				const work: ClassifyWork = {literalHits: 0, regexRuns: 0};
				const events = classifyFailures(parts.join(''), work);
				expect(events.length).toBeLessThanOrEqual(maxEvents);
				expect(work.regexRuns).toBeLessThanOrEqual(bound(work));
			}),
			{numRuns: 60},
		);
	});
});
