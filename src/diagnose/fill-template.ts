import {isLoopbackAddress} from '../correlate/address.js';
import type {ApiserverContext} from '../correlate/build-context.js';

/** Values of placeholders: undefined when the placeholder is known but its value is not (no start time in the logs). */
export type TemplateVariables = Readonly<Record<string, string | undefined>>;

const placeholder = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

/** Where the optional clause opened at `start` (`{?`) closes, or -1: the `}` that balances it, past inner placeholders. */
function clauseEnd(text: string, start: number): number {
	let depth = 0;
	for (let i = start; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 123) depth++;
		else if (c === 125 && --depth === 0) return i;
	}

	return -1;
}

/**
 * Replaces `{name}` with the variable's value. `{?…}` is an optional clause: it is kept (filled) when every
 * placeholder in it has a value and left out when one has none, so a sentence never says "unknown"
 * (`made at start-up{? ({start})}`). A placeholder without a value outside a clause reads `unknown`; names
 * that are not variables at all are left as written.
 */
export function fillTemplate(text: string, variables: TemplateVariables): string {
	let out = '';
	let at = 0;
	for (let open = text.indexOf('{?', at); open !== -1; open = text.indexOf('{?', at)) {
		const close = clauseEnd(text, open);
		if (close === -1) break;
		out += fillPlaceholders(text.slice(at, open), variables);
		const clause = text.slice(open + 2, close);
		const names = [...clause.matchAll(placeholder)].map((m) => m[1]!);
		if (names.every((name) => !(name in variables) || variables[name] !== undefined)) out += fillPlaceholders(clause, variables);
		at = close + 1;
	}

	return out + fillPlaceholders(text.slice(at), variables);
}

function fillPlaceholders(text: string, variables: TemplateVariables): string {
	return text.replace(placeholder, (whole, name: string) => (name in variables ? (variables[name] ?? 'unknown') : whole));
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
const dayMs = 86_400_000;

/** `expires at 2026-12-01T00:00:00Z, in 12 days` or `expired at …, 3 days ago`, against the context's now. */
function expiryPhrase(expiry: number | undefined, now: number): string | undefined {
	if (expiry === undefined) return undefined;
	const days = Math.floor(Math.abs(expiry - now) / dayMs);
	const span = days === 0 ? 'less than a day' : days === 1 ? '1 day' : `${days.toLocaleString('en-US')} days`;
	return expiry > now ? `expires at ${iso(expiry)}, in ${span}` : `expired at ${iso(expiry)}, ${span} ago`;
}

/**
 * Placeholders every rule text can use: {start}, {expiry}, {expiryPhrase}, {lifetime}, {version}, {port}, {selfIp},
 * {selfIps}, {uptimeDays}. Those the logs do not tell are undefined.
 */
export function contextVariables(context: ApiserverContext): Record<string, string | undefined> {
	const ownIps = context.selfAddresses.map((a) => a.ip).filter((ip) => !isLoopbackAddress(ip));
	const start = context.start?.at;
	const reference = context.firstFailure ?? context.logRange.last ?? context.now;
	return {
		start: iso(start),
		expiry: iso(context.loopbackNotAfter?.at),
		expiryPhrase: expiryPhrase(context.loopbackNotAfter?.at, context.now),
		lifetime: `${context.lifetimeDays} days`,
		version: context.version?.value,
		port: String(context.securePort),
		selfIp: ownIps[0] ?? '127.0.0.1',
		selfIps: ownIps.length > 0 ? ownIps.join(', ') : 'none known besides loopback',
		uptimeDays: start === undefined ? undefined : Math.floor((reference - start) / dayMs).toLocaleString('en-US'),
	};
}
