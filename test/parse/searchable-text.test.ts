import {describe, expect, test} from 'vitest';
import {searchableText} from '../../src/parse/searchable-text.js';
import {parseFixture, parseLines} from './parse-fixture.js';

const textOf = (line: string): string => searchableText(parseLines([line]).records[0]!);

describe('searchableText', () => {
	test.each([
		[
			'1.31-1.32 structured Unhandled Error',
			String.raw`E1128 11:52:24.130552   23383 reflector.go:158] "Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.LimitRange: failed to list *v1.LimitRange: Get \"https://127.0.0.1:6443/api/v1/limitranges?limit=500&resourceVersion=0\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-28T11:52:24Z is after 2026-11-27T10:38:12Z" logger="UnhandledError"`,
			'Unhandled Error err=k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.LimitRange: failed to list *v1.LimitRange: Get "https://127.0.0.1:6443/api/v1/limitranges?limit=500&resourceVersion=0": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-11-28T11:52:24Z is after 2026-11-27T10:38:12Z logger=UnhandledError',
		],
		[
			'1.33+ Failed to watch',
			String.raw`E0510 17:43:56.892945  790992 reflector.go:200] "Failed to watch" err="failed to list *v1.RoleBinding: Get \"https://127.0.0.1:6443/apis/rbac.authorization.k8s.io/v1/rolebindings?limit=500\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid" logger="UnhandledError" reflector="k8s.io/client-go/informers/factory.go:160" type="*v1.RoleBinding"`,
			'Failed to watch err=failed to list *v1.RoleBinding: Get "https://127.0.0.1:6443/apis/rbac.authorization.k8s.io/v1/rolebindings?limit=500": tls: failed to verify certificate: x509: certificate has expired or is not yet valid logger=UnhandledError reflector=k8s.io/client-go/informers/factory.go:160 type=*v1.RoleBinding',
		],
		[
			'loaded SNI cert, structured with JSON and bare values',
			String.raw`I0510 17:43:56.889617       1 tlsconfig.go:200] "Loaded SNI cert" index=0 certName="self-signed loopback" certDetail="\"apiserver-loopback-client@1764243493\" [serving] validServingFor=[apiserver-loopback-client]" count=5 obj={"a":1} old=map[a:1 b:2]`,
			'Loaded SNI cert index=0 certName=self-signed loopback certDetail="apiserver-loopback-client@1764243493" [serving] validServingFor=[apiserver-loopback-client] count=5 obj={"a":1} old=map[a:1 b:2]',
		],
		[
			'Go < 1.14 unquoted URL (not structured: message as is)',
			'E0510 17:43:56.892945  790992 reflector.go:178] k8s.io/client-go/informers/factory.go:135: Failed to list *v1.ClusterRole: Get https://10.13.96.11:6443/apis/rbac.authorization.k8s.io/v1/clusterroles?resourceVersion=397554978: x509: certificate has expired or is not yet valid',
			'k8s.io/client-go/informers/factory.go:135: Failed to list *v1.ClusterRole: Get https://10.13.96.11:6443/apis/rbac.authorization.k8s.io/v1/clusterroles?resourceVersion=397554978: x509: certificate has expired or is not yet valid',
		],
		[
			'missing value',
			'I0510 17:43:56.889617       1 a.go:1] "msg" key="(MISSING)"',
			'msg key=(MISSING)',
		],
		[
			'unterminated quote keeps the rest verbatim',
			String.raw`I0510 17:43:56.889617       1 a.go:1] "msg" err="cut \"here`,
			String.raw`msg err="cut \"here`,
		],
	])('%s', (_name, line, expected) => {
		expect(textOf(line)).toBe(expected);
	});

	test('multi-line structured values are unindented', () => {
		const {records} = parseFixture('formats/klog-file-header.log');
		expect(searchableText(records[3]!)).toBe('Multi-line value config=line one\nline two');
	});

	test('Kubernetes JSON: msg, then err, then the other fields', () => {
		const {records} = parseFixture('formats/k8s-json.log');
		expect(searchableText(records[1]!)).toBe('wrong namespace err=invalid namespace:default ns=default podnum=2 time=1µs');
		expect(searchableText(records[2]!)).toBe('Failed to watch err=failed to list *v1.RoleBinding: Get "https://127.0.0.1:6443/apis/rbac.authorization.k8s.io/v1/rolebindings?limit=500": tls: failed to verify certificate: x509: certificate has expired or is not yet valid logger=UnhandledError reflector=k8s.io/client-go/informers/factory.go:160 type=*v1.RoleBinding');
		expect(searchableText(records[0]!)).toBe('hello world');
	});

	test('other records are their message', () => {
		const {records} = parseFixture('realworld/31-etcd-rancher18986-mvcc-database-space-exceeded.log');
		expect(searchableText(records[0]!)).toBe(records[0]!.message);
	});
});
