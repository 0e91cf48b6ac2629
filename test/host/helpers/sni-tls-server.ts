import net from 'node:net';
import tls from 'node:tls';
import type {MadeCertificate} from './openssl-certificates.js';

/** A running local TLS server. */
export type RunningServer = {readonly port: number; readonly close: () => Promise<void>};

/** Starts a TLS server on host (port 0) serving byName[SNI] when the client's SNI matches, fallback otherwise. */
export async function startSniServer(
	byName: Readonly<Record<string, MadeCertificate>>,
	fallback: MadeCertificate,
	host = '127.0.0.1',
): Promise<RunningServer> {
	const contexts = new Map(Object.entries(byName).map(([name, made]) => [name, tls.createSecureContext(served(made))]));
	const server = tls.createServer({
		...served(fallback),
		SNICallback(serverName, callback) {
			callback(null, contexts.get(serverName) ?? tls.createSecureContext(served(fallback)));
		},
	});
	server.on('tlsClientError', () => undefined);
	return listen(server, host);
}

/** Starts a TCP server that accepts connections and never answers. */
export async function startSilentServer(): Promise<RunningServer> {
	return listen(net.createServer(() => undefined), '127.0.0.1');
}

/** A port on 127.0.0.1 that nothing listens on (it was just closed). */
export async function freePort(): Promise<number> {
	const server = await listen(net.createServer(), '127.0.0.1');
	await server.close();
	return server.port;
}

// Like kube-apiserver's loopback certificate: the leaf followed by its CA.
function served(made: MadeCertificate): {cert: string; key: string} {
	return {cert: made.cert + (made.caCert ?? ''), key: made.key};
}

async function listen(server: net.Server, host: string): Promise<RunningServer> {
	const sockets = new Set<net.Socket>();
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, host, resolve));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	return {
		port,
		close: async () => new Promise(resolve => {
			for (const socket of sockets) {
				socket.destroy();
			}

			server.close(() => resolve());
		}),
	};
}
