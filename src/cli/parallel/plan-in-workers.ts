import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {cliDirectory} from '../cli-directory.js';
import {createLineParser} from '../../parse/line-parser.js';
import type {DetectedFormat} from '../../parse/record.js';
import type {ChunkPlan} from '../../pipeline/chunk-plan.js';
import {readHead} from '../../source/open-byte-stream.js';
import type {PlanSource} from '../../pipeline/diagnosis-session.js';
import type {RangeJob} from './plan-range.js';
import type {WorkerReply, WorkerSetup} from './plan-worker.js';

/** Files at least this big are planned by worker threads; below it, starting them costs more than they save. */
export const parallelMinBytes = 16 << 20;
/** Bytes of a file one job plans. */
export const rangeBytes = 4 << 20;
/** Jobs handed to each worker ahead of the one it is on, so it never waits for the session. */
const aheadPerWorker = 2;

const workerFile = fileURLToPath(new URL('parallel/plan-worker.js', cliDirectory));

/**
 * How many worker threads plan a plain file of `size` bytes: `KUBESLEUTH_WORKERS` when it asks for 2 or more,
 * else none (the session walks the file itself), and none for small files or where the worker's code is not a
 * file of its own (the single executable, tests run from the TypeScript sources). One thread is the default
 * because it is about as fast: since the pre-filter skips several bytes a step, one thread reads 1 GiB of klog
 * about as fast as grep, and two workers gained at most a tenth there and nothing on smaller files (each warms
 * its own JIT, and the session still parses on one) while holding about 50 MB more (`npm run bench` measures both).
 */
export function workersFor(size: number, env: Readonly<Record<string, string | undefined>>): number {
	const asked = env['KUBESLEUTH_WORKERS'];
	const count = asked !== undefined && /^\d{1,2}$/.test(asked) ? Number(asked) : 1;
	if (count < 2 || size < parallelMinBytes || !existsSync(workerFile)) return 0;
	return count;
}

/** The format the parser reads in the first 64 KiB of a file, for the first ranges' skimming. */
async function formatOfHead(path: string): Promise<DetectedFormat | undefined> {
	try {
		const head = Buffer.from(await readHead(path, 1 << 16)).toString('utf8');
		const parser = createLineParser({source: path, year: {kind: 'flag', year: 2000}, timeZone: 'utc'}, {record() {}, unparsed() {}});
		const lines = head.split('\n');
		// The last piece may be a cut line.
		lines.slice(0, -1).forEach((line, i) => parser.push(line, i + 1));
		parser.end();
		return parser.format();
	} catch {
		return undefined;
	}
}

/**
 * Plans a plain file in byte ranges on `count` worker threads, handing the plans on in file order. Ranges skim
 * with the format of the file's head until the session has parsed some of it, then with the session's. A
 * guess that turns out wrong costs only speed: the skimmer's tests are each line's own. Workers end when the
 * plans are read to the end or the reader stops early.
 */
export function planInWorkers(path: string, size: number, count: number, maxLineBytes: number): PlanSource {
	return (request) => ({
		async *[Symbol.asyncIterator]() {
			const setup: WorkerSetup = {path, literals: request.literals, maxLineLength: request.maxLineLength, maxLineBytes};
			// Loaded only here: Node's worker modules are a millisecond or two of every other start.
			const {Worker} = await import('node:worker_threads');
			const workers = Array.from({length: count}, () => new Worker(workerFile, {workerData: setup}));
			const done = new Map<number, ChunkPlan>();
			const waiting = new Map<number, {resolve: (plan: ChunkPlan) => void; reject: (error: Error) => void}>();
			let failure: Error | undefined;
			const settle = (id: number, plan: ChunkPlan | undefined, error: Error | undefined): void => {
				const waiter = waiting.get(id);
				if (error !== undefined) failure ??= error;
				if (waiter === undefined) {
					if (plan !== undefined) done.set(id, plan);
					return;
				}

				waiting.delete(id);
				if (plan !== undefined) waiter.resolve(plan);
				else waiter.reject(error ?? new Error('a worker stopped'));
			};

			for (const worker of workers) {
				worker.on('message', (reply: WorkerReply) => settle(reply.id, reply.plan, reply.error === undefined ? undefined : new Error(reply.error)));
				worker.on('error', (error) => {
					failure ??= error;
					for (const id of [...waiting.keys()]) settle(id, undefined, error);
				});
			}

			const jobs = Math.max(1, Math.ceil(size / rangeBytes));
			let sent = 0;
			let head: DetectedFormat | undefined;
			const send = (): void => {
				const id = sent++;
				const parsed = request.format();
				const format = !request.skim ? undefined : parsed.envelope === undefined ? head : parsed;
				const job: RangeJob = {id, start: id * rangeBytes, end: Math.min(size, (id + 1) * rangeBytes), format};
				workers[id % count]!.postMessage(job);
			};

			const next = (id: number): Promise<ChunkPlan> => {
				const plan = done.get(id);
				if (plan !== undefined) {
					done.delete(id);
					return Promise.resolve(plan);
				}

				if (failure !== undefined) return Promise.reject(failure);
				return new Promise((resolve, reject) => waiting.set(id, {resolve, reject}));
			};

			let finished = false;
			try {
				// The format of the file's head lets every range skim from the start; once the session has parsed
				// some of the file, its own reading of the format is used instead.
				head = request.skim ? await formatOfHead(path) : undefined;
				while (sent < jobs && sent < count * aheadPerWorker) send();
				for (let id = 0; id < jobs; id++) {
					const plan = await next(id);
					yield plan;
					while (sent < jobs && sent < id + 1 + count * aheadPerWorker) send();
				}

				finished = true;
			} finally {
				// Read to the end, a worker closes its file and exits; stopped early, it is stopped where it is.
				await Promise.all(workers.map(async (worker) => {
					if (!finished || failure !== undefined) {
						await worker.terminate();
						return;
					}

					const exited = new Promise((resolve) => worker.once('exit', resolve));
					worker.postMessage('close');
					await exited;
				}));
			}
		},
	});
}
