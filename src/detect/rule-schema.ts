import {z} from 'zod';
import {failureKinds, failureLayers} from './failure-event.js';

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case words joined by dashes');

/**
 * How an address captured by a signal relates to the node the logs came from:
 * - `apiserver`: one of the node's own addresses (or loopback, or its host name) on the apiserver's secure
 *   port, or on any port that is not another component's when the secure port is not known;
 * - `self`: any of the node's own addresses (apiserver included); `loopback`: 127.0.0.0/8, ::1, localhost;
 * - `etcd` (2379, 2380, 4001), `kubelet` (10250, 10255): by port, on any host;
 * - `control-plane`: any of the above; `service`: a cluster service name (`*.svc`, `*.svc.cluster.local`);
 * - `apiserver-endpoint`: an apiserver as any client names it: this node's, or another address on the secure
 *   port (6443 by default), `api.*`, `api-int.*`, `kubernetes.default.svc`;
 * - `foreign`: not the node's own (another node's apiserver included); `any`: any known address.
 */
export const addressRoleSchema = z.enum(['apiserver', 'self', 'foreign', 'loopback', 'etcd', 'kubelet', 'control-plane', 'service', 'apiserver-endpoint', 'any']);
export type AddressRole = z.infer<typeof addressRoleSchema>;

/** The component that wrote a line, read from its unit, identifier, pod or container name. */
export const reporterSchema = z.enum(['apiserver', 'kubelet', 'etcd', 'kubectl', 'controller-manager', 'scheduler', 'other', 'unknown']);
export type Reporter = z.infer<typeof reporterSchema>;

const oneOrMany = <T extends z.ZodTypeAny>(schema: T) => z.union([schema, z.array(schema).min(1)]);

/** Which failure events a signal stands for (see src/detect/failure-event.ts): every field given must match. */
export const eventFilterSchema = z
	.object({
		kind: oneOrMany(z.enum(failureKinds)).optional(),
		side: z.enum(['client', 'server']).optional(),
		certificate: oneOrMany(z.enum(['server', 'client', 'unknown', 'none'])).optional(),
		layer: oneOrMany(z.enum(failureLayers)).optional(),
		/** For remote and local alerts: the alert texts (`bad certificate`, `internal error`, …). */
		alert: oneOrMany(z.string().min(1)).optional(),
	})
	.strict();
export type EventFilter = z.infer<typeof eventFilterSchema>;

const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 500ms, 30s, 5m, 2h or 1d');

// Every line is searched for every literal at once; the search skips ahead by up to the shortest
// literal's length, so one short literal slows the reading of every line for every rule.
const literal = z
	.string()
	.min(14, 'a literal needs at least 14 characters: the pre-filter skips ahead by the shortest literal\'s length, so short ones slow every line')
	.refine((text) => !/["\\]/.test(text), 'literals are matched against the raw line, where quotes may be escaped: leave out " and \\');

export const signalSchema = z
	.object({
		id,
		description: z.string().min(1),
		/**
		 * The line must contain at least one of these, case-sensitive, before the pattern is tried. Without
		 * literals, the pattern is tried on every line of the signal's `severities` (for fatal lines: few).
		 */
		literals: z.array(literal).min(1).optional(),
		/** A JavaScript regular expression tested on the decoded line; named groups become the hit's fields. */
		pattern: z.string().min(1).optional(),
		/** Instead of literals and a pattern: the failure events (TLS, x509, connections) this signal stands for. */
		event: eventFilterSchema.optional(),
		/**
		 * A catch-all: its hits remember which other signals matched the same line, so that a fallback finding
		 * can tell the lines no other finding explains.
		 */
		fallback: z.boolean().optional(),
		/**
		 * Its lines are a consequence, not a cause (an apiserver's 5xx answers): any finding reported at warning or
		 * above explains them, so a fallback finding takes them only when nothing else was found.
		 */
		symptom: z.boolean().optional(),
		/** Only lines of these severities count (lines without a severity always count). */
		severities: z.array(z.enum(['debug', 'info', 'warning', 'error', 'fatal'])).optional(),
		/** The named group holding the address a failing request went to. */
		target: z.string().optional(),
		/** The named group holding the address a connection came from. */
		peer: z.string().optional(),
		/** The named group naming who sent the request (a user agent, a service account, a flow schema): `{clients}` counts them. */
		client: z.string().optional(),
		/** The named group holding how long something took, as a Go duration (`1.2s`, `731ms`): conditions may ask for a `minDuration`. */
		duration: z.string().optional(),
		/** The line reports a certificate failure: a start shortly before the first such line rules out an expiry of the loopback certificate. */
		certificate: z.boolean().optional(),
		/** Context this signal tells about the apiserver, read by the correlate stage from its named groups. */
		provides: z
			.enum(['start', 'exit', 'uptime', 'version', 'bind-address', 'advertise-address', 'serving-address', 'loopback-certificate', 'served-loopback-certificate', 'distribution'])
			.optional(),
	})
	.strict()
	.refine((s) => (s.event === undefined) === (s.pattern !== undefined && (s.literals !== undefined || s.severities !== undefined)), {
		message: 'a signal has either a pattern (behind literals, or tried on every line of its severities) or an event filter',
	});
export type SignalConfig = z.infer<typeof signalSchema>;

export const directionSchema = z.enum(['after', 'before', 'absent']);

export const signalConditionSchema = z
	.object({
		signal: id,
		target: oneOrMany(addressRoleSchema).optional(),
		peer: oneOrMany(addressRoleSchema).optional(),
		/** Only lines written by these components (`unknown` when the line does not say). */
		reporter: oneOrMany(reporterSchema).optional(),
		/** `is after` / `is before` in an x509 validity error, or `absent` when the line has neither. */
		direction: z.union([directionSchema, z.array(directionSchema)]).optional(),
		/** At least this many matching lines (default 1). */
		min: z.number().int().positive().optional(),
		/** With `min`: that many within one window of this length. */
		within: duration.optional(),
		/** Only lines whose `duration` group is at least this long count (the signal must name a `duration` group). */
		minDuration: duration.optional(),
	})
	.strict();
export type SignalCondition = z.infer<typeof signalConditionSchema>;

export type Condition =
	| SignalCondition
	| {readonly fact: string}
	| {readonly all: readonly Condition[]}
	| {readonly any: readonly Condition[]}
	| {readonly not: Condition}
	| {readonly cooccur: readonly [SignalCondition, SignalCondition]; readonly within: string}
	| {readonly precedes: readonly [SignalCondition, SignalCondition]}
	| {readonly sameAddress: {readonly target: SignalCondition; readonly peer: SignalCondition}}
	/** Lines of a fallback signal that no finding reported so far explains (only in `fallback` findings). */
	| {readonly unexplained: SignalCondition};

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
	z.union([
		signalConditionSchema,
		z.object({fact: z.string().min(1)}).strict(),
		z.object({all: z.array(conditionSchema).min(1)}).strict(),
		z.object({any: z.array(conditionSchema).min(1)}).strict(),
		z.object({not: conditionSchema}).strict(),
		z.object({cooccur: z.tuple([signalConditionSchema, signalConditionSchema]), within: duration}).strict(),
		z.object({precedes: z.tuple([signalConditionSchema, signalConditionSchema])}).strict(),
		z.object({sameAddress: z.object({target: signalConditionSchema, peer: signalConditionSchema}).strict()}).strict(),
		z.object({unexplained: signalConditionSchema}).strict(),
	]),
);

const adjustmentSchema = z
	.object({
		when: conditionSchema,
		/** Added to the confidence when `when` holds: positive for a signal in favour, negative against. */
		weight: z.number().min(-1).max(1),
		/** One sentence shown in the reasoning; `{count}`, `{addresses}`, `{first}`, `{last}` and the context's placeholders are filled in. */
		reason: z.string().min(1),
	})
	.strict();

const preferenceSchema = z
	.object({
		/** Another finding that competes for the same lines. */
		over: id,
		when: conditionSchema.optional(),
		because: z.string().min(1),
	})
	.strict();

/**
 * One step of advice (an action, a check, a long-term measure): a plain string is prose with no command;
 * `{why, command}` is a command to run and what it is for (the command may be left out).
 */
export const stepSchema = z.union([
	z.string().min(1),
	z
		.object({
			why: z.string().min(1),
			command: z.string().min(1).optional(),
		})
		.strict(),
]);
export type StepConfig = z.infer<typeof stepSchema>;

export const findingSchema = z
	.object({
		id,
		title: z.string().min(1),
		severity: z.enum(['critical', 'warning', 'info']),
		/** Evaluated after every other finding, over the lines they leave unexplained: the never-silent net. */
		fallback: z.boolean().optional(),
		/** One sentence with placeholders, shown next to the title. */
		summary: z.string().min(1),
		explanation: z.string().min(1),
		/** The finding exists only when this holds. */
		requires: conditionSchema,
		confidence: z
			.object({
				base: z.number().min(0).max(1),
				adjust: z.array(adjustmentSchema).default([]),
			})
			.strict(),
		/** Which lines are shown as evidence, in this order of importance. */
		evidence: z.array(signalConditionSchema).min(1),
		/** Context the rule reads, for the documentation and the report. */
		needs: z.array(z.enum(['self-addresses', 'uptime', 'version', 'live'])).default([]),
		actions: z
			.object({
				default: z.array(stepSchema).min(1),
				'static-pod': z.array(stepSchema).optional(),
				systemd: z.array(stepSchema).optional(),
			})
			.strict(),
		verify: z.array(stepSchema).default([]),
		longTerm: z.array(stepSchema).default([]),
		references: z.array(z.string().min(1)).default([]),
		prefers: z.array(preferenceSchema).default([]),
	})
	.strict();
export type FindingConfig = z.infer<typeof findingSchema>;

export const ruleFileSchema = z
	.object({
		/** What the file is about, shown by `kubesleuth rules list`. */
		family: id,
		signals: z.array(signalSchema).default([]),
		findings: z.array(findingSchema).default([]),
		/** An address that is the target of the first signal and the peer of the second is the node's own. */
		selfAddressEvidence: z.array(z.object({target: id, peer: id}).strict()).default([]),
	})
	.strict();
export type RuleFileConfig = z.infer<typeof ruleFileSchema>;
