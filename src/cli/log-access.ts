import {stat} from 'node:fs/promises';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {toEvidenceLine, type EvidenceLine} from '../detect/evidence-line.js';
import {createLineParser} from '../parse/line-parser.js';
import type {LogRecord} from '../parse/record.js';
import {redactLogText} from '../render/redact-report.js';
import type {ContextData, LogAccess, SearchData} from '../render/ui/log-lines.js';
import {fileBytes, readHead, sniff} from '../source/open-byte-stream.js';
import {chunkText, readLineChunks} from '../source/read-line-chunks.js';

/** A source the view drew, as the session reported it. */
export type ReadableSource = {readonly name: string; readonly kind: 'stdin' | 'file' | 'journald'};

export type LogAccessOptions = {
	/** The sources read so far (files can be read again; stdin and journald cannot). */
	readonly sources: () => readonly ReadableSource[];
	readonly redact: boolean;
	readonly maxLineBytes: number;
	readonly timeZone: 'local' | 'utc';
	readonly now: number;
};

function unreadable(source: ReadableSource | undefined, name: string): string | undefined {
	if (source === undefined) return `${name} is not one of the sources read`;
	switch (source.kind) {
		case 'stdin':
			return 'stdin was piped in and cannot be read a second time; save the logs to a file to see lines in their context';
		case 'journald':
			return `journald output cannot be read a second time here; run: ${name} | grep`;
		case 'file':
			return undefined;
		default:
			return source.kind satisfies never;
	}
}

/** Every physical line of a file with its number, numbered as the diagnosis numbered them. */
async function* fileLines(path: string, maxLineBytes: number, signal?: AbortSignal): AsyncGenerator<{readonly text: string; readonly line: number}[]> {
	const {gzip} = sniff(await readHead(path));
	let lineNumber = 0;
	for await (const chunk of readLineChunks(fileBytes(path, gzip), {maxLineBytes})) {
		if (signal?.aborted === true) return;
		const out: {text: string; line: number}[] = [];
		const text = chunkText(chunk);
		let pos = 0;
		while (pos < text.length) {
			let end = text.indexOf('\n', pos);
			if (end === -1) end = text.length;
			lineNumber++;
			out.push({text: text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end), line: lineNumber});
			pos = end + 1;
		}

		yield out;
	}
}

/** The lines parsed as the diagnosis would: each physical line with the record that starts on it (its message, time, severity). */
function parsed(source: string, mtime: number, lines: readonly {readonly text: string; readonly line: number}[], options: LogAccessOptions): EvidenceLine[] {
	const records = new Map<number, LogRecord>();
	const parser = createLineParser({source, year: {kind: 'mtime', ms: mtime}, timeZone: options.timeZone}, {record: (r) => records.set(r.line, r), unparsed: () => undefined});
	for (const each of lines) parser.push(each.text, each.line);
	parser.end();
	const clean = (text: string): string => (options.redact ? redactLogText(text) : text);
	return lines.map((each) => {
		const record = records.get(each.line);
		const base: EvidenceLine = record === undefined ? {source, line: each.line, time: undefined, text: each.text, message: each.text, host: undefined, pod: undefined} : toEvidenceLine(record);
		return {...base, text: clean(base.text), message: clean(base.message ?? base.text)};
	});
}

/** Reads lines back from the files the live view drew: a line's neighbours, and a search of every line. */
export function createLogAccess(options: LogAccessOptions): LogAccess {
	const find = (name: string): ReadableSource | undefined => options.sources().find((s) => s.name === name);
	return {
		async around(name, line, radius): Promise<ContextData> {
			const reason = unreadable(find(name), name);
			if (reason !== undefined) return {status: 'unavailable', reason};
			const kept: {text: string; line: number}[] = [];
			try {
				for await (const batch of fileLines(name, options.maxLineBytes)) {
					for (const each of batch) if (each.line >= line - radius && each.line <= line + radius) kept.push(each);
					if ((batch.at(-1)?.line ?? 0) > line + radius) break;
					await nextTurn();
				}
			} catch (error) {
				return {status: 'unavailable', reason: `${name} could not be read again: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`};
			}

			if (!kept.some((each) => each.line === line)) return {status: 'unavailable', reason: `${name} has no line ${line} any more (rotated or truncated since it was read)`};
			const mtime = await stat(name).then((s) => s.mtimeMs, () => options.now);
			return {status: 'done', lines: parsed(name, mtime, kept, options)};
		},

		async search(pattern, {limit, signal, onProgress}): Promise<SearchData> {
			const sources = options.sources();
			const skipped = sources.flatMap((s) => {
				const reason = unreadable(s, s.name);
				return reason === undefined ? [] : [`${s.name === '-' ? 'stdin' : s.name}: ${reason}`];
			});
			const matches: EvidenceLine[] = [];
			let total = 0;
			let linesRead = 0;
			const snapshot = (status: SearchData['status']): SearchData => ({status, matches: [...matches], total, linesRead, skipped});
			for (const source of sources) {
				if (source.kind !== 'file') continue;
				try {
					const mtime = await stat(source.name).then((s) => s.mtimeMs, () => options.now);
					for await (const batch of fileLines(source.name, options.maxLineBytes, signal)) {
						const found: {text: string; line: number}[] = [];
						for (const each of batch) {
							linesRead++;
							// The redacted line is searched, as it is shown: a secret cannot be found by searching for it.
							const text = options.redact ? redactLogText(each.text) : each.text;
							pattern.lastIndex = 0;
							if (!pattern.test(text)) continue;
							total++;
							if (matches.length + found.length < limit) found.push(each);
						}

						// Each match on its own: lines far apart must not be joined as a record and its continuation.
						for (const each of found) matches.push(...parsed(source.name, mtime, [each], options));
						onProgress(snapshot('searching'));
						// Let the view draw and read keys between pieces.
						await nextTurn();
						if (signal.aborted) return snapshot('done');
					}
				} catch (error) {
					skipped.push(`${source.name}: could not be read again (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
				}
			}

			return snapshot('done');
		},
	};
}
