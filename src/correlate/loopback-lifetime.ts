import {distributionOf, type DistributionId, type LifetimeStep} from '../detect/rules/distributions.js';

const day = 86_400_000;

/** The lifetime that applies to a version, and the sentence that says where it comes from. */
export type LoopbackLifetime = {readonly days: 365 | 1096; readonly source: string};

/**
 * Lifetime of the loopback certificate for a version on a distribution: upstream makes it for 365 days up to
 * Kubernetes 1.32 and 1096 days from 1.33 (PR #130047); distributions that changed it say so in their data.
 */
export function loopbackLifetime(version: string | undefined, distribution?: DistributionId): LoopbackLifetime | undefined {
	if (version === undefined) return undefined;
	const m = /v?(\d+)\.(\d+)/.exec(version);
	if (!m) return undefined;
	const major = Number(m[1]);
	const minor = Number(m[2]);
	const steps = distributionOf(distribution ?? 'kubeadm').loopbackLifetime;
	let applies: LifetimeStep | undefined;
	for (const step of steps) {
		if (major > step.since[0] || (major === step.since[0] && minor >= step.since[1])) applies = step;
	}

	return applies === undefined ? undefined : {days: applies.days, source: applies.source};
}

/** Lifetime in days of the loopback certificate for a version (see loopbackLifetime). */
export function loopbackLifetimeDays(version: string | undefined, distribution?: DistributionId): 365 | 1096 | undefined {
	return loopbackLifetime(version, distribution)?.days;
}

/** NotAfter of a loopback certificate generated at `start`: start - 1h + lifetime. */
export function loopbackExpiry(start: number, lifetimeDays: number): number {
	return start - 3_600_000 + lifetimeDays * day;
}

export const dayMs = day;
