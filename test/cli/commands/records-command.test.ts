import {mkdtemp, utimes, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runRecordsCommand} from '../../../src/cli/commands/records-command.js';
import {captureIo} from './command-io.js';

const capturedAt = Date.UTC(2026, 4, 10, 10, 0, 0);

const run = async (lines: readonly string[]): Promise<{records: Array<Record<string, unknown>>; stderr: string; file: string}> => {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'kubesleuth-records-'));
	const file = path.join(directory, 'capture.log');
	await writeFile(file, lines.join('\n') + '\n');
	await utimes(file, capturedAt / 1000, capturedAt / 1000);
	const io = captureIo();
	const code = await runRecordsCommand([file], {year: undefined, utc: true, now: capturedAt + 86_400_000, redact: false}, {...io, stdin: (async function * () {})(), stdinIsTty: true});
	expect(code).toBe(0);
	const {stdout, stderr} = io.written();
	return {records: stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>), stderr, file};
};

describe('kubesleuth records', () => {
	it('shows time, severity, message and component for each format', async () => {
		const {records} = await run([
			'2026-05-10 09:00:00.000001 W | etcdserver: capnslog line',
			'{"level":"error","ts":"2026-05-10T09:00:01.000Z","logger":"etcd-client","caller":"a/b.go:1","msg":"zap line","error":"boom"}',
			'time="2026-05-10T09:00:02Z" level=warning msg="logrus line"',
			'2026/05/10 09:00:03 [ERROR] golog line',
			'Error from server (InternalError): kubectl line',
		]);
		expect(records.map((record) => [record['time'], record['severity'], record['payload'], record['component'], record['message']])).toEqual([
			['2026-05-10T09:00:00.000Z', 'warning', 'etcd-capnslog', 'etcdserver', 'capnslog line'],
			['2026-05-10T09:00:01.000Z', 'error', 'zap-json', 'etcd-client', 'zap line'],
			['2026-05-10T09:00:02.000Z', 'warning', 'logrus-text', undefined, 'logrus line'],
			['2026-05-10T09:00:03.000Z', 'error', 'golog', undefined, '[ERROR] golog line'],
			// No time of its own: merged after the timed records of its stream.
			[null, 'error', 'kubectl-error', 'kubectl', 'Error from server (InternalError): kubectl line'],
		]);
	});

	it('says when times are event ages counted back from the file\'s mtime, and when a time was out of range', async () => {
		const {records, stderr, file} = await run([
			'LAST SEEN   TYPE      REASON    OBJECT    MESSAGE',
			'75s         Warning   BackOff   pod/a     back-off',
			'{"ts":1e300,"msg":"bad"}',
		]);
		expect(records.find((record) => record['message'] === 'back-off')).toMatchObject({time: '2026-05-10T09:58:45.000Z', timeFrom: 'event-age', severity: 'warning'});
		expect(records.find((record) => record['message'] === '{"ts":1e300,"msg":"bad"}')).toMatchObject({time: null});
		expect(stderr).toContain(`${file}: 1 record times are kubectl event ages counted back from 2026-05-10T10:00:00.000Z (timeFrom: event-age)`);
		expect(stderr).toContain(`${file}: 1 times out of range (before 1970 or after 9999) were left out; those records have no time`);
	});
});
