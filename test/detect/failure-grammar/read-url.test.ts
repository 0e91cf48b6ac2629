import {describe, expect, it} from 'vitest';
import {readLastUrl} from '../../../src/detect/failure-grammar/read-url.js';
import {createRegexRunner} from '../../../src/detect/failure-grammar/regex-runner.js';

const read = (text: string) => readLastUrl(text, createRegexRunner({literalHits: 0, regexRuns: 0}));

// URL shapes from error-grammar.md §4.1 (quoted Go ≥ 1.14, unquoted Go ≤ 1.13), §6.3 and §7 (gRPC targets).
describe('readLastUrl', () => {
	it.each([
		['Get "https://10.0.0.5:6443/api?timeout=32s": ', {host: '10.0.0.5', port: 6443, path: '/api', request: true}],
		[String.raw`Get \"https://[::1]:6443/api/v1/pods\": `, {host: '::1', port: 6443, path: '/api/v1/pods', request: true}],
		['Get https://master.example.com:8443/api/v1/namespaces: ', {host: 'master.example.com', port: 8443, path: '/api/v1/namespaces', request: true}],
		['Get https://10.0.0.5:6443: ', {host: '10.0.0.5', port: 6443, path: undefined, request: true}],
		['Post "https://webhook.ns.svc/validate?timeout=10s": ', {host: 'webhook.ns.svc', port: 443, path: '/validate', request: true}],
		['Get "http://127.0.0.1:10248/healthz": ', {host: '127.0.0.1', port: 10_248, path: '/healthz', request: true}],
		['&url.Error{Op:"Get", URL:"https://10.0.0.9:10250/stats", Err:', {host: '10.0.0.9', port: 10_250, path: '/stats', request: true}],
		['failing or missing response from https://10.96.0.12:443/apis/metrics.k8s.io/v1beta1: ', {host: '10.96.0.12', port: 443, path: '/apis/metrics.k8s.io/v1beta1', request: false}],
		['"target":"etcd-endpoints://0xc0039dbc00/127.0.0.1:2379","attempt":0', {host: '127.0.0.1', port: 2379, path: undefined, request: false}],
		['"target":"etcd-endpoints://0xc00149a000/#initially=[https://127.0.0.1:2379]"', {host: '127.0.0.1', port: 2379, path: undefined, request: false}],
		['{https://127.0.0.1:2379  <nil> 0 <nil>}', {host: '127.0.0.1', port: 2379, path: undefined, request: false}],
		['passthrough:///10.0.0.12:2379', {host: '10.0.0.12', port: 2379, path: undefined, request: false}],
		['Get "https://a.example.com/x": EOF, Get "https://b.example.com:8443/y": ', {host: 'b.example.com', port: 8443, path: '/y', request: true}],
	] as const)('%s', (text, expected) => {
		expect(read(text)).toMatchObject(expected);
	});

	it.each([
		'no url here',
		'Get "https://": ',
		'Get "https://user@example.com/": ',
		'Get "https://10.0.0.5:99999/": ',
		'Get "https://bad_host/": ',
		'etcd-endpoints://0xc0039dbc00/',
	])('finds no valid URL in %s', (text) => {
		expect(read(text)).toBeUndefined();
	});
});
