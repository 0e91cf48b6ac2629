import {escapeControl} from '../render/sanitize-text.js';

const prefix = 'kubesleuth: ';

/**
 * A message for stderr: `kubesleuth: ` once at the start, and every control character shown as a visible escape
 * as the reports do (a file name or a log value can hold ESC, and stderr is a terminal too). Line breaks between
 * the message's own lines are kept.
 */
export function errorText(message: string): string {
	const body = message.startsWith(prefix) ? message.slice(prefix.length) : message;
	const lines = body.replace(/\n+$/, '').split('\n').map(escapeControl);
	return `${prefix}${lines.join('\n')}\n`;
}

/** Writes one message to stderr through errorText. */
export function writeError(stderr: {write(text: string): unknown}, message: string): void {
	stderr.write(errorText(message));
}
