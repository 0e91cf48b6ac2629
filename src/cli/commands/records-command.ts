import {createLineParser, type ParserStats} from '../../parse/line-parser.js';
import {mergeByTime} from '../../parse/merge-by-time.js';
import type {LogRecord} from '../../parse/record.js';
import {redactJsonValue, redactSecrets} from '../../render/redact-secrets.js';
import {escapeJsonText} from '../../render/sanitize-text.js';
import {writeError} from '../error-output.js';
import {expandInputs} from '../../source/expand-inputs.js';
import {fileBytes, maybeGunzip, readHead, readLastLine, sniff} from '../../source/open-byte-stream.js';
import {chunkText, readLineChunks} from '../../source/read-line-chunks.js';

export type RecordsOptions = {readonly year: number | undefined; readonly utc: boolean; readonly now: number; readonly redact: boolean};

export type RecordsIo = {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
	readonly stdin: AsyncIterable<Uint8Array>;
	readonly stdinIsTty: boolean;
};

const maxLineBytes = 64 * 1024;

/** What the parse of one source needs the reader to say (stderr), after its records. */
const sourceNotes = (name: string, stats: ParserStats, referenceTime: number): string[] => {
	const notes: string[] = [];
	const {'event-age': ages, 'process-uptime': uptimes} = stats.derivedTimes;
	if (ages > 0) {
		notes.push(`${name}: ${ages} record times are kubectl event ages counted back from ${new Date(referenceTime).toISOString()} (timeFrom: event-age)`);
	}

	if (uptimes > 0) {
		notes.push(`${name}: ${uptimes} record times are seconds since the process started, placed by a neighbouring line's time (timeFrom: process-uptime)`);
	}

	if (stats.badTimes > 0) {
		notes.push(`${name}: ${stats.badTimes} times out of range (before 1970 or after 9999) were left out; those records have no time`);
	}

	return notes;
};

async function* recordsOf(name: string, bytes: AsyncIterable<Uint8Array>, options: RecordsOptions, hint: {mtime?: number; lastLine?: string | undefined; host?: string | undefined; pod?: string | undefined; container?: string | undefined}, note: (text: string) => void): AsyncGenerator<LogRecord> {
	const ready: LogRecord[] = [];
	const year = options.year !== undefined ? {kind: 'flag' as const, year: options.year} : hint.mtime !== undefined ? {kind: 'mtime' as const, ms: hint.mtime, lastLine: hint.lastLine} : {kind: 'now' as const, ms: options.now};
	// kubectl event ages count back from when the source was captured: the file's mtime, else now.
	const referenceTime = hint.mtime ?? options.now;
	const parser = createLineParser(
		{source: name, year, timeZone: options.utc ? 'utc' : 'local', referenceTime, host: hint.host, pod: hint.pod, container: hint.container},
		{record: (record) => ready.push(record), unparsed: () => {}},
	);
	let lineNumber = 0;
	for await (const chunk of readLineChunks(bytes, {maxLineBytes})) {
		const text = chunkText(chunk);
		for (const line of text.split('\n')) {
			// split leaves one empty piece after the chunk's final newline; it is not a line.
			if (line === '' && text.endsWith('\n') && lineNumber > 0) continue;
			parser.push(line.endsWith('\r') ? line.slice(0, -1) : line, ++lineNumber);
		}

		yield* ready.splice(0);
	}

	parser.end();
	yield* ready.splice(0);
	for (const text of sourceNotes(name, parser.stats(), referenceTime)) note(text);
}

/**
 * `kubesleuth records`: every parsed record of the inputs as one JSON object per line, in time order: time (ISO),
 * severity, message, envelope and payload, host, unit, pid, component, caller and the payload's fields; `timeFrom`
 * says when a time was derived rather than read. Notes about derived and out-of-range times go to stderr.
 */
export async function runRecordsCommand(paths: readonly string[], options: RecordsOptions, io: RecordsIo): Promise<number> {
	const streams: AsyncIterable<LogRecord>[] = [];
	const note = (text: string): void => {
		io.stderr.write(`kubesleuth: ${text}\n`);
	};

	if (paths.includes('-') || (paths.length === 0 && !io.stdinIsTty)) streams.push(recordsOf('-', maybeGunzip(io.stdin), options, {}, note));
	const files = paths.filter((p) => p !== '-');
	if (files.length > 0) {
		const {files: found, warnings} = await expandInputs(files);
		for (const warning of warnings) writeError(io.stderr, warning);
		for (const file of found) {
			const {gzip, binary} = sniff(await readHead(file.path).catch(() => new Uint8Array()));
			if (binary) {
				writeError(io.stderr, `${file.path}: looks like binary data, skipped`);
				continue;
			}

			const lastLine = gzip ? undefined : await readLastLine(file.path, file.size).catch(() => undefined);
			streams.push(recordsOf(file.path, fileBytes(file.path, gzip), options, {mtime: file.mtime, lastLine, host: file.host, pod: file.pod, container: file.container}, note));
		}
	}

	if (streams.length === 0) {
		writeError(io.stderr, 'no readable input: give log files or pipe logs in.');
		return 2;
	}

	const clean = (text: string): string => (options.redact ? redactSecrets(text).text : text);
	try {
		for await (const record of mergeByTime(streams)) {
			const {raw, message, ...rest} = record;
			void raw;
			// Kubernetes JSON lines carry their values in `fields` as well as in the message: both are redacted.
			const fields = 'fields' in rest && options.redact ? {fields: redactJsonValue(rest.fields).value} : {};
			// C1 controls and bidi controls are written as \u escapes, as in the JSON report.
			const line = escapeJsonText(JSON.stringify({...rest, ...fields, time: record.time === undefined ? null : new Date(record.time).toISOString(), message: clean(message)}));
			if (!io.stdout.write(line + '\n')) await new Promise((resolve) => io.stdout.once('drain', resolve));
		}
	} catch (error) {
		writeError(io.stderr, `reading stopped: ${(error as Error).message}`);
		return 2;
	}

	return 0;
}
