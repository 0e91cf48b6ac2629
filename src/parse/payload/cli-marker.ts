import type {Severity} from '../record.js';
import {resetPayloadFields, type PayloadDecoder} from './payload-fields.js';

const errorMarks = new Set(['X', '❌', '💣', '🛑', '🆘', '😿', '💢']);
const warningMarks = new Set(['!', '❗', '❕', '⚠', '⚠️']);

// A pictographic marker (minikube prints `😄  minikube v1.32.0 on Ubuntu`) with an optional variation selector.
const pictograph = /^(\p{Extended_Pictographic}\uFE0F?) +/u;

/**
 * Marked output of command-line tools: minikube's `* ` (info), `! ` (warning), `X ` (error) and their emoji forms
 * (`❗`, `❌`, `💣`, …; any other pictograph is info), the marker stripped from the message; and `==> name <==`
 * section headers (`minikube logs`, `tail` of several files), whose name becomes the component of the lines
 * that follow until the next header (see `section`). State: the current section.
 */
export function createCliMarker(): PayloadDecoder & {readonly section: () => string | undefined} {
	let section: string | undefined;
	return {
		name: 'cli-marker',
		firsts: '*!X=',
		nonAscii: true,
		section: () => section,
		decode(content, _context, out) {
			const first = content.charCodeAt(0);
			if (first === 61) {
				const match = /^==> (.+?) <==$/.exec(content);
				if (match === null) {
					return false;
				}

				// `kube-apiserver [8bce9679a1f3]` -> `kube-apiserver`; a file path keeps its base name.
				const name = match[1]!.replace(/ \[[0-9a-f]+\]$/, '');
				section = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
				resetPayloadFields(out, 'cli-marker', content);
				out.component = section;
				return true;
			}

			let mark: string;
			let length: number;
			if (first < 128) {
				// `X` only before a capital (`X Exiting due to …`), so a sentence starting with X stays text.
				if (content.charCodeAt(1) !== 32 || (first === 88 && !/^X {1,2}[A-Z]/.test(content))) {
					return false;
				}

				mark = content.charAt(0);
				length = 1;
			} else {
				const match = pictograph.exec(content);
				if (match === null) {
					return false;
				}

				mark = match[1]!;
				length = match[0].length;
			}

			let start = length;
			while (content.charCodeAt(start) === 32) {
				start++;
			}

			const severity: Severity = errorMarks.has(mark) ? 'error' : warningMarks.has(mark) ? 'warning' : 'info';
			resetPayloadFields(out, 'cli-marker', content.slice(start));
			out.severity = severity;
			out.component = section;
			return true;
		},
	};
}
