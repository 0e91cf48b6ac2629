import {defaultBlackboxJob, defaultBlackboxModule} from './blackbox-module.js';
import {isLabelMatcherList} from './promql.js';

/** What `kubesleuth export` can write. */
export type ExportTarget = 'prometheus' | 'blackbox';

/** Options as the CLI hands them over; unset fields get defaults in {@link resolveExportOptions}. */
export type ExportOptions = {
	readonly job?: string;
	readonly selector?: string;
	readonly warningDays: number;
	readonly criticalDays: number;
	/** blackbox_exporter module name (blackbox only). */
	readonly module?: string;
	/** Probe timeout in seconds (blackbox only). */
	readonly timeoutSeconds?: number;
	/** apiserver host:port targets for the example scrape config (blackbox only). */
	readonly targets?: readonly string[];
};

/** Options with every default applied. */
export type ResolvedExportOptions = {
	readonly job: string;
	readonly selector: string | undefined;
	readonly warningDays: number;
	readonly criticalDays: number;
	readonly module: string;
	readonly timeoutSeconds: number;
	readonly targets: readonly string[];
};

/** Either usable options or one sentence saying what is wrong with them. */
export type ExportOptionsResult =
	| {readonly ok: true; readonly value: ResolvedExportOptions}
	| {readonly ok: false; readonly message: string};

const defaultJobs = {prometheus: 'apiserver', blackbox: defaultBlackboxJob} as const satisfies Record<ExportTarget, string>;

/** Applies defaults and checks the options, returning a one-sentence problem instead of throwing. */
export function resolveExportOptions(what: ExportTarget, options: ExportOptions): ExportOptionsResult {
	const fail = (message: string): ExportOptionsResult => ({ok: false, message});
	const {warningDays, criticalDays} = options;
	if (!Number.isFinite(warningDays) || warningDays <= 0) {
		return fail(`--warning-days must be a positive number of days, got ${String(warningDays)}.`);
	}

	if (!Number.isFinite(criticalDays) || criticalDays <= 0) {
		return fail(`--critical-days must be a positive number of days, got ${String(criticalDays)}.`);
	}

	if (criticalDays >= warningDays) {
		return fail(`--critical-days (${criticalDays}) must be smaller than --warning-days (${warningDays}).`);
	}

	const job = options.job ?? defaultJobs[what];
	if (job.trim() === '') {
		return fail('--job must not be empty.');
	}

	const selector = options.selector?.trim() === '' ? undefined : options.selector;
	if (selector !== undefined && !isLabelMatcherList(selector)) {
		return fail(`--selector must be PromQL label matchers such as cluster="prod", got ${selector}.`);
	}

	const module = options.module ?? defaultBlackboxModule;
	if (!/^[A-Za-z0-9_.-]+$/.test(module)) {
		return fail(`--module must be letters, digits, "_", "." or "-", got ${module}.`);
	}

	const timeoutSeconds = options.timeoutSeconds ?? 5;
	if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
		return fail(`--timeout must be a positive number of seconds, got ${String(timeoutSeconds)}.`);
	}

	const targets = options.targets ?? ['127.0.0.1:6443'];
	const badTarget = targets.find((target) => !/^\S+:\d+$/.test(target));
	if (targets.length === 0 || badTarget !== undefined) {
		return fail(`--target must be host:port of an apiserver, got ${badTarget ?? 'none'}.`);
	}

	return {ok: true, value: {job, selector, warningDays, criticalDays, module, timeoutSeconds, targets}};
}
