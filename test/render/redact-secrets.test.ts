import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {redactJsonValue, redactSecrets} from '../../src/render/redact-secrets.js';

const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.c2lnbmF0dXJlLWJ5dGVz';
const pemBody = 'MIIEpAIBAAKCAQEAx7+abc/def==';

function occurrences(text: string, needle: string): number {
	return text.split(needle).length - 1;
}

describe('redactSecrets: every supported form', () => {
	const cases: ReadonlyArray<readonly [name: string, input: string, expected: string, count: number]> = [
		['Authorization Bearer header', 'Authorization: Bearer abc.def-123', 'Authorization: Bearer [REDACTED]', 1],
		['Authorization header, lower case', 'authorization: bearer 0123456789', 'authorization: bearer [REDACTED]', 1],
		['Authorization Basic header', 'Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic [REDACTED]', 1],
		['authorization="Bearer …" (klog)', 'authorization="Bearer abc123"', 'authorization="Bearer [REDACTED]"', 1],
		['JSON header array', '{"Authorization":["Bearer abc123"]}', '{"Authorization":["Bearer [REDACTED]"]}', 1],
		['Go-escaped JSON header', String.raw`err="{\"Authorization\":[\"Basic dXNlcg==\"]}"`, String.raw`err="{\"Authorization\":[\"Basic [REDACTED]\"]}"`, 1],
		['Go http.Header map', 'map[Accept:[*/*] Authorization:[Bearer 0123abcd]]', 'map[Accept:[*/*] Authorization:[Bearer [REDACTED]]]', 1],
		['Authorization with an opaque value', '"Authorization":"s3cr3t-key"', '"Authorization":"[REDACTED]"', 1],
		['bare Bearer UUID (loopback token shape)', 'using Bearer 7f3c2a1e-1234-4bcd-9aaa-0123456789ab now', 'using Bearer [REDACTED] now', 1],
		['bare Bearer JWT', `Bearer ${jwt}`, 'Bearer [REDACTED]', 1],
		['URL password', 'curl https://admin:s3cr3t@10.0.0.1:6443/healthz', 'curl https://admin:[REDACTED]@10.0.0.1:6443/healthz', 1],
		['URL password, empty user', 'redis://:hunter2@cache:6379', 'redis://:[REDACTED]@cache:6379', 1],
		['quoted URL password', 'Get "https://u:p%40ss@host/x"', 'Get "https://u:[REDACTED]@host/x"', 1],
		['query token', 'GET https://127.0.0.1:6443/api?timeout=32s&token=abc123&x=1', 'GET https://127.0.0.1:6443/api?timeout=32s&token=[REDACTED]&x=1', 1],
		['query access_token first', '/cb?access_token=abc&state=1', '/cb?access_token=[REDACTED]&state=1', 1],
		['query id_token', '/cb?id_token=abc', '/cb?id_token=[REDACTED]', 1],
		['query client_secret', '?client_id=kube&client_secret=abc', '?client_id=kube&client_secret=[REDACTED]', 1],
		['query X-Amz-Signature', 'https://b.s3/o?X-Amz-Date=1&X-Amz-Signature=deadbeef', 'https://b.s3/o?X-Amz-Date=1&X-Amz-Signature=[REDACTED]', 1],
		['query sig (Azure SAS)', 'https://a.blob/c?sv=1&sig=abc%2B', 'https://a.blob/c?sv=1&sig=[REDACTED]', 1],
		['query key and apikey', '?key=k1&apikey=k2&api_key=k3', '?key=[REDACTED]&apikey=[REDACTED]&api_key=[REDACTED]', 3],
		['query in JSON-escaped URL', String.raw`"url":"https://h/p?a=1\u0026password=pw1"`, String.raw`"url":"https://h/p?a=1\u0026password=[REDACTED]"`, 1],
		['key=value', 'password=hunter2 user=bob', 'password=[REDACTED] user=bob', 1],
		['key = value with spaces', 'passwd = hunter2', 'passwd = [REDACTED]', 1],
		['pwd', 'pwd=x1', 'pwd=[REDACTED]', 1],
		['environment variable', 'MYSQL_ROOT_PASSWORD=hunter2', 'MYSQL_ROOT_PASSWORD=[REDACTED]', 1],
		['AWS secret key and key id', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI aws_access_key_id=AKIAIOSFODNN7', 'AWS_SECRET_ACCESS_KEY=[REDACTED] aws_access_key_id=[REDACTED]', 2],
		['bare AWS access key id', 'signing with AKIAIOSFODNN7EXAMPLE for s3', 'signing with [REDACTED] for s3', 1],
		['bare temporary AWS key id', '"AccessKeyId":"ASIAY34FZKBOKMUTVV7A"', '"AccessKeyId":"[REDACTED]"', 1],
		['X-Api-Key header mid-line', 'GET /v1/items HTTP/1.1 X-Api-Key: k-8f3a2b1c9d User-Agent: curl', 'GET /v1/items HTTP/1.1 X-Api-Key: [REDACTED] User-Agent: curl', 1],
		['PRIVATE-TOKEN header (GitLab)', 'curl --header "PRIVATE-TOKEN: s3cr3tvalue" https://gitlab/api', 'curl --header "PRIVATE-TOKEN: [REDACTED]" https://gitlab/api', 1],
		['Cookie header: every cookie', 'request headers: Cookie: session=abc123; csrftoken=xyz', 'request headers: Cookie: [REDACTED]', 1],
		['Cookie in a Go header map', 'map[Accept:[*/*] Cookie:[session=abc123]]', 'map[Accept:[*/*] Cookie:[[REDACTED]]]', 1],
		['client-key-data mid-line', 'kubeconfig user admin client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo= (read)', 'kubeconfig user admin client-key-data: [REDACTED] (read)', 1],
		['base64 PEM private key alone', 'tls.key=LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVND', 'tls.key=[REDACTED]', 1],
		['base64 PEM private key in prose', 'found LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUR in the bundle', 'found [REDACTED] in the bundle', 1],
		['GitHub classic token', 'git clone https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/x', 'git clone https://[REDACTED]@github.com/x', 1],
		['GitHub fine-grained token', 'GITHUB_TOKEN github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123', 'GITHUB_TOKEN [REDACTED]', 1],
		['GitLab token', 'using glpat-xxxxxxxxxxxxxxxxxxxx to push', 'using [REDACTED] to push', 1],
		['--user=name:password', 'etcdctl --user=root:Pa55w0rd member list', 'etcdctl --user=root:[REDACTED] member list', 1],
		['--user name:password with a space', 'curl --user admin:hunter2 https://h/', 'curl --user admin:[REDACTED] https://h/', 1],
		['klog quoted value', 'msg="login" password="hunter 2"', 'msg="login" password="[REDACTED]"', 1],
		['JSON pair', '{"client_secret":"abc","user":"x"}', '{"client_secret":"[REDACTED]","user":"x"}', 1],
		['JSON pair with spaces and an escaped quote', '{"token": "ab\\"c"}', '{"token": "[REDACTED]"}', 1],
		['single-quoted pair', "{'api-key': 'k-123'}", "{'api-key': '[REDACTED]'}", 1],
		['Go-escaped JSON pair inside a klog string', String.raw`err="bad body {\"password\":\"p4ss\"}"`, String.raw`err="bad body {\"password\":\"[REDACTED]\"}"`, 1],
		['Go struct (%+v)', '{Name:x Password:abc Token:}', '{Name:x Password:[REDACTED] Token:}', 1],
		['Go map', 'map[token:abc123 user:bob]', 'map[token:[REDACTED] user:bob]', 1],
		['camelCase keys', 'clientSecret=a1 bearerToken=a2 apiKey=a3 privateKey=a4', 'clientSecret=[REDACTED] bearerToken=[REDACTED] apiKey=[REDACTED] privateKey=[REDACTED]', 4],
		['kebab-case keys', '--bearer-token=a1 --client-secret=a2 access-key=a3 credentials=a4', '--bearer-token=[REDACTED] --client-secret=[REDACTED] access-key=[REDACTED] credentials=[REDACTED]', 4],
		['header-style key', 'X-Auth-Token=abc123', 'X-Auth-Token=[REDACTED]', 1],
		['connection string', 'Server=db;User Id=sa;Password=Pa55;Database=x', 'Server=db;User Id=sa;Password=[REDACTED];Database=x', 1],
		['key: Bearer value keeps the scheme', 'token=Bearer abc123', 'token=Bearer [REDACTED]', 1],
		['YAML key: value at line start', 'token: abc123', 'token: [REDACTED]', 1],
		['YAML value with spaces runs to the end of the line', 'password: correct horse battery\nuser: bob', 'password: [REDACTED]\nuser: bob', 1],
		['YAML list item', '- token: abc123', '- token: [REDACTED]', 1],
		['YAML in a Go-escaped kubeconfig', String.raw`users:\n- name: admin\n  user:\n    token: abc123\n`, String.raw`users:\n- name: admin\n  user:\n    token: [REDACTED]\n`, 1],
		['kubeconfig client-key-data', '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=', '    client-key-data: [REDACTED]', 1],
		['kubeconfig client-key-data in JSON', '"client-key-data":"LS0tLS1CRUdJTg=="', '"client-key-data":"[REDACTED]"', 1],
		['flag with a space', 'kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:abc', 'kubeadm join 10.0.0.1:6443 --token [REDACTED] --discovery-token-ca-cert-hash sha256:abc', 1],
		['PEM private key', `-----BEGIN PRIVATE KEY-----\n${pemBody}\n-----END PRIVATE KEY-----`, '-----BEGIN PRIVATE KEY-----[REDACTED]-----END PRIVATE KEY-----', 1],
		['PEM RSA key with escaped newlines', String.raw`key="-----BEGIN RSA PRIVATE KEY-----\n${pemBody}\n-----END RSA PRIVATE KEY-----" next`, 'key="-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----" next', 1],
		['PEM EC key followed by a certificate', `-----BEGIN EC PRIVATE KEY-----\n${pemBody}\n-----END EC PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----`, '-----BEGIN EC PRIVATE KEY-----[REDACTED]-----END EC PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', 1],
		['truncated PEM key (no END line)', `-----BEGIN OPENSSH PRIVATE KEY-----\n${pemBody}`, '-----BEGIN OPENSSH PRIVATE KEY-----[REDACTED]', 1],
		['encrypted PEM key', `-----BEGIN ENCRYPTED PRIVATE KEY-----${pemBody}-----END ENCRYPTED PRIVATE KEY-----`, '-----BEGIN ENCRYPTED PRIVATE KEY-----[REDACTED]-----END ENCRYPTED PRIVATE KEY-----', 1],
		['bare JWT', `sa token ${jwt} rejected`, 'sa token [REDACTED] rejected', 1],
		['JWT in a quoted field', `"id":"${jwt}"`, '"id":"[REDACTED]"', 1],
		['several forms on one line', `Authorization: Bearer t0ken1 password=p https://u:pw@h/?sig=s ${jwt}`, 'Authorization: Bearer [REDACTED] password=[REDACTED] https://u:[REDACTED]@h/?sig=[REDACTED] [REDACTED]', 5],
	];

	it.each(cases)('%s', (_name, input, expected, count) => {
		expect(redactSecrets(input)).toEqual({text: expected, count});
	});
});

describe('redactSecrets: harmless text is kept', () => {
	const harmless: ReadonlyArray<readonly [name: string, input: string]> = [
		['prose about bearer tokens', 'Unable to authenticate the request: invalid bearer token'],
		['TokenReview', 'POST /apis/authentication.k8s.io/v1/tokenreviews: TokenReview create failed'],
		['serviceaccount token without a value', 'failed to fetch serviceaccount token'],
		['Go error with token:', 'failed to get token: context deadline exceeded'],
		['Go error with credentials:', 'invalid credentials: user not found'],
		['authorization prose', 'failed authorization: forbidden'],
		['RBAC API group', 'Get "https://10.0.0.1:6443/apis/rbac.authorization.k8s.io/v1/clusterroles?resourceVersion=1": x509: certificate has expired or is not yet valid'],
		['authorization-mode flag', '--authorization-mode=Node,RBAC'],
		['key file paths', '--service-account-key-file=/etc/kubernetes/pki/sa.pub --tls-private-key-file=/etc/kubernetes/pki/apiserver.key --token-auth-file=/etc/kubernetes/tokens.csv'],
		['YAML path to a key', 'private_key: /etc/ssl/private/server.key'],
		['kubeconfig client-key path', '    client-key: /etc/kubernetes/pki/admin.key'],
		['token TTL flag', '--token-ttl=24h0m0s'],
		['secret object reference (klog KObj)', '"Secret added" secret="kube-system/bootstrap-token-abcdef"'],
		['secret name field', 'secretName=default-token-x7k2p'],
		['placeholders', 'Authorization: Bearer <masked> password=*** token=<nil> secret=REDACTED apikey=${API_KEY}'],
		['booleans', 'automountServiceAccountToken=true token=false'],
		['service account user name', 'User "system:serviceaccount:kube-system:token-cleaner" cannot list resource "secrets"'],
		['x509 unknown authority', 'x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "kubernetes")'],
		['loopback certificate CN and IPs', 'CN=apiserver-loopback-client@1700000000 SNI apiserver-loopback-client 10.96.0.1 [::1]:6443'],
		['URL with a port but no credentials', 'Get "https://127.0.0.1:6443/api/v1/namespaces?limit=500": EOF'],
		['PEM certificate', String.raw`-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgI\n-----END CERTIFICATE-----`],
		['PEM private key header without a body', 'tls: failed to find "-----BEGIN PRIVATE KEY-----" block'],
		['private key error text', 'tls: private key does not match public key'],
		['a word after Bearer is not a token', 'Bearer authentication is disabled'],
		['base64 PEM certificate', 'certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQg=='],
		['--user without a password', 'kubectl --user=kubernetes-admin get nodes'],
		['Cookie prose', 'no cookie was set'],
		['words that start like AWS keys', 'AKIA is a prefix; AKIAshort stays'],
		['a ghp_ word that is too short', 'ghp_abc is not a token'],
	];

	it.each(harmless)('%s', (_name, input) => {
		expect(redactSecrets(input)).toEqual({text: input, count: 0});
	});

	it('takes the fast path for lines without any trigger word', () => {
		const line = 'E1128 11:52:24.130552 23383 reflector.go:158] x509: certificate has expired or is not yet valid';
		const result = redactSecrets(line);
		expect(result.count).toBe(0);
		expect(result.text).toBe(line);
	});
});

describe('redactSecrets: adversarial input', () => {
	// The patterns are written so that no input makes them backtrack more than linearly (see the comment at the
	// top of redact-secrets.ts). These inputs are the worst shapes for each trigger; the test only needs them to
	// finish with the right answer, it does not time them.
	const size = 100_000;
	const unchanged = [
		'a=',
		'Bearer ',
		'bearer bearer ',
		'-----BEGIN',
		'-----BEGIN PRIVATE KEY-----',
		'-',
		'eyJ',
		'x token: "',
		'"token":"',
		String.raw`\"`,
		'https://a:',
		'://a:b',
		'&token',
		'authorization: ',
		'\n token: ',
		'--token-',
		'password',
		'client-key-data',
		'LS0tLS1CRUdJTi',
		'AKIA',
		'ghp_',
	];

	it.each(unchanged)('leaves 100 KB of %j alone', unit => {
		const input = unit.repeat(Math.ceil(size / unit.length));
		expect(redactSecrets(input)).toEqual({text: input, count: 0});
	});

	it.each([
		// `token=token=…` is one key whose value is the rest of the run.
		['token=', 1],
		// `eyJa.eyJa.eyJa` is JWT-shaped, and the run holds one every three units.
		['eyJa.', Math.ceil(size / 5 / 3)],
		// Each header takes the next `Authorization` as its token.
		['Authorization: Bearer ', Math.ceil(size / 22 / 2)],
	])('completes on 100 KB of %j', (unit, count) => {
		const result = redactSecrets(unit.repeat(Math.ceil(size / unit.length)));
		expect(result.count).toBe(count);
		expect(occurrences(result.text, '[REDACTED]')).toBe(count);
	});

	it.each(['Cookie: ', 'X-Api-Key: [', '--user=a:', 'PRIVATE-TOKEN: '])('completes on 100 KB of %j and counts each marker it adds', (unit) => {
		const result = redactSecrets(unit.repeat(Math.ceil(size / unit.length)));
		expect(result.count).toBeGreaterThan(0);
		expect(occurrences(result.text, '[REDACTED]')).toBe(result.count);
		expect(redactSecrets(result.text).count).toBe(0);
	});

	it.each([
		['an unterminated quoted secret', `"token":"${'a\\"'.repeat(size / 3)}`],
		['an unterminated escaped secret', String.raw`password=\"` + 'ab\\x'.repeat(size / 4)],
		['a PEM key body full of dashes', `-----BEGIN PRIVATE KEY-----MIIBCgKCAQEA${'-a'.repeat(size / 2)}`],
		['a huge bearer token', `Bearer 1${'x'.repeat(size)}`],
	])('redacts a whole 100 KB value: %s', (_name, input) => {
		const result = redactSecrets(input);
		expect(result.count).toBe(1);
		expect(result.text.length).toBeLessThan(50);
	});

	it('completes on a 100 KB URL password with no @ and leaves it alone', () => {
		const input = `https://u:${'p'.repeat(size)}`;
		expect(redactSecrets(input)).toEqual({text: input, count: 0});
	});
});

// Secrets start with a marker no context word contains, so "output contains the secret" means a leak.
const secretValue = fc.stringMatching(/^[A-Za-z0-9]{6,30}$/).map(tail => `Zq9${tail}`);
const jwtValue = fc
	.tuple(fc.stringMatching(/^[\w-]{4,20}$/), fc.stringMatching(/^[\w-]{4,20}$/), fc.stringMatching(/^[\w-]{0,20}$/))
	.map(([header, payload, signature]) => `eyJZq9${header}.eyJ${payload}.${signature}`);
const host = fc.constantFrom('10.0.0.1:6443', '127.0.0.1', 'registry.example.com', '[::1]:6443');
const queryName = fc.constantFrom('token', 'access_token', 'id_token', 'password', 'passwd', 'secret', 'key', 'apikey', 'api_key', 'client_secret', 'sig', 'signature', 'X-Amz-Signature');
const pairKey = fc.constantFrom('password', 'passwd', 'pwd', 'secret', 'token', 'bearer-token', 'client-secret', 'client_secret', 'api-key', 'apikey', 'private-key', 'access-key', 'credentials', 'db_password', 'clientSecret', 'X-Auth-Token', 'MYSQL_ROOT_PASSWORD', 'PRIVATE_KEY');
const flagName = fc.constantFrom('--token', '--password', '--discovery-token', '--client-secret');

type Piece = {readonly text: string; readonly secret: string; readonly lineStart: boolean};

const piece: fc.Arbitrary<Piece> = fc.oneof(
	secretValue.map(s => ({text: `Authorization: Bearer ${s}`, secret: s, lineStart: false})),
	secretValue.map(s => ({text: `authorization="Basic ${s}=="`, secret: s, lineStart: false})),
	secretValue.map(s => ({text: `{"Authorization":["Bearer ${s}"]}`, secret: s, lineStart: false})),
	secretValue.map(s => ({text: `Bearer ${s}`, secret: s, lineStart: false})),
	fc.tuple(secretValue, host).map(([s, h]) => ({text: `https://admin:${s}@${h}/healthz`, secret: s, lineStart: false})),
	fc.tuple(secretValue, host, queryName).map(([s, h, name]) => ({text: `https://${h}/api?watch=1&${name}=${s}&limit=5`, secret: s, lineStart: false})),
	fc.tuple(secretValue, pairKey).map(([s, key]) => ({text: `${key}=${s}`, secret: s, lineStart: false})),
	fc.tuple(secretValue, pairKey).map(([s, key]) => ({text: `"${key}":"${s}"`, secret: s, lineStart: false})),
	fc.tuple(secretValue, pairKey).map(([s, key]) => ({text: `err="{\\"${key}\\":\\"${s}\\"}"`, secret: s, lineStart: false})),
	fc.tuple(secretValue, pairKey).map(([s, key]) => ({text: `${key}: ${s}`, secret: s, lineStart: true})),
	secretValue.map(s => ({text: `  client-key-data: ${s}`, secret: s, lineStart: true})),
	fc.tuple(secretValue, flagName).map(([s, flag]) => ({text: `${flag} ${s}`, secret: s, lineStart: false})),
	secretValue.map(s => ({text: `-----BEGIN RSA PRIVATE KEY-----\n${s}\n-----END RSA PRIVATE KEY-----`, secret: s, lineStart: false})),
	secretValue.map(s => ({text: String.raw`-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----`, secret: s, lineStart: false})),
	jwtValue.map(s => ({text: s, secret: s, lineStart: false})),
	fc.tuple(secretValue, fc.constantFrom('X-Api-Key', 'PRIVATE-TOKEN', 'Cookie', 'client-key-data')).map(([s, header]) => ({text: `${header}: ${s}`, secret: s, lineStart: false})),
	secretValue.map(s => ({text: `--user=root:${s}`, secret: s, lineStart: false})),
);

// Context lines that look like secrets to a careless pattern but are not.
const filler = fc.constantFrom(
	'E1128 11:52:24.130552 23383 reflector.go:158]',
	'x509: certificate has expired or is not yet valid',
	'invalid bearer token',
	'TokenReview',
	'serviceaccount token',
	'failed to get token: EOF',
	'--service-account-key-file=/etc/kubernetes/pki/sa.pub',
	'--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
	'secret="kube-system/bootstrap-token-abcdef"',
	'rbac.authorization.k8s.io',
	'https://127.0.0.1:6443/api?timeout=32s',
	'CN=apiserver-loopback-client@1700000000',
	'Authorization: Bearer <masked>',
	'--token-ttl=24h0m0s',
	'10.96.0.1',
);

const document = fc.array(fc.tuple(piece, filler, filler), {minLength: 1, maxLength: 6}).map(entries => ({
	secrets: entries.map(([p]) => p.secret),
	fillers: entries.flatMap(([p, before, after]) => (p.lineStart ? [after] : [before, after])),
	text: entries.map(([p, before, after]) => (p.lineStart ? `${p.text}\n${after}` : `${before} ${p.text}\n${after}`)).join('\n'),
}));

describe('redactSecrets: properties', () => {
	it('redacts every embedded secret, counts each once and keeps the context', () => {
		fc.assert(
			fc.property(document, ({secrets, fillers, text}) => {
				const result = redactSecrets(text);
				for (const secret of secrets) {
					expect(result.text).not.toContain(secret);
				}

				for (const line of fillers) {
					expect(result.text).toContain(line);
				}

				expect(result.count).toBe(secrets.length);
				expect(occurrences(result.text, '[REDACTED]')).toBe(secrets.length);
			}),
			{numRuns: 400},
		);
	});

	// Strings built from the pieces every pattern starts from, so the fuzzer actually reaches the patterns.
	const fragments = ['Bearer ', 'Basic ', 'Cookie: ', 'X-Api-Key:', '--user=', 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t', 'AKIAIOSFODNN7EXAMPLE', 'ghp_', 'token', 'password', 'secret', 'api-key', 'Authorization', '=', ':', ': ', '"', "'", '\\', '\\"', '\\n', '\n', ' ', '-', '--', '-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----', 'eyJ', '.', '://', '@', '?', '&', '/', 'a', 'Zq91', '{', '}', ',', '<nil>'];
	const fuzz = fc.oneof(fc.string({unit: 'binary', maxLength: 80}), fc.array(fc.constantFrom(...fragments), {maxLength: 40}).map(parts => parts.join('')));

	it('redacts what a marker it put in makes a secret: a base64 key right before --user=a:b leaves a flag', () => {
		// Found by the property below (seed 305413233): the first pass left `Bearer` to a second.
		const text = 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t--user=eyJ:Bearer ';
		const result = redactSecrets(text);
		expect(result).toEqual({text: '[REDACTED]--user=eyJ:[REDACTED] ', count: 2});
		expect(redactSecrets(result.text)).toEqual({text: result.text, count: 0});
	});

	it('never throws, counts exactly the markers it adds, and finds nothing left on a second pass', () => {
		fc.assert(
			fc.property(fuzz, text => {
				const result = redactSecrets(text);
				expect(result.count).toBe(occurrences(result.text, '[REDACTED]') - occurrences(text, '[REDACTED]'));
				expect(redactSecrets(result.text)).toEqual({text: result.text, count: 0});
			}),
			{numRuns: 1000},
		);
	});
});

describe('redactJsonValue: structured fields', () => {
	it('redacts values under secret keys, secrets inside other strings, and keeps the rest', () => {
		const fields = {user: 'bob', token: 'abc123', nested: {password: 'hunter2', apiKey: 42, note: 'Authorization: Bearer 0123abcd'}, list: [{secret: 's1'}, 'plain'], enabled: true, tokenFile: '/var/run/token'};
		expect(redactJsonValue(fields)).toEqual({
			value: {user: 'bob', token: '[REDACTED]', nested: {password: '[REDACTED]', apiKey: '[REDACTED]', note: 'Authorization: Bearer [REDACTED]'}, list: [{secret: '[REDACTED]'}, 'plain'], enabled: true, tokenFile: '/var/run/token'},
			count: 5,
		});
	});

	it('keeps placeholders and object references under secret keys', () => {
		expect(redactJsonValue({token: '<nil>', secret: 'kube-system/bootstrap-token-abcdef', password: ''})).toEqual({value: {token: '<nil>', secret: 'kube-system/bootstrap-token-abcdef', password: ''}, count: 0});
	});
});
