import {createRetentionBudget, createSignalState, type RetentionBudget, type SignalState} from '../detect/collect-signals.js';
import {createTemplateState, type TemplateState} from '../diagnose/unknown-templates.js';
import type {SessionOptions, SourceDescriptor} from './diagnosis-session.js';

/** journald identifiers and source names seen per node, for telling the distribution (bounded). */
export type Observed = {readonly identifiers: Set<string>; readonly sources: Set<string>};

/** One source's counters, as its report shows them. */
export type SourceState = {
	readonly descriptor: SourceDescriptor;
	bytes: number;
	lines: number;
	records: number;
	unparsed: number;
	skipped: number;
	truncated: number;
	/** Records outside --since/--until, and the times they span. */
	outside: number;
	outsideFirst: number | undefined;
	outsideLast: number | undefined;
	/** The year given to this source's year-less times and where it came from, once warned about. */
	yearWarned: boolean;
	first: number | undefined;
	last: number | undefined;
	envelope: string;
	payload: string;
	done: boolean;
	readonly warnings: string[];
};

const maxHosts = 64;
const maxObserved = 64;
/** Nodes diagnosed each on their own; the lines of any further node are diagnosed together as one. */
export const maxNodes = 256;
export const otherNodes = '(other nodes)';

/** What the diagnosis has gathered across its sources: per node signal states, observations, templates. */
export type SessionState = {
	readonly options: SessionOptions;
	/** One state per node: each node has its own addresses, start time and loopback certificate. */
	readonly nodes: Map<string, SignalState>;
	readonly budget: RetentionBudget;
	readonly warnings: string[];
	readonly observed: Map<string, Observed>;
	readonly templates: TemplateState;
	readonly sources: SourceState[];
	/** Host names the records carry (bounded), to tell whether the logs are this machine's. */
	readonly hosts: Set<string>;
	readonly envelopes: Set<string>;
	/** Some source was found on this machine. */
	anyLocal: boolean;
	/** The node name a state is kept for: the node itself while there is room, else the shared other-nodes one. */
	nodeName(node: string): string;
	stateOf(node: string): SignalState;
	observe(node: string, source: string, identifier: string | undefined): void;
	noteHost(host: string): void;
};

export function createSessionState(options: SessionOptions): SessionState {
	const nodes = new Map<string, SignalState>();
	const budget = createRetentionBudget(options.retainedTextLimit);
	const warnings: string[] = [];
	const observed = new Map<string, Observed>();
	const hosts = new Set<string>();
	let folded = 0;
	return {
		options,
		nodes,
		budget,
		warnings,
		observed,
		templates: createTemplateState(),
		sources: [],
		hosts,
		envelopes: new Set(),
		anyLocal: false,
		nodeName(node) {
			if (nodes.has(node) || nodes.size < maxNodes) return node;
			if (folded++ === 0) warnings.push(`more than ${maxNodes} node names in the logs: the lines of the others are diagnosed together as "${otherNodes}"`);
			return otherNodes;
		},
		stateOf(node) {
			let state = nodes.get(node);
			if (state === undefined) {
				state = createSignalState(budget);
				nodes.set(node, state);
			}

			return state;
		},
		observe(node, source, identifier) {
			let seen = observed.get(node);
			if (seen === undefined) {
				seen = {identifiers: new Set(), sources: new Set()};
				observed.set(node, seen);
			}

			if (seen.sources.size < maxObserved) seen.sources.add(source);
			if (identifier !== undefined && seen.identifiers.size < maxObserved) seen.identifiers.add(identifier);
		},
		noteHost(host) {
			if (hosts.size < maxHosts) hosts.add(host);
		},
	};
}
