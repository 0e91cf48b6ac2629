/**
 * Go's `time.Duration` text as logs print it (`1.5857053s`, `731.4912ms`, `10.558µs`, `1m2.5s`, `2h0m0s`):
 * etcd's `took` fields and "took too long (1.2s)" lines, httplog latencies. One or more number+unit parts.
 */
const part = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/y;

const unitMs: Readonly<Record<string, number>> = {ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/** Milliseconds in a Go duration, or undefined when the text is not one (as a whole). */
export function parseGoDuration(text: string): number | undefined {
	if (text.length === 0 || text.length > 40) return undefined;
	let total = 0;
	part.lastIndex = 0;
	while (part.lastIndex < text.length) {
		const m = part.exec(text);
		if (m === null) return undefined;
		total += Number(m[1]) * unitMs[m[2]!]!;
	}

	return Number.isFinite(total) ? total : undefined;
}

/** A duration for a report sentence: `731 ms`, `4.04 s`, `12.5 s`, `3.2 min`. */
export function formatDuration(ms: number): string {
	if (ms < 1) return `${Math.round(ms * 1000)} µs`;
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
	if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
	return `${(ms / 60_000).toFixed(1)} min`;
}
