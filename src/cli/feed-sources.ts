import path from 'node:path';
import type {DiagnosisSession, PlanSource, SourceDescriptor} from '../pipeline/diagnosis-session.js';
import {planInWorkers, workersFor} from './parallel/plan-in-workers.js';
import {expandInputs} from '../source/expand-inputs.js';
import {followFile} from '../source/follow-file.js';
import {fileBytes, maybeGunzip, readHead, readLastLine, sniff, unreadableReason} from '../source/open-byte-stream.js';
import {countYearRollovers} from './count-year-rollovers.js';
import {withQuietMarks} from '../source/quiet-chunks.js';
import {readLineChunks} from '../source/read-line-chunks.js';
import {stopOnAbort} from '../source/stop-on-abort.js';

/** Where to read from: stdin, files and directories, or journald. */
export type Input = {readonly type: 'stdin'} | {readonly type: 'paths'; readonly paths: readonly string[]; readonly local: boolean} | {readonly type: 'journald'; readonly unit: string; readonly chunks: AsyncIterable<string>};

export type FeedOptions = {
	readonly maxLineBytes: number;
	readonly signal?: AbortSignal;
	readonly stdin: AsyncIterable<Uint8Array>;
	/** Files are followed as they grow (and across rotation) until `signal` fires; stdin and journald are read alongside. */
	readonly follow?: boolean;
	/** Called once every file has been read to its current end (in follow mode, before following goes on). */
	readonly onCaughtUp?: () => void;
	/** The environment: `KUBESLEUTH_WORKERS=N` (2 or more) has N worker threads walk each large plain file. */
	readonly env?: Readonly<Record<string, string | undefined>>;
	/** Bytes per read of a plain file (default `plainReadSize`); tests read in small pieces to move chunk edges. */
	readonly readSize?: number;
	/** Told about each support bundle recognised, e.g. `./sosreport-cp-1-… (sosreport, node cp-1)`. */
	readonly onBundle?: (description: string) => void;
	/**
	 * For streams and followed files: when one gives nothing new for this long after some lines, the session
	 * finishes the record it holds back for continuation lines, so the last line read counts at once instead of
	 * when the next one comes (see withQuietMarks). The live view sets it; a report printed at the end needs it not.
	 */
	readonly quietMs?: number;
	/** Told each time the session has taken in a piece of a source; `quiet` when that source then went quiet. */
	readonly onRead?: (quiet: boolean) => void;
};

function errorText(error: unknown): string {
	const e = error as NodeJS.ErrnoException;
	switch (e.code) {
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'ENOENT':
			return 'no such file';
		case 'EISDIR':
			return 'is a directory';
		case 'Z_DATA_ERROR':
		case 'Z_BUF_ERROR':
			return `corrupt gzip data (${e.message}); lines before the damage were read`;
		default:
			return e.message ?? String(error);
	}
}

async function* encode(chunks: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
	for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
}

/** Reads every input into the session, one source after another; a failing source becomes a warning. */
export async function feedSources(session: DiagnosisSession, inputs: readonly Input[], options: FeedOptions): Promise<void> {
	const lineOptions = (name: string) => ({maxLineBytes: options.maxLineBytes, onInvalidUtf8: () => session.warn(name, 'holds bytes that are not valid UTF-8; they are shown as U+FFFD')});
	const scanSafely = async (descriptor: SourceDescriptor, bytes: AsyncIterable<Uint8Array>, streaming = false): Promise<void> => {
		const chunks = withQuietMarks(readLineChunks(bytes, lineOptions(descriptor.name)), {quietMs: streaming ? options.quietMs : undefined, onTaken: options.onRead});
		try {
			await session.scan(descriptor, chunks, options.signal);
		} catch (error) {
			session.warn(descriptor.name, `reading stopped: ${errorText(error)}`);
		}
	};

	const planSafely = async (descriptor: SourceDescriptor, plans: PlanSource): Promise<void> => {
		let invalid = false;
		const checked: PlanSource = (request) => ({
			async *[Symbol.asyncIterator]() {
				for await (const plan of plans(request)) {
					if (plan.invalidUtf8 && !invalid) {
						invalid = true;
						lineOptions(descriptor.name).onInvalidUtf8();
					}

					yield plan;
				}
			},
		});
		try {
			await session.scanPlanned(descriptor, checked, options.signal);
		} catch (error) {
			session.warn(descriptor.name, `reading stopped: ${errorText(error)}`);
		}
	};

	// In follow mode nothing ends by itself: streams run alongside, files are read one after the other to their end and then followed.
	const follow = options.follow === true && options.signal !== undefined;
	const running: Promise<void>[] = [];
	const read = async (scanning: Promise<void>): Promise<void> => {
		if (follow) running.push(scanning);
		else await scanning;
	};

	for (const input of inputs) {
		if (options.signal?.aborted) break;
		if (input.type === 'stdin') {
			await read(scanSafely({name: '-', kind: 'stdin', local: false}, maybeGunzip(stopOnAbort(options.stdin, options.signal), (message) => session.warn('-', message)), true));
			continue;
		}

		if (input.type === 'journald') {
			await read(scanSafely({name: `journalctl -u ${input.unit}`, kind: 'journald', local: true}, encode(stopOnAbort(input.chunks, options.signal)), true));
			continue;
		}

		const {files, warnings, skipped, archives, bundles} = await expandInputs(input.paths, {foundOnNode: input.local});
		for (const warning of warnings) session.warn(undefined, warning);
		for (const file of skipped) session.warn(undefined, `skipped ${file}`);
		for (const bundle of bundles) options.onBundle?.(bundle);
		for (const file of files) {
			if (options.signal?.aborted) break;
			const warnFile = (message: string): void => session.warn(file.path, message);
			const local = input.local || (path.isAbsolute(file.path) && file.path.startsWith('/var/log/'));
			if (file.stream === true) {
				// A FIFO (`<(…)`, /dev/stdin) cannot be read at a position or twice: read once, as stdin is.
				const descriptor: SourceDescriptor = {name: file.path, kind: 'file', host: file.host, pod: file.pod, container: file.container, local};
				await read(scanSafely(descriptor, stopOnAbort(fileBytes(file.path, false, {warn: warnFile}), options.signal), true));
				continue;
			}

			let head: Uint8Array;
			try {
				head = await readHead(file.path);
			} catch (error) {
				session.warn(undefined, `${file.path}: cannot read (${errorText(error)})`);
				continue;
			}

			const {gzip, kind} = sniff(head);
			const reason = unreadableReason(kind);
			if (reason !== undefined) {
				session.warn(undefined, `${file.path}: ${reason}; skipped`);
				continue;
			}

			// The last line and year turns are read from the file's bytes as UTF-8: not for gzip or UTF-16.
			const plain = kind === 'text';
			const lastLine = plain ? await readLastLine(file.path, file.size).catch(() => undefined) : undefined;
			const rollovers = plain ? await countYearRollovers(file.path, file.size, lastLine).catch(() => undefined) : undefined;
			const descriptor: SourceDescriptor = {name: file.path, kind: 'file', size: gzip ? undefined : file.size, mtime: file.mtime, lastLine, rollovers, host: file.host, pod: file.pod, container: file.container, local};
			const workers = plain && !follow ? workersFor(file.size, options.env ?? {}) : 0;
			if (workers > 1) {
				// A large plain file: worker threads search and skim its byte ranges, the session parses what they hand on.
				await planSafely(descriptor, planInWorkers(file.path, file.size, workers, options.maxLineBytes));
				continue;
			}

			if (!follow || !plain || options.signal === undefined) {
				await scanSafely(descriptor, fileBytes(file.path, gzip, {warn: warnFile, expectedSize: file.size, plain, readSize: options.readSize}));
				continue;
			}

			let caughtUp = (): void => {};
			const reachedEnd = new Promise<void>((resolve) => {
				caughtUp = resolve;
			});
			const scanning = scanSafely(descriptor, followFile(file.path, {signal: options.signal, onCaughtUp: caughtUp}), true);
			running.push(scanning);
			await Promise.race([reachedEnd, scanning]);
		}

		for (const archive of archives) {
			if (options.signal?.aborted) break;
			await feedArchive(session, archive, options, scanSafely);
		}
	}

	options.onCaughtUp?.();
	await Promise.all(running);
}

/** Reads the logs inside a tar archive (a support bundle) one entry after another; it is never followed. */
async function feedArchive(session: DiagnosisSession, archive: string, options: FeedOptions, scan: (descriptor: SourceDescriptor, bytes: AsyncIterable<Uint8Array>) => Promise<void>): Promise<void> {
	try {
		// Loaded only for an archive: tar is start-up time every other run can do without.
		const {readArchiveLogs} = await import('../source/bundles/read-archive.js');
		for await (const log of readArchiveLogs(archive, {warn: (message) => session.warn(undefined, message), bundle: (description) => options.onBundle?.(description)})) {
			if (options.signal?.aborted) break;
			const descriptor: SourceDescriptor = {name: log.name, kind: 'file', size: /\.gz$/i.test(log.name) ? undefined : log.size, mtime: log.mtime, host: log.host, pod: log.pod, container: log.container, local: false};
			await scan(descriptor, maybeGunzip(stopOnAbort(log.bytes, options.signal), (message) => session.warn(log.name, message)));
		}
	} catch (error) {
		session.warn(undefined, `${archive}: reading stopped: ${errorText(error)}`);
	}
}
