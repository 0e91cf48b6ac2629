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
	| 'none';

/** The inner payload format: what the writing program printed. */
export type Payload = 'klog' | 'k8s-json' | 'golog' | 'plain';

/** Finest unit a record's time is known to. `undefined` time means the line had no time at all. */
export type TimePrecision = 's' | 'ms' | 'us' | 'ns';

/**
 * Where the year of a year-less timestamp came from, in the order they are tried:
 * the envelope's own full timestamp, a klog file header, `--year`, the file's modification time, the current date.
 */
export type YearSource = 'envelope' | 'klog-header' | 'flag' | 'mtime' | 'now';

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
	 * The payload's message with envelope and payload header removed. For klog structured lines
	 * and JSON logs this is still the raw text (quoted message and key=value pairs); use
	 * `searchableText` to get the decoded form.
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

/** Go's standard `log` package: `2009/11/10 23:00:00 message`. */
export type GoLogRecord = RecordBase & {readonly payload: 'golog'};

/** Anything else: the message is the whole payload. */
export type PlainRecord = RecordBase & {readonly payload: 'plain'};

/** One logical log entry, whatever shape it arrived in. */
export type LogRecord = KlogRecord | K8sJsonRecord | GoLogRecord | PlainRecord;

/** What a source turned out to contain, as reported per source. */
export type DetectedFormat = {
	readonly envelope: Envelope | 'mixed' | undefined;
	readonly payload: Payload | 'mixed' | undefined;
};
