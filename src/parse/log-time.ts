const months: Record<string, number> = {Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11};

/**
 * Reads an absolute time written inside a log message, in the shapes Go and OpenSSL print:
 * RFC 3339 (`2026-11-27T10:38:12Z`, `2026-11-28T11:40:49+08:00`), Go's `time.String`
 * (`2026-11-27 10:38:13 +0000 UTC`) and OpenSSL/curl dates (`Dec 22 11:21:16 2020 GMT`).
 * Returns ms since the epoch, or undefined.
 */
export function parseLogTime(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	const trimmed = text.trim();
	const rfc = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?\s*(Z|[+-]\d\d:?\d\d)?/.exec(trimmed);
	if (rfc) {
		const [, y, mo, d, h, mi, s, frac, zone] = rfc;
		const ms = frac === undefined ? 0 : Math.floor(Number(frac) * 1000);
		let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
		if (zone !== undefined && zone !== 'Z') {
			const sign = zone.startsWith('-') ? -1 : 1;
			const digits = zone.slice(1).replace(':', '');
			time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
		}

		return Number.isNaN(time) ? undefined : time;
	}

	const openssl = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})(?: GMT)?$/.exec(trimmed);
	if (openssl) {
		const [, mon, d, h, mi, s, y] = openssl;
		const month = months[mon!];
		if (month === undefined) return undefined;
		return Date.UTC(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
	}

	return undefined;
}
