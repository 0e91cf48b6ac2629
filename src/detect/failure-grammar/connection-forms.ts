import {parseHostPort} from './host-port.js';
import {row, sticky, type LeafForm, type LeafRow} from './leaf-form.js';

/**
 * Connection-level ends (error-grammar.md §5 and the timeouts of §4.1 and §7). Several Go texts always
 * follow `: ` (`dial tcp …: i/o timeout`, `write: broken pipe`, `lookup …: no such host`): the literal
 * keeps the separator so it is long enough for the prefilter, and `lead` skips it.
 */

const simple = (literal: string, kind: LeafForm['kind'], inHandshake?: LeafForm['inHandshake'], lead = 0): LeafRow =>
	row(literal, {pattern: sticky(literal), kind, certificate: 'none', ...(inHandshake === undefined ? {} : {inHandshake})}, lead);

export const connectionRows: readonly LeafRow[] = [
	simple('connection refused', 'connection-refused'),
	// kubectl: `The connection to the server <host:port> was refused - did you specify the right host or port?`
	row('The connection to the server ', {
		pattern: sticky('The connection to the server ', String.raw`(\S{1,300}) was refused`),
		kind: 'connection-refused',
		certificate: 'none',
		side: 'client',
		read: (match) => {
			const server = parseHostPort(match[1]!, false);
			return server === undefined ? {layer: 'kubectl'} : {layer: 'kubectl', server};
		},
	}),
	simple(': i/o timeout', 'connection-timeout', 'timeout', 2),
	simple(': connection timed out', 'connection-timeout', 'timeout', 2),
	simple('context deadline exceeded', 'connection-timeout', 'timeout'),
	// gRPC status code; its desc usually holds the cause, which the same chain then reports.
	simple('code = DeadlineExceeded', 'connection-timeout', 'timeout'),
	row('Client.Timeout exceeded', {pattern: sticky('Client.Timeout exceeded', '(?: while awaiting headers)?'), kind: 'connection-timeout', certificate: 'none', side: 'client'}),
	row('timeout awaiting response headers', {pattern: sticky('timeout awaiting response headers'), kind: 'connection-timeout', certificate: 'none', side: 'client'}),
	// kube-aggregator's 6-second guard: `timed out waiting for <URL>` (not `… for the condition`).
	row('timed out waiting for ', {pattern: sticky('timed out waiting for ', '(?=https?://)'), kind: 'connection-timeout', certificate: 'none', side: 'client'}),
	simple('no route to host', 'no-route'),
	simple('network is unreachable', 'no-route'),
	simple('connection reset by peer', 'connection-reset', 'abort'),
	simple(': broken pipe', 'connection-reset', 'abort', 2),
	simple('use of closed network connection', 'connection-reset', 'abort'),
	simple('client connection lost', 'connection-reset'),
	simple(': no such host', 'dns-failure', undefined, 2),
	simple('server misbehaving', 'dns-failure'),
];

/**
 * `EOF` is too short for the prefilter, so it is looked for only in messages that hold another literal,
 * and kept only inside a wrapper that names a connection (see `eofLayers`).
 */
export const eofForm: LeafForm = {pattern: /(?:unexpected )?EOF(?![\w])/y, kind: 'connection-reset', certificate: 'none', inHandshake: 'abort'};
