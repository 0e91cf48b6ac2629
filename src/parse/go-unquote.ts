const utf8 = new TextDecoder('utf-8');

const hexValue = (code: number): number => {
	if (code >= 48 && code <= 57) {
		return code - 48;
	}

	const lower = code | 32;
	return lower >= 97 && lower <= 102 ? lower - 87 : -1;
};

const simpleEscapes: Readonly<Record<string, string>> = {
	a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', '\'': '\'',
};

/**
 * Index just past the Go double-quoted string that starts at `start` (which must be `"`),
 * or -1 when it is not closed.
 */
export function goQuotedEnd(text: string, start: number): number {
	for (let i = start + 1; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 92) {
			i++;
		} else if (code === 34) {
			return i + 1;
		}
	}

	return -1;
}

/**
 * Decode the body of a Go `strconv.Quote` string (without the surrounding quotes): `\n`, `\"`, `\xHH`
 * byte escapes (decoded as UTF-8), `\uXXXX`, `\UXXXXXXXX` and octal. Malformed escapes are kept as written.
 */
export function goUnquote(body: string): string {
	if (!body.includes('\\')) {
		return body;
	}

	let out = '';
	let bytes: number[] = [];
	const flushBytes = (): void => {
		if (bytes.length > 0) {
			out += utf8.decode(Uint8Array.from(bytes));
			bytes = [];
		}
	};

	for (let i = 0; i < body.length; i++) {
		const char = body[i]!;
		if (char !== '\\' || i + 1 >= body.length) {
			flushBytes();
			out += char;
			continue;
		}

		const next = body[i + 1]!;
		if (next === 'x' || (next >= '0' && next <= '7')) {
			const isHex = next === 'x';
			const digits = isHex ? body.slice(i + 2, i + 4) : body.slice(i + 1, i + 4);
			const value = isHex ? Number.parseInt(digits, 16) : Number.parseInt(digits, 8);
			const valid = digits.length === (isHex ? 2 : 3) && [...digits].every((d) => hexValue(d.charCodeAt(0)) >= 0 && (isHex || d <= '7'));
			if (valid && value <= 255) {
				bytes.push(value);
				i += isHex ? 3 : 3;
				continue;
			}
		}

		flushBytes();
		const simple = simpleEscapes[next];
		if (simple !== undefined) {
			out += simple;
			i++;
			continue;
		}

		if (next === 'u' || next === 'U') {
			const length = next === 'u' ? 4 : 8;
			const hex = body.slice(i + 2, i + 2 + length);
			const code = hex.length === length && [...hex].every((d) => hexValue(d.charCodeAt(0)) >= 0) ? Number.parseInt(hex, 16) : -1;
			if (code >= 0 && code <= 0x10_FF_FF) {
				out += String.fromCodePoint(code);
				i += 1 + length;
				continue;
			}
		}

		out += char;
	}

	flushBytes();
	return out;
}
