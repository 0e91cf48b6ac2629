import {isLoopbackAddress} from '../correlate/address.js';
import type {ApiserverContext} from '../correlate/build-context.js';
import {distributionVariables} from './distribution-commands.js';

/** Replaces `{name}` with the variable's value; unknown names are left as written. */
export function fillTemplate(text: string, variables: Readonly<Record<string, string>>): string {
	return text.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => variables[name] ?? whole);
}

const iso = (ms: number | undefined): string => (ms === undefined ? 'unknown' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

/**
 * Placeholders every rule text can use: {start}, {expiry}, {lifetime}, {version}, {port}, {selfIp}, {selfIps},
 * {uptimeDays}, and the distribution's commands: {distribution}, {restartApiserver}, {oneAtATime},
 * {checkCertificates}, {renewCertificates}.
 */
export function contextVariables(context: ApiserverContext): Record<string, string> {
	const ownIps = context.selfAddresses.map((a) => a.ip).filter((ip) => !isLoopbackAddress(ip));
	const start = context.start?.at;
	const reference = context.firstFailure ?? context.logRange.last ?? context.now;
	return {
		start: iso(start),
		expiry: iso(context.loopbackNotAfter?.at),
		lifetime: `${context.lifetimeDays} days`,
		version: context.version?.value ?? 'unknown',
		port: String(context.securePort),
		selfIp: ownIps[0] ?? '127.0.0.1',
		selfIps: ownIps.length > 0 ? ownIps.join(', ') : 'none known besides loopback',
		uptimeDays: start === undefined ? 'unknown' : String(Math.floor((reference - start) / 86_400_000)),
		...distributionVariables(context),
	};
}
