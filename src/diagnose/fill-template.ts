import {isLoopbackAddress, normalizeAddress, normalizeIp} from '../correlate/address.js';
import type {ApiserverContext} from '../correlate/build-context.js';
import {canonicalKubernetesVersion, isPort} from '../correlate/validate-values.js';
import {distributionVariables} from './distribution-commands.js';

/** Replaces `{name}` with the variable's value; unknown names are left as written. */
export function fillTemplate(text: string, variables: Readonly<Record<string, string>>): string {
	return text.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => variables[name] ?? whole);
}

/** Shown in a command where the node's address would go when the one the logs named was not an IP address. */
export const nodeIpPlaceholder = '<node-ip>';
/** Shown in a command where the port would go when the one the logs named was not a port number. */
export const portPlaceholder = '<port>';

const iso = (ms: number | undefined): string => (ms === undefined ? 'unknown' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

/**
 * True when an address may be written into a command: the canonical form of an IP address or of a host
 * or APIService name (what normalizeAddress gives), nothing else. The correlate stage keeps only such
 * values; this is the last check before they are pasted into a shell.
 */
export function isCommandSafeAddress(address: string): boolean {
	return normalizeAddress(address) === address;
}

/**
 * Placeholders every rule text can use: {start}, {expiry}, {lifetime}, {version}, {port}, {selfIp}, {selfIps},
 * {uptimeDays}, and the distribution's commands: {distribution}, {restartApiserver}, {oneAtATime},
 * {checkCertificates}, {renewCertificates}.
 */
export function contextVariables(context: ApiserverContext): Record<string, string> {
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
		lifetime: `${context.lifetimeDays} days`,
		version: version ?? 'unknown',
		port: portKnown ? String(context.securePort) : portPlaceholder,
		// Without an address of its own the apiserver is reached on loopback, unless the logs named one that was refused.
		selfIp: ownIps[0] ?? (addressIgnored ? nodeIpPlaceholder : '127.0.0.1'),
		selfIps: ownIps.length > 0 ? ownIps.join(', ') : 'none known besides loopback',
		uptimeDays: start === undefined ? 'unknown' : String(Math.floor((reference - start) / 86_400_000)),
		...distributionVariables(context),
	};
}
