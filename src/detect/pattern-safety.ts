/**
 * Rejects regular expressions whose shape can backtrack catastrophically on a hostile line:
 * an unbounded repetition of a group that itself contains an unbounded repetition or an alternation,
 * such as `(a+)+`, `(\s*x)*` or `(a|ab)*`, and back-references. Conservative on purpose: a rule
 * author can always rewrite such a pattern, and a log line must never be able to hang the tool.
 */
export function findUnsafePattern(pattern: string): string | undefined {
	type Frame = {start: number; unbounded: boolean; alternation: boolean};
	const stack: Frame[] = [{start: 0, unbounded: false, alternation: false}];
	let i = 0;
	const quantifierAt = (at: number): {unbounded: boolean; length: number} | undefined => {
		const c = pattern[at];
		if (c === '*' || c === '+') {
			return {unbounded: true, length: pattern[at + 1] === '?' ? 2 : 1};
		}

		if (c === '?') {
			return {unbounded: false, length: pattern[at + 1] === '?' ? 2 : 1};
		}

		if (c === '{') {
			const m = /^\{(\d+)(,(\d*))?\}\??/.exec(pattern.slice(at));
			if (m) {
				return {unbounded: m[2] !== undefined && m[3] === '', length: m[0].length};
			}
		}

		return undefined;
	};

	while (i < pattern.length) {
		const c = pattern[i]!;
		const top = stack.at(-1)!;
		if (c === '\\') {
			if (/[1-9k]/.test(pattern[i + 1] ?? '')) {
				return 'back-references are not allowed: they can make matching take exponential time';
			}

			i += 2;
		} else if (c === '[') {
			i++;
			while (i < pattern.length && pattern[i] !== ']') {
				i += pattern[i] === '\\' ? 2 : 1;
			}

			i++;
		} else if (c === '(') {
			stack.push({start: i, unbounded: false, alternation: false});
			i++;
			continue;
		} else if (c === ')') {
			const frame = stack.pop();
			if (frame === undefined || stack.length === 0) {
				return undefined; // unbalanced: the RegExp constructor reports it
			}

			const q = quantifierAt(i + 1);
			const parent = stack.at(-1)!;
			if (q?.unbounded && (frame.unbounded || frame.alternation)) {
				return `the group at offset ${frame.start} repeats without bound and contains ${frame.unbounded ? 'another unbounded repetition' : 'an alternation'}, which can backtrack catastrophically; make the inner part possessive-like with a character class or bound the repetition`;
			}

			parent.unbounded ||= frame.unbounded || Boolean(q?.unbounded);
			i += 1 + (q?.length ?? 0);
			continue;
		} else if (c === '|') {
			top.alternation = true;
			i++;
			continue;
		} else {
			i++;
		}

		const q = quantifierAt(i);
		if (q !== undefined) {
			top.unbounded ||= q.unbounded;
			i += q.length;
		}
	}

	return undefined;
}
