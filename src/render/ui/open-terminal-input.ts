import {closeSync, openSync} from 'node:fs';
import {ReadStream} from 'node:tty';

/**
 * The terminal to read keys from, even when stdin is the log pipe: /dev/tty opened as a tty stream.
 * Undefined when the process has no controlling terminal (cron, CI, ssh without -t).
 */
export function openTerminalInput(device = '/dev/tty'): ReadStream | undefined {
	let fd: number;
	try {
		fd = openSync(device, 'r');
	} catch {
		return undefined;
	}

	try {
		const stream = new ReadStream(fd);
		if (!stream.isTTY) {
			stream.destroy();
			return undefined;
		}

		return stream;
	} catch {
		try {
			closeSync(fd);
		} catch {
			// Already closed by the failed stream.
		}

		return undefined;
	}
}
