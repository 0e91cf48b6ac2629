import {isLoopbackAddress, normalizeAddress, normalizeIp} from '../detect/values/address.js';
import type {ApiserverContext} from '../correlate/build-context.js';
import {canonicalKubernetesVersion, isPort} from '../detect/values/validate-values.js';
import {distributionVariables} from './distribution-commands.js';
import {groupDigits} from './group-digits.js';

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
	const span = days === 0 ? 'less than a day' : days === 1 ? '1 day' : `${groupDigits(days)} days`;
	return expiry > now ? `expires at ${iso(expiry)}, in ${span}` : `expired at ${iso(expiry)}, ${span} ago`;
}

/** Shown in a command where the node's address would go when the one the logs named was not an IP address. */
export const nodeIpPlaceholder = '<node-ip>';
/** Shown in a command where the port would go when the one the logs named was not a port number. */
export const portPlaceholder = '<port>';

/**
 * True when an address may be written into a command: the canonical form of an IP address or of a host
 * or APIService name (what normalizeAddress gives), nothing else. The correlate stage keeps only such
 * values; this is the last check before they are pasted into a shell.
 */
export function isCommandSafeAddress(address: string): boolean {
	return normalizeAddress(address) === address;
}

/**
 * Placeholders every rule text can use: {start}, {expiry}, {expiryPhrase}, {lifetime}, {version}, {port}, {selfIp},
 * {selfIps}, {uptimeDays}, and the distribution's commands ({distribution}, {restartApiserver}, {oneAtATime},
 * {checkCertificates}, {renewCertificates}, each command's note as {…Note}). Those the logs do not tell are undefined.
 */
export function contextVariables(context: ApiserverContext): Record<string, string | undefined> {
	const ownIps = context.selfAddresses.map((a) => a.ip).filter((ip) => normalizeIp(ip) === ip && !isLoopbackAddress(ip));
	const start = context.start?.at;
	const reference = context.firstFailure ?? context.logRange.last ?? context.now;
	const addressIgnored = context.ignored.some((v) => v.kind === 'address');
	const portIgnored = context.ignored.some((v) => v.kind === 'port');
	const portKnown = isPort(context.securePort) && !(portIgnored && context.securePortFrom === 'default');
	const version = context.version === undefined ? undefined : canonicalKubernetesVersion(context.version.value);
	return {
		start: iso(start),
		expiry: iso(context.loopbackNotAfter?.at),
		expiryPhrase: expiryPhrase(context.loopbackNotAfter?.at, context.now),
		lifetime: `${context.lifetimeDays} days`,
		version,
		port: portKnown ? String(context.securePort) : portPlaceholder,
		// Without an address of its own the apiserver is reached on loopback, unless the logs named one that was refused.
		selfIp: ownIps[0] ?? (addressIgnored ? nodeIpPlaceholder : '127.0.0.1'),
		selfIps: ownIps.length > 0 ? ownIps.join(', ') : 'none known besides loopback',
		uptimeDays: start === undefined ? undefined : groupDigits(Math.floor((reference - start) / dayMs)),
		...distributionVariables(context),
	};
}
