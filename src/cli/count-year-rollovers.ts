import {open} from 'node:fs/promises';
import {createLineParser} from '../parse/line-parser.js';

const window = 4096;
const wholeFileBytes = 1 << 20;

/**
 * How many December-to-January turns a year-less log file spans, from the first line of evenly spaced
 * 4 KiB windows (at most 256 of them): a year-long journal read as if it were one year would date its
 * start-up lines a year late. Files up to 1 MiB are read whole. Undefined when the file's lines carry their own year.
 */
export async function countYearRollovers(path: string, size: number, lastLine: string | undefined): Promise<number | undefined> {
	const windows = Math.min(256, Math.max(1, Math.floor(size / window)));
	let first: number | undefined;
	let last: number | undefined;
	const parser = createLineParser(
		{source: path, year: {kind: 'flag', year: 2000}, timeZone: 'utc'},
		{
			record: (record) => {
				if (record.yearFrom !== 'flag' || record.time === undefined) return;
				first ??= record.time;
				last = record.time;
			},
			unparsed: () => {},
		},
	);
	const handle = await open(path, 'r');
	try {
		// A small file is read whole: a handful of sampled lines can all fall on one side of a turn of the year.
		if (size <= wholeFileBytes) {
			const buffer = Buffer.alloc(size);
			const {bytesRead} = await handle.read(buffer, 0, size, 0);
			for (const [index, line] of buffer.toString('utf8', 0, bytesRead).split('\n').entries()) parser.push(line, index + 1);
			parser.end();
			return first === undefined || last === undefined ? undefined : new Date(last).getUTCFullYear() - new Date(first).getUTCFullYear();
		}

		// The windows are read at once, each into its own part of one buffer: one after another, each read
		// would wait its turn on the thread pool, some 30 ms for a file in the page cache.
		const buffer = Buffer.alloc(window * windows);
		const offsets = Array.from({length: windows}, (_, i) => Math.floor((i * size) / windows));
		const reads = await Promise.all(offsets.map((offset, i) => handle.read(buffer, i * window, window, offset)));
		for (const [i, {bytesRead}] of reads.entries()) {
			const offset = offsets[i]!;
			const text = buffer.toString('utf8', i * window, i * window + bytesRead);
			const start = offset === 0 ? 0 : text.indexOf('\n') + 1;
			const end = text.indexOf('\n', start);
			if (start > 0 || offset === 0) parser.push(text.slice(start, end === -1 ? undefined : end), i + 1);
		}
	} finally {
		await handle.close();
	}

	if (lastLine !== undefined) parser.push(lastLine, windows + 1);
	parser.end();
	if (first === undefined || last === undefined) return undefined;
	return new Date(last).getUTCFullYear() - new Date(first).getUTCFullYear();
}
