import {defaultProbeTarget} from '../../host/default-probe-target.js';
import {parseHostPort} from '../../host/host-port.js';
import {probeLoopbackCertificate} from '../../host/probe-loopback-certificate.js';
import {readApiserverProcess} from '../../host/read-apiserver-process.js';
import {formatProbeJson, formatProbeText, probeVerdict} from '../../render/format-probe.js';
import {writeError} from '../error-output.js';

/** Options of `kubesleuth probe`. */
export type ProbeCommandOptions = {
	/** `host:port`, `[v6]:port` or a bare host (port 6443); default: this node's apiserver. */
	readonly target?: string | undefined;
	readonly format: 'text' | 'json';
	readonly timeoutMs: number;
	/** Where to look for the apiserver process when no target is given. */
	readonly procRoot: string;
};

/** Streams a command writes to, and its clock. */
export type CommandIo = {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
	/** ms since epoch; default Date.now. */
	readonly now?: () => number;
};

/**
 * Reads the certificate the apiserver serves for SNI `apiserver-loopback-client`. Exit code: 0 fine,
 * 1 when the loopback certificate has expired or expires within 30 days, 2 when nothing could be read.
 */
export async function runProbeCommand(options: ProbeCommandOptions, io: CommandIo): Promise<number> {
	const target = options.target === undefined
		? defaultProbeTarget(await readApiserverProcess(options.procRoot))
		: parseHostPort(options.target, 6443);
	if (target === undefined) {
		writeError(io.stderr, `probe: invalid target '${options.target ?? ''}': expected host:port, [IPv6]:port or a host name.`);
		return 2;
	}

	const outcome = await probeLoopbackCertificate(target.host, target.port, {timeoutMs: options.timeoutMs});
	const now = (io.now ?? Date.now)();
	if (options.format === 'json') {
		io.stdout.write(formatProbeJson(outcome, now));
	}

	switch (outcome.type) {
		case 'certificate': {
			if (options.format === 'text') {
				io.stdout.write(formatProbeText(outcome, now));
			}

			const status = probeVerdict(outcome.certificate, now).status;
			return status === 'expired' || status === 'expiring' ? 1 : 0;
		}

		case 'timeout':
		case 'connection-error': {
			writeError(io.stderr, `probe: ${outcome.message.charAt(0).toLowerCase()}${outcome.message.slice(1)}`);
			return 2;
		}

		default: {
			return outcome satisfies never;
		}
	}
}
