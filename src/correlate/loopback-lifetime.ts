const day = 86_400_000;

/** Lifetime of the loopback certificate: 365 days up to Kubernetes 1.32, 1096 days from 1.33 (PR #130047). */
export function loopbackLifetimeDays(version: string | undefined): 365 | 1096 | undefined {
	if (version === undefined) return undefined;
	const m = /v?(\d+)\.(\d+)/.exec(version);
	if (!m) return undefined;
	const major = Number(m[1]);
	const minor = Number(m[2]);
	return major > 1 || (major === 1 && minor >= 33) ? 1096 : 365;
}

/** NotAfter of a loopback certificate generated at `start`: start - 1h + lifetime. */
export function loopbackExpiry(start: number, lifetimeDays: number): number {
	return start - 3_600_000 + lifetimeDays * day;
}

export const dayMs = day;
