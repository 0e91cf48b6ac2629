/** How sure a log line is about its own importance. `fatal` is klog's F and journald priority 0-2. */
export type Severity = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

/** The outer wrapper a line arrived in, detected per source (and per line where a stream mixes). */
export type Envelope =
	| 'journald-short'
	| 'journald-short-precise'
	| 'journald-short-iso'
	| 'journald-short-iso-precise'
	| 'journald-short-full'
	| 'journald-short-unix'
	| 'journald-json'
	| 'cri'
	| 'docker-json'
	| 'kubectl'
	/** rsyslog lines that journald cannot have written: `<PRI>` forward format, RFC 5424, RFC 3339 stamps of other precisions. */
	| 'syslog'
	| 'none';

/** The inner payload format: what the writing program printed. */
export type Payload = 'klog' | 'k8s-json' | 'golog' | DecodedPayload | 'plain';

/**
 * Payloads decoded into a message plus named fields (see `DecodedRecord`):
 * - `zap-json`: zap JSON (etcd 3.4+ `--logger=zap`, 3.5+): `{"level":…,"ts":"…","caller":…,"msg":…}`.
 * - `logrus-text`: logrus text (`time="…" level=… msg=… key=value`), also the terminal form `ERRO[0025] msg`.
 * - `logrus-json`: logrus JSON (`{"level":…,"msg":…,"time":…}`, keys sorted).
 * - `etcd-capnslog`: etcd ≤ 3.4 `2019-02-07 13:05:55.848860 I | etcdmain: …` (or only `etcdmain: …`).
 * - `dmesg`: kernel ring buffer lines (`[  123.456789] …`, `dmesg -T`, `--time-format iso`, `-x`).
 * - `kubectl-event`: one row of a `kubectl describe` Events table or of `kubectl get events`.
 * - `kubectl-error`: kubectl's own stderr (`Error from server (…): …`, `error: …`, `Unable to connect to the server: …`).
 * - `go-panic`: a Go crash (`panic: …`, `fatal error: …`, `goroutine N [running]:` and its frames) as one record.
 * - `cli-marker`: a CLI's marked output line (minikube `* `, `! `, `X `, `❌ ` and emoji markers; its `==> name <==` section headers).
 */
export type DecodedPayload =
	| 'zap-json'
	| 'logrus-text'
	| 'logrus-json'
	| 'etcd-capnslog'
	| 'dmesg'
	| 'kubectl-event'
	| 'kubectl-error'
	| 'go-panic'
	| 'cli-marker';

/** Finest unit a record's time is known to. `undefined` time means the line had no time at all. */
export type TimePrecision = 's' | 'ms' | 'us' | 'ns';

/**
 * Where the year of a year-less timestamp came from, in the order they are tried:
 * the envelope's own full timestamp, a klog file header, `--year`, the file's modification time, the current date.
 */
export type YearSource = 'envelope' | 'klog-header' | 'flag' | 'mtime' | 'now';

/**
 * Where a time came from when the line did not write a wall-clock time of its own:
 * `event-age` is an age in a kubectl events table (`8m4s`) taken back from the source's reference time (the
 * file's modification time, else now); `process-uptime` is seconds since the writing process started
 * (logrus terminal `ERRO[0025]`), placed by a neighbouring line that has a full time.
 */
export type TimeSource = 'event-age' | 'process-uptime';

type RecordBase = {
	/** Name of the source: the path as given, or `-` for stdin. */
	readonly source: string;
	/** 1-based number of the record's first physical line in its source. */
	readonly line: number;
	/** Number of physical lines the record spans (continuation lines, joined partial lines). */
	readonly lineCount: number;
	/** Milliseconds since the Unix epoch, or undefined when the line carried no time. */
	readonly time: number | undefined;
	readonly timePrecision: TimePrecision | undefined;
	/** Set only when the year was not written in the line itself. */
	readonly yearFrom: YearSource | undefined;
	/** Set only when the time is derived (an event age, a process uptime), not read as a wall-clock time. */
	readonly timeFrom: TimeSource | undefined;
	readonly severity: Severity | undefined;
	readonly envelope: Envelope;
	/** Host name from the envelope (journald, klog header, kubectl prefix or path), when known. */
	readonly host: string | undefined;
	readonly pod: string | undefined;
	readonly container: string | undefined;
	readonly pid: number | undefined;
	/** journald identifier or unit (`kube-apiserver`, `systemd`), when known. */
	readonly unit: string | undefined;
	/**
	 * The part of the writing program the line names: capnslog package (`etcdserver`), zap logger (`etcd-client`),
	 * kubectl event source (`kubelet`, `replicaset-controller`), `kubectl` for kubectl's errors, the section of a
	 * `minikube logs` dump (`kube-apiserver`). Undefined when the line names none.
	 */
	readonly component: string | undefined;
	/**
	 * The payload's message with envelope and payload header removed. For klog structured lines
	 * and Kubernetes JSON this is still the raw text (quoted message and key=value pairs); for zap and
	 * logrus it is the decoded `msg` (the other pairs are in `fields`); use `searchableText` to get the
	 * decoded form with the fields.
	 */
	readonly message: string;
	/** The first physical line exactly as read (after envelope decoding of JSON lines it is still the original line). */
	readonly raw: string;
};

/** klog text: `Lmmdd hh:mm:ss.uuuuuu pid file:line] msg`. */
export type KlogRecord = RecordBase & {
	readonly payload: 'klog';
	/** `file.go:123` */
	readonly caller: string;
	/** True for InfoS/ErrorS lines (`"msg" key=value ...`). */
	readonly structured: boolean;
};

/** Kubernetes JSON logging (`--logging-format=json`). */
export type K8sJsonRecord = RecordBase & {
	readonly payload: 'k8s-json';
	readonly caller: string | undefined;
	/** All keys of the JSON object except ts, caller, msg, v. */
	readonly fields: Readonly<Record<string, unknown>>;
};

/** Go's standard `log` package: `2009/11/10 23:00:00 message`, optionally `file.go:23: ` (Lshortfile; helm `--debug`). */
export type GoLogRecord = RecordBase & {
	readonly payload: 'golog';
	readonly caller: string | undefined;
};

/**
 * A payload decoded into a message and named fields. `fields` per payload:
 * zap/logrus: every key but the level, time, caller, logger and message (values as decoded, strings unquoted);
 * kubectl-event: `type`, `reason`, `age`, `count`, `firstAge`, `object` (what the table showed);
 * kubectl-error: `reason` when the server gave one; dmesg: `uptime` (seconds since boot) when shown;
 * capnslog, go-panic, cli-marker: none.
 */
export type DecodedRecord = RecordBase & {
	readonly payload: DecodedPayload;
	readonly caller: string | undefined;
	readonly fields: Readonly<Record<string, unknown>>;
};

/** Anything else: the message is the whole payload. */
export type PlainRecord = RecordBase & {readonly payload: 'plain'};

/** One logical log entry, whatever shape it arrived in. */
export type LogRecord = KlogRecord | K8sJsonRecord | GoLogRecord | DecodedRecord | PlainRecord;

/** What a source turned out to contain, as reported per source. */
export type DetectedFormat = {
	readonly envelope: Envelope | 'mixed' | undefined;
	readonly payload: Payload | 'mixed' | undefined;
};
