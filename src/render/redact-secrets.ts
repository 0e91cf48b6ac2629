// Redacts literal secret material from log text before it is shown or exported.
//
// What counts as a secret: a value, not a name or a place. A token, password, key or signature written into the
// log is redacted; a file path that says where such material lives (`--tls-private-key-file=/etc/…/apiserver.key`,
// `private_key: /etc/ssl/x.key`, `tokenFile=…`) is kept, as are object references (`secret="ns/name"`),
// placeholders (`<masked>`, `***`, `<nil>`), booleans and prose (`invalid bearer token`, `TokenReview`).
// Keys are kept and only their values replaced; a quoted value is replaced inside its quotes.
//
// Linear time: log lines are attacker-controlled, so no pattern may backtrack catastrophically. Every pattern
// below starts at a literal trigger, keeps each variable part before the value bounded (`{0,40}`) or made of
// a character class that cannot contain the next literal (so each character is tried a constant number of
// ways), and ends in a value pattern that cannot fail once its first character matched (a greedy run with
// nothing required after it, or an unrolled `[^"\\]*(?:\\.[^"\\]*)*` string body that does not need the
// closing quote). A failed attempt therefore costs a bounded amount, a successful one is consumed, and a
// whole pass is linear in the input. The few unbounded scans that can fail (the URL password before `@`)
// stop at `/`, which their own trigger `://` contains, so two attempts never scan the same characters; a PEM
// body stops at the next `-----`, and a JWT starts only at a token boundary, for the same reason.

/** Text with its secrets replaced by `[REDACTED]`, and how many `[REDACTED]` markers that added. */
export type Redaction = {
	readonly text: string;
	readonly count: number;
};

type Groups = Readonly<Record<string, string | undefined>>;

type RedactionRule = {
	readonly pattern: RegExp;
	/** The replacement for one match, or undefined to leave that match alone. */
	readonly redact: (match: string, groups: Groups) => string | undefined;
};

const mark = '[REDACTED]';

// One cheap test for every trigger the rules below start from; most log lines contain none of them.
const triggers = /pass|pwd|secret|token|credential|key|auth|bearer|eyj|sig|:\/\/|cookie|--user|akia|asia|gh[pousr]_|github_pat_|glpat-|ls0tls1crudjti/i;

// Key names that hold secret material, matched at the end of a key (`db_password`, `clientSecret`, `X-Auth-Token`).
// A key that goes on after the word (`token-ttl`, `secretName`, `private-key-file`, `TokenReview`) names
// something else, hence the `(?![\w.-])`. `pass` and `auth` are too common inside words to match as suffixes.
const secretKey = String.raw`(?:password|passwd|passphrase|(?<![a-z])pass|pwd|secret|token|credential|(?:api|private|access|secret|encryption|signing|session)[-_]?key|access[-_]?key[-_]?id|client[-_]?key[-_]?data|(?<![a-z])auth)s?(?![\w.-])`;

// Value alternatives shared by the key/value rules. Each one ends the pattern and cannot fail after its first
// character, and quoted bodies do not require their closing quote (which stays in the text, unreplaced).
// `\"…\"` is the same value inside a Go-quoted klog string (`err="… \"password\":\"x\" …"`).
// `(?!\[REDACTED\])` right where a value starts keeps a second pass from redacting the marker itself; a scheme
// word before the value is either taken as a scheme or not at all, for the same reason.
const fresh = String.raw`(?!\[REDACTED\])`;
function valueAlternatives(bare: string): string {
	return String.raw`(?:(?:bearer|basic)[ \t]{1,4}|(?!(?:bearer|basic)[ \t]))(?:\\"${fresh}(?<escaped>[^"\\]*(?:\\[^"][^"\\]*)*)|"${fresh}(?<double>[^"\\]*(?:\\.[^"\\]*)*)|'${fresh}(?<single>[^'\\\r\n]*)|${fresh}(?<bare>${bare}))`;
}

// Unquoted values. They may contain `[` but stop at an earlier rule's marker rather than cut it in half; written
// unrolled (`a*(?:b a*)*`) so that each character is matched one way only. An empty value is left alone.
function unquoted(stop: string): string {
	return String.raw`[^${stop}[]*(?:\[(?!REDACTED\])[^${stop}[]*)*`;
}

const bareInline = unquoted(String.raw`\s"'\\,;&)}\]`);
// A YAML-style `key: value` at the start of a line owns the rest of that line.
const bareRestOfLine = unquoted(String.raw`\r\n"'\\,}\]`);

// Values that are not secret material even under a secret key: placeholders, booleans, nulls, environment
// references, file paths, and Kubernetes `namespace/name` object references (klog's `secret="ns/name"`).
const harmlessValue = /^(?:\*+|<[\w -]{0,30}>|\[?redacted\]?|null|nil|none|true|false|\$\{?\w+\}?|(?:\.{1,2}|~)?\/[\w./~@+-]*)$/i;
const objectReference = /^[a-z0-9][a-z0-9.-]*\/[a-z0-9][a-z0-9.-]*$/;
// A PEM body starts with base64 after line breaks (real or escaped) and RFC 1421 headers of legacy encrypted keys.
const pemBodyStart = /^(?:\s|\\[nrt]|(?:Proc-Type|DEK-Info):[^\r\n\\]*)*[A-Za-z0-9+/]{8}/;
const token68 = /^[\w.~+/-]+=*/;
const schemeWord = /^(?:bearer|basic|token|digest|negotiate)$/i;

function isSecretValue(value: string): boolean {
	const trimmed = value.trim();
	return trimmed !== '' && !harmlessValue.test(trimmed) && !objectReference.test(trimmed);
}

// A bare `Bearer x` outside a header is only a token when it looks like one: prose says `bearer token`.
function looksLikeToken(value: string): boolean {
	return value.length >= 8 && (/\d/.test(value) || (value.length >= 16 && /[a-z]/.test(value) && /[A-Z]/.test(value)));
}

function redactPair(match: string, groups: Groups): string | undefined {
	const value = groups['escaped'] ?? groups['double'] ?? groups['single'] ?? groups['bare'] ?? '';
	if (!isSecretValue(value)) {
		return undefined;
	}

	// The value is always the tail of the match, so everything before it (key, separator, quote) is kept.
	return match.slice(0, match.length - value.length) + mark;
}

const rules: readonly RedactionRule[] = [
	{
		// PEM private keys, with real or `\n`-escaped newlines. The body stops at the next `-----` marker or quote;
		// without an END line it runs to the end of the text: a truncated key is still a secret. Certificates are public.
		pattern: /(?<begin>-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)(?<body>[^"-]*(?:-(?!----)[^"-]*)*)(?<end>-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?/g,
		redact(_match, groups) {
			const body = groups['body'] ?? '';
			return pemBodyStart.test(body) ? `${groups['begin'] ?? ''}${mark}${groups['end'] ?? ''}` : undefined;
		},
	},
	{
		// `Authorization: Bearer x`, `authorization="Basic x"`, `"Authorization":["Bearer x"]`, Go's `map[Authorization:[…]]`.
		pattern: /(?<![a-z])(?<key>authorization(?:\\?["'])?[ \t]{0,4}[:=](?:[ \t[]|\\?["']){0,6})(?:(?<scheme>bearer|basic|token|digest|negotiate)(?<gap>[ \t]{1,4}))?(?!\[REDACTED\]|REDACTED\])(?<value>[^\s"'\\\],;<>{}[]+)/gi,
		redact(_match, groups) {
			const key = groups['key'] ?? '';
			const value = groups['value'] ?? '';
			if (groups['scheme'] === undefined) {
				// Without a scheme, demand structure: `failed authorization: forbidden` is prose.
				if (schemeWord.test(value) || !/["'[=]|:$/.test(key)) {
					return undefined;
				}

				return key + mark;
			}

			// Bearer and Basic credentials are token68 (RFC 7235); whatever follows (`:`, `)`) is not part of them.
			const scheme = groups['scheme'];
			const token = /^(?:bearer|basic)$/i.test(scheme) ? (token68.exec(value)?.[0] ?? '') : value;
			if (token === '') {
				return undefined;
			}

			return `${key}${scheme}${groups['gap'] ?? ''}${mark}${value.slice(token.length)}`;
		},
	},
	{
		// The password in `scheme://user:password@host`; the user name is kept.
		pattern: /(?<prefix>:\/\/[^\s/?#@:"'\\]*:)(?!\[REDACTED\])(?<value>[^\s/?#@"'\\]+)(?=@)/g,
		redact: (_match, groups) => `${groups['prefix'] ?? ''}${mark}`,
	},
	{
		// Query parameters that carry credentials or signatures; `\u0026` is `&` inside JSON-encoded log text.
		pattern: /(?<prefix>(?:[?&;]|\\u0026)(?:access_token|id_token|refresh_token|token|password|passwd|pwd|secret|client_secret|key|apikey|api_key|api-key|sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature)=)(?!\[REDACTED\])(?<value>[^&;\s#"'\\]+)/gi,
		redact: (_match, groups) => `${groups['prefix'] ?? ''}${mark}`,
	},
	{
		// HTTP headers that carry a credential, anywhere in a line (a dumped request, a Go header map):
		// `X-Api-Key: k`, `PRIVATE-TOKEN: t`, `"client-key-data": "LS0t…"`. The value is one word.
		pattern: /(?<![\w-])(?<key>(?:x-api-key|api-key|x-auth-token|x-vault-token|private-token|job-token|deploy-token|proxy-authorization|client-key-data)(?:\\?["'])?[ \t]{0,4}:(?:[ \t[]|\\?["']){0,6})(?!\[REDACTED\]|REDACTED\])(?<value>[^\s"'\\\],;<>{}[]+)/gi,
		redact: (_match, groups) => (isSecretValue(groups['value'] ?? '') ? `${groups['key'] ?? ''}${mark}` : undefined),
	},
	{
		// `Cookie: a=b; c=d`, `Set-Cookie: …`: every cookie may be a session, so the value is the rest of the line
		// (or of the quoted string, or of a Go header map's brackets).
		pattern: new RegExp(String.raw`(?<![\w-])(?<key>(?:set-)?cookie(?:\\?["'])?[ \t]{0,4}:(?:[ \t[]|\\?["']){0,6})(?!\[REDACTED\]|REDACTED\])(?<value>[^\s"'\\\],;<>{}[]${unquoted(String.raw`\r\n"'\\\]`)})`, 'gi'),
		redact(_match, groups) {
			const value = groups['value'] ?? '';
			const secret = value.trimEnd();
			return isSecretValue(secret) ? `${groups['key'] ?? ''}${mark}${value.slice(secret.length)}` : undefined;
		},
	},
	{
		// `--user=root:PASS`, `--user root:PASS` (curl, etcdctl): the password after the user name.
		// A value that holds a redaction already (another rule took part of it) is left as it is.
		pattern: /(?<![\w-])(?<prefix>--user(?:=|[ \t]{1,4})["']?[^\s:"'=]{1,256}:)(?![^\s"']*\[REDACTED\])(?<value>[^\s"']+)/gi,
		redact: (_match, groups) => (isSecretValue(groups['value'] ?? '') ? `${groups['prefix'] ?? ''}${mark}` : undefined),
	},
	{
		// Provider tokens recognisable on their own: AWS access key ids, GitHub and GitLab tokens.
		pattern: /(?<![\w-])(?:(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_\w{20,255}|glpat-[\w-]{20,255})(?![\w-])/g,
		redact: () => mark,
	},
	{
		// A base64-encoded PEM private key (kubeconfig `client-key-data`, a Secret's `tls.key`) wherever it stands.
		// `LS0tLS1CRUdJTi` is `-----BEGIN`; certificates, which are public, decode to BEGIN CERTIFICATE.
		pattern: /(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]*={0,2}/g,
		redact: (match) => (/PRIVATE KEY/.test(Buffer.from(match.slice(0, 80), 'base64').toString('latin1')) ? mark : undefined),
	},
	{
		// `key=value`, `key = "value"`, `"key":"value"`, `'key': 'value'`, `Key:value` (Go `%+v` structs and maps).
		pattern: new RegExp(String.raw`${secretKey}(?:(?:\\?["'])?[ \t]{0,4}=[ \t]{0,4}|\\?["'][ \t]{0,4}:[ \t]{0,4}|:(?![ \t]))${valueAlternatives(bareInline)}`, 'gi'),
		redact: redactPair,
	},
	{
		// `key: value` with a space is also how Go errors read (`failed to get token: EOF`), so only at the start of a
		// line (real or `\n`-escaped), after YAML's `- `, or after `{ [ ( , ;`.
		pattern: new RegExp(String.raw`(?<=(?:^|[\r\n{[(,;]|\\n|\\t)[ \t]{0,16}(?:-[ \t]{1,4})?[\w.-]{0,40})${secretKey}[ \t]{0,4}:[ \t]{1,4}${valueAlternatives(bareRestOfLine)}`, 'gi'),
		redact: redactPair,
	},
	{
		// Command-line flags with a space before the value: `kubeadm join … --token abcdef.0123456789abcdef`.
		pattern: new RegExp(String.raw`(?<![\w-])--[\w-]{0,40}?${secretKey}[ \t]{1,4}(?!-)${valueAlternatives(bareInline)}`, 'gi'),
		redact: redactPair,
	},
	{
		pattern: /(?<![\w-])(?<key>bearer[ \t]{1,4})(?!\[REDACTED\])(?!bearer(?![\w.~+/=-]))(?<value>[\w.~+/-]+=*)/gi,
		redact: (_match, groups) => (looksLikeToken(groups['value'] ?? '') ? `${groups['key'] ?? ''}${mark}` : undefined),
	},
	{
		// JWTs (service-account and OIDC tokens): base64url `{"` header, `{"` payload, signature. Starting only at a
		// token boundary means a run like `eyJeyJeyJ…` is scanned once, not once per `eyJ`.
		pattern: /(?<![\w-])eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g,
		redact: () => mark,
	},
];

function markerCount(text: string): number {
	let count = 0;
	for (let index = text.indexOf(mark); index !== -1; index = text.indexOf(mark, index + mark.length)) {
		count += 1;
	}

	return count;
}

function applyRule(text: string, rule: RedactionRule): Redaction {
	let count = 0;
	const result = text.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
		// With named groups the last argument is the groups object; without, it is the whole input string.
		const last = rest.at(-1);
		const groups = (typeof last === 'object' && last !== null ? last : {}) as Groups;
		const replacement = rule.redact(match, groups);
		if (replacement === undefined) {
			return match;
		}

		// Count markers, not matches: a value that swallowed an earlier marker (a PEM key inside a quoted value) is
		// still one redacted span in the output.
		count += markerCount(replacement) - markerCount(match);
		return replacement;
	});
	return {text: result, count};
}

/** Replaces secret values (auth headers, URL credentials, secret key/value pairs, PEM private keys, JWTs) with `[REDACTED]`. */
export function redactSecrets(text: string): Redaction {
	if (!triggers.test(text)) {
		return {text, count: 0};
	}

	let current: Redaction = {text, count: 0};
	// Again while a pass redacts something: a marker put in by one rule can be the boundary another rule wants
	// before a secret (`<base64 key>--user=a:b`: `--user` counts as a flag only once the key before it is a
	// marker), and what one pass leaves a second must not find. Each pass that changes the text takes a secret out.
	for (let pass = 0; pass < maxPasses; pass++) {
		const before = current.count;
		for (const rule of rules) {
			const next = applyRule(current.text, rule);
			current = {text: next.text, count: current.count + next.count};
		}

		if (current.count === before) break;
	}

	return current;
}

/** Passes of the rules at most: each one that changes the text takes a secret out, and a line holds few. */
const maxPasses = 8;

const secretKeyName = new RegExp(String.raw`${secretKey}$`, 'i');

/**
 * A structured value (the `fields` of a Kubernetes JSON log line) with its secrets redacted: a string or number
 * under a secret key name (`token`, `password`, `client-key-data`, …) becomes `[REDACTED]`, and every other
 * string is redacted as log text. Keys are kept.
 */
export function redactJsonValue(value: unknown, key?: string): {readonly value: unknown; readonly count: number} {
	if (typeof value === 'string') {
		if (key !== undefined && secretKeyName.test(key) && isSecretValue(value) && value !== mark) return {value: mark, count: 1};
		const result = redactSecrets(value);
		return {value: result.text, count: result.count};
	}

	if (typeof value === 'number' || typeof value === 'bigint') {
		return key !== undefined && secretKeyName.test(key) ? {value: mark, count: 1} : {value, count: 0};
	}

	if (Array.isArray(value)) {
		let count = 0;
		const items = value.map((item) => {
			const result = redactJsonValue(item, key);
			count += result.count;
			return result.value;
		});
		return {value: items, count};
	}

	if (value !== null && typeof value === 'object') {
		let count = 0;
		const entries = Object.entries(value as Record<string, unknown>).map(([name, item]) => {
			const result = redactJsonValue(item, name);
			count += result.count;
			return [name, result.value] as const;
		});
		return {value: Object.fromEntries(entries), count};
	}

	return {value, count: 0};
}
