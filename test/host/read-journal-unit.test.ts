import {chmod, mkdtemp, readFile, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readJournalUnit} from '../../src/host/read-journal-unit.js';

// A stand-in journalctl: prints its arguments, then lines, and with -f keeps running until killed.
async function fakeJournalctl(): Promise<{command: string; pidFile: string}> {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-journal-'));
	const command = path.join(directory, 'journalctl');
	const pidFile = path.join(directory, 'pid');
	await writeFile(command, [
		'#!/bin/sh',
		`echo $$ > ${pidFile}`,
		'echo "args: $*"',
		'echo "2024-11-13T21:13:20.123456+0000 master-1 kube-apiserver[812]: I1113 21:13:20.123456 812 log.go:245] http: TLS handshake error"',
		'case " $* " in *" -f "*) exec sleep 60;; esac',
		'case " $* " in *" fail "*) echo "No journal files were found." >&2; exit 1;; esac',
		'',
	].join('\n'));
	await chmod(command, 0o755);
	return {command, pidFile};
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
	let text = '';
	for await (const chunk of chunks) {
		text += chunk;
	}

	return text;
}

describe('readJournalUnit', () => {
	it('runs journalctl for the unit in short-iso-precise form and yields its output', async () => {
		const {command} = await fakeJournalctl();
		const text = await collect(readJournalUnit('kube-apiserver', {follow: false, since: '-2h', command}));
		expect(text.split('\n')[0]).toBe('args: -u kube-apiserver -o short-iso-precise --no-pager --since -2h');
		expect(text).toContain('kube-apiserver[812]: I1113 21:13:20.123456');
	});

	it('follows with -f and stops journalctl when the reader stops', async () => {
		const {command, pidFile} = await fakeJournalctl();
		let text = '';
		for await (const chunk of readJournalUnit('kube-apiserver', {follow: true, command})) {
			text += chunk;
			if (text.includes('TLS handshake error')) {
				break;
			}
		}

		expect(text.split('\n')[0]).toBe('args: -u kube-apiserver -o short-iso-precise --no-pager -f');
		const pid = Number(await readFile(pidFile, 'utf8'));
		// The shell exec'd sleep under the same pid; it must be gone (signal 0 only checks existence).
		let alive = true;
		for (let attempt = 0; alive && attempt < 50; attempt++) {
			await new Promise(resolve => setTimeout(resolve, 100));
			try {
				process.kill(pid, 0);
			} catch {
				alive = false;
			}
		}

		expect(alive).toBe(false);
	});

	it('ends quietly, stopping journalctl -f, when the signal fires while it waits for the next entry', async () => {
		const {command} = await fakeJournalctl();
		const controller = new AbortController();
		let text = '';
		for await (const chunk of readJournalUnit('kube-apiserver', {follow: true, command, signal: controller.signal})) {
			text += chunk;
			// The stand-in now sleeps, as journalctl -f does between entries: only the signal can end the read.
			if (text.includes('TLS handshake error')) controller.abort();
		}

		expect(text).toContain('TLS handshake error');
	});

	it('throws one sentence with journalctl\'s last error line when it fails', async () => {
		const {command} = await fakeJournalctl();
		await expect(collect(readJournalUnit('fail', {follow: false, command}))).rejects.toThrow(`${command} -u fail exited with code 1: No journal files were found.`);
	});

	it('throws when journalctl cannot be run', async () => {
		await expect(collect(readJournalUnit('kube-apiserver', {follow: false, command: '/nonexistent/journalctl'}))).rejects.toThrow(/^Could not run \/nonexistent\/journalctl: .*ENOENT/);
	});
});
