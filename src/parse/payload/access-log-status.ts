/**
 * The apiserver's access log (httplog) writes every answered request at info level: up to 1.20
 * `GET /api/v1/pods: (5.002098194s) 500` (caller `httplog.go` or, in 1.4-1.5, `panics.go`), from 1.21
 * `"HTTP" verb="GET" URI="/api/v1/pods" latency="5.002s" … resp=500`. A 5xx answer is the server failing a
 * request: such a line is an error, whatever level it was written at. This reads the status at the end of the
 * line with a few byte comparisons, so the skimmer can ask it of every info line.
 */

const isDigit = (code: number | undefined): boolean => code !== undefined && code >= 48 && code <= 57;

/** True when `text[0, end)` ends as an access-log line of a 5xx answer: `) 5NN` or `resp=5NN`. */
export function endsWithServerErrorStatus(text: string, end: number = text.length): boolean {
	let last = end;
	while (last > 0 && (text.charCodeAt(last - 1) === 13 || text.charCodeAt(last - 1) === 32)) last--;
	if (last < 8 || text.charCodeAt(last - 3) !== 53 || !isDigit(text.charCodeAt(last - 2)) || !isDigit(text.charCodeAt(last - 1))) return false;
	const before = text.charCodeAt(last - 4);
	if (before === 32) return text.charCodeAt(last - 5) === 41; // `) 5NN`
	return before === 61 && text.startsWith('resp', last - 8); // `resp=5NN`
}

/** The byte form of `endsWithServerErrorStatus`: `bytes[from, end)` ends as an access-log line of a 5xx answer. */
export function endsWithServerErrorStatusBytes(bytes: Uint8Array, from: number, end: number): boolean {
	let last = end;
	while (last > from && (bytes[last - 1] === 13 || bytes[last - 1] === 32)) last--;
	if (last - from < 8 || bytes[last - 3] !== 53 || !isDigit(bytes[last - 2]) || !isDigit(bytes[last - 1])) return false;
	const before = bytes[last - 4];
	if (before === 32) return bytes[last - 5] === 41; // `) 5NN`
	return before === 61 && bytes[last - 8] === 114 && bytes[last - 7] === 101 && bytes[last - 6] === 115 && bytes[last - 5] === 112; // `resp=5NN`
}
