import {resetPayloadFields, type PayloadDecoder} from './payload-fields.js';

const fixedPrefixes = [
	'Error from server: ',
	'error: ',
	'Unable to connect to the server: ',
	'The connection to the server ',
	'Error in configuration: ',
	'The request is invalid: ',
	'the server doesn\'t have a resource type ',
	'the server could not find the requested resource',
];

/**
 * kubectl's own stderr (more-formats.md §9): `Error from server (Reason): …`, `Error from server: …`, `error: …`,
 * `Unable to connect to the server: …`, `The connection to the server <host:port> was refused - …`,
 * `The <Kind> "<name>" is invalid: …` and the other `checkErr` wordings. Severity error; the Status reason is
 * the `reason` field. Headerless lines after it (a wrapped message) continue it.
 */
export const kubectlError: PayloadDecoder = {
	name: 'kubectl-error',
	firsts: 'EeUTt',
	decode(content, _context, out) {
		let reason: string | undefined;
		if (content.startsWith('Error from server (')) {
			const close = content.indexOf('): ', 19);
			if (close < 0 || close > 80) {
				return false;
			}

			reason = content.slice(19, close);
		} else if (!fixedPrefixes.some((prefix) => content.startsWith(prefix)) && !/^The \S+ "[^"]*" is invalid: /.test(content)) {
			return false;
		}

		resetPayloadFields(out, 'kubectl-error', content);
		out.severity = 'error';
		out.component = 'kubectl';
		out.continuable = true;
		if (reason !== undefined) {
			out.fields = {reason};
		}

		return true;
	},
};
