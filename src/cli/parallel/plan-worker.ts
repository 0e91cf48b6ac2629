// A worker thread that plans byte ranges of one file (see plan-range.ts): the pre-filter and the skimmer run
// here, on a core of their own, and only the lines to parse travel back to the session.
import {open, type FileHandle} from 'node:fs/promises';
import {parentPort, workerData} from 'node:worker_threads';
import {createRangePlanner, type RangeJob} from './plan-range.js';

export type WorkerSetup = {readonly path: string; readonly literals: readonly string[]; readonly maxLineLength: number; readonly maxLineBytes: number};
export type WorkerReply = {readonly id: number; readonly plan?: import('../../pipeline/chunk-plan.js').ChunkPlan; readonly error?: string};

const setup = workerData as WorkerSetup;
const planner = createRangePlanner(setup.literals, setup.maxLineLength, setup.maxLineBytes);
const port = parentPort!;
let handle: Promise<FileHandle> | undefined;
// Jobs run one after another: the planner's buffer is reused.
let queue: Promise<void> = Promise.resolve();
port.on('message', (job: RangeJob | 'close') => {
	queue = queue.then(async () => {
		if (job === 'close') {
			await (await handle)?.close();
			handle = undefined;
			port.close();
			return;
		}

		try {
			handle ??= open(setup.path, 'r');
			const plan = await planner.plan(await handle, job);
			port.postMessage({id: job.id, plan} satisfies WorkerReply, [plan.ops.buffer, plan.literals.buffer, plan.text.buffer] as ArrayBuffer[]);
		} catch (error) {
			port.postMessage({id: job.id, error: (error as Error).message} satisfies WorkerReply);
		}
	});
});
