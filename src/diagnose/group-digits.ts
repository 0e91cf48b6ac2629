/**
 * `12,345`: a whole number with its thousands grouped, as `n.toLocaleString('en-US')` writes it, without the
 * first call's cost of setting up ICU's number formatting (milliseconds of every start-up). Other numbers are
 * left to toLocaleString.
 */
export function groupDigits(n: number): string {
	if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
	const digits = String(Math.abs(n));
	const head = digits.length % 3 || 3;
	let out = digits.slice(0, head);
	for (let at = head; at < digits.length; at += 3) out += `,${digits.slice(at, at + 3)}`;
	return n < 0 ? `-${out}` : out;
}
