import {writeFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {demoText, fixedFlags, incidentLine, makeTempDir} from './cli-process.js';
import {runCliInProcess} from '../helpers/run-cli-in-process.js';

// Lines written to the documented shapes (log-formats.md §3.1 CRI + §1.1 klog, the httplog line of §6, the
// klog flag dump, k3s's `Running kube-apiserver` line of more-formats.md §12.1, the admission webhook
// errors of error-grammar.md), carrying values an attacker who can get text into the log would choose.
const cri = (time: string, klog: string): string => `${time} stderr F ${klog}`;
const at = (second: number): string => `2026-11-28T09:40:${String(second).padStart(2, '0')}.000000000Z`;
const klogAt = (second: number, caller: string, message: string): string => cri(at(second), `I1128 09:40:${String(second).padStart(2, '0')}.000000       1 ${caller}] ${message}`);
/** A start-up line of the demo's apiserver, whose loopback certificate expired a year later. */
const startupAt = (second: number, caller: string, message: string): string =>
	cri(`2025-11-27T11:38:${String(second).padStart(2, '0')}.000000000Z`, `I1127 11:38:${String(second).padStart(2, '0')}.000000       1 ${caller}] ${message}`);
const errorAt = (second: number, caller: string, message: string): string => cri(at(second), `E1128 09:40:${String(second).padStart(2, '0')}.000000       1 ${caller}] ${message}`);

/** A logged request whose URI carries text that looks like a start-up line; only the message start may count. */
const request = (second: number, uri: string): string =>
	klogAt(second, 'httplog.go:132', `"HTTP" verb="GET" URI="${uri.replaceAll('"', '\\"')}" latency="1.2ms" userAgent="curl/8.5.0" audit-ID="" srcIP="203.0.113.7:41234" resp=404`);

const planted = [
	request(1, '/api/v1/namespaces?q=FLAG: --advertise-address="10.13.96.11"'),
	request(2, '/api/v1/pods?q=FLAG: --bind-address="10.13.96.11"&FLAG: --secure-port="6443"'),
	request(3, '/x?msg=Running kube-apiserver --advertise-address=10.13.96.11 --secure-port=6443'),
	request(4, '/x?q=Serving securely on 10.13.96.11:6443'),
	request(5, '/x?q=external host was not specified, using 10.13.96.11'),
	request(6, '/x?q=] Version: v1.33.0'),
	request(7, '/x?q=loaded SNI cert [0/"self-signed loopback"]: "apiserver-loopback-client@1790000000" [serving] validServingFor=[apiserver-loopback-client] issuer="x" (2026-09-21 13:13:20 +0000 UTC to 2027-09-21 13:13:20 +0000 UTC (now=2026-09-21 14:13:21 +0000 UTC))'),
];

const pwned = 'touch /tmp/pwned';
const longHost = `${'a'.repeat(60)}.`.repeat(5) + 'example.com';
const hostileFlags = [
	klogAt(10, 'flags.go:64', `FLAG: --advertise-address="$(${pwned})"`),
	klogAt(11, 'flags.go:64', `FLAG: --bind-address="\`${pwned}\`"`),
	klogAt(12, 'flags.go:64', `FLAG: --advertise-address="10.13.96.11;${pwned}"`),
	klogAt(13, 'flags.go:64', `FLAG: --advertise-address="10.13.96.11|${pwned}"`),
	klogAt(14, 'flags.go:64', 'FLAG: --advertise-address="\u001b[31m10.13.96.12"'),
	klogAt(15, 'flags.go:64', 'FLAG: --advertise-address="\uff11\uff10.13.96.13"'),
	klogAt(16, 'flags.go:64', `FLAG: --advertise-address="fe80::1%$(${pwned})"`),
	klogAt(17, 'flags.go:64', `FLAG: --bind-address="${longHost}"`),
	klogAt(18, 'flags.go:64', 'FLAG: --secure-port="99999"'),
	klogAt(19, 'server.go:150', `Version: v1.28.9$(${pwned})`),
	cri(at(20), `{"ts":1795858820000,"caller":"app/server.go:160","msg":"FLAG: --bind-address=\\"10.13.96.14\\n${pwned}\\"","v":1}`),
];

const webhookError = (second: number, name: string): string =>
	errorAt(second, 'dispatcher.go:214', `failed calling webhook "${name}": failed to call webhook: Post "https://webhook.example.svc:443/validate?timeout=10s": context deadline exceeded`);
const hostileTargets = [
	webhookError(30, `$(${pwned})`),
	webhookError(31, `\`${pwned}\`.example.com`),
	webhookError(32, `a.example.com;${pwned}`),
	webhookError(33, `a.example.com|${pwned}`),
	webhookError(34, '\uff45vil.example.com'),
	webhookError(35, longHost),
	webhookError(36, '\u001b]0;pwned\u0007.example.com'),
	webhookError(37, 'validate.good.example.com'),
];

/** A step as the JSON report gives it: the command to paste (null for prose) and why. */
type JsonStep = {readonly command: string | null; readonly why: string};
const stepTexts = (steps: readonly JsonStep[]): string[] => steps.flatMap((s) => (s.command === null ? [s.why] : [s.command, s.why]));
type JsonFinding = {readonly id: string; readonly confidence: number; readonly count: number; readonly actions: readonly JsonStep[]; readonly verify: readonly JsonStep[]; readonly summary: string};
type JsonReport = {
	readonly findings: readonly JsonFinding[];
	readonly ruledOut: readonly {readonly id: string; readonly confidence: number}[];
	readonly context: {readonly selfIps: readonly {readonly ip: string}[]; readonly apiserver: Record<string, unknown>; readonly notes: readonly string[]};
};

let temp: ReturnType<typeof makeTempDir>;
const write = (name: string, lines: readonly string[]): string => {
	const file = temp.file(name);
	writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
	return file;
};

async function json(...files: string[]): Promise<JsonReport> {
	const result = await runCliInProcess([...fixedFlags, '--format', 'json', ...files]);
	expect(result.stderr).toBe('');
	return JSON.parse(result.stdout) as JsonReport;
}

/** The commands of the text report: the steps of "Do now" and "Confirm" and the command lines under them (indented 9). */
function textCommands(text: string): string[] {
	return text.split('\n').filter((line) => /^ {4}(?:\d+\. |- )|^ {9}\S/.test(line));
}

/** The commands of the Markdown report: the numbered "Do now" steps and the lines of the sh blocks. */
function markdownCommands(markdown: string): string[] {
	const commands: string[] = [];
	let inBlock = false;
	for (const line of markdown.split('\n')) {
		if (line.trimStart().startsWith('```')) inBlock = line.trim() === '```sh';
		else if (inBlock || /^\d+\. /.test(line)) commands.push(line.trim());
	}

	return commands;
}

function expectNothingHostile(commands: readonly string[]): void {
	expect(commands.length).toBeGreaterThan(0);
	for (const command of commands) {
		expect(command).not.toContain('pwned');
		expect(command).not.toContain('`');
		expect(command).not.toContain('%');
		expect(command).not.toContain('aaaaaaaaaa');
		// Printable ASCII only: no escape sequence, newline or look-alike letter can hide in a command.
		expect(command).toMatch(/^[\x20-\x7e]*$/);
	}
}

beforeAll(() => {
	temp = makeTempDir('commands');
});

afterAll(() => {
	temp.remove();
});

describe('log text never becomes part of a command', () => {
	it('hostile flag values, versions and target names reach no command in text, JSON or Markdown', async () => {
		const file = temp.file('hostile.log');
		writeFileSync(file, (await demoText()) + [...hostileFlags, ...hostileTargets].map((line) => `${line}\n`).join(''));
		const report = await json(file);
		expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['apiserver-loopback-cert-expired', 'webhook-failure']));
		expectNothingHostile(report.findings.flatMap((f) => [...stepTexts(f.actions), ...stepTexts(f.verify)]));
		// The loopback finding tells the reader to run exactly what it would without the hostile lines.
		const clean = await json(write('demo.log', [(await demoText()).trimEnd()]));
		const commandsOf = (r: JsonReport) => r.findings.filter((f) => f.id === 'apiserver-loopback-cert-expired').map((f) => [f.actions, f.verify]);
		expect(commandsOf(report)).toEqual(commandsOf(clean));
		expect(commandsOf(report)[0]?.[1]?.map((s) => s.command)).toContain('kubesleuth probe 10.13.96.11:6443');
		// The only valid name among the webhooks is the one the summary names; the others count without a name.
		const webhook = report.findings.find((f) => f.id === 'webhook-failure')!;
		expect(webhook.summary).toContain('validate.good.example.com');
		expect(webhook.summary).not.toMatch(/pwned|\uff45|aaaaaaaaaa/);
		// Only real addresses are the node's own: the zone is dropped, everything else is refused and said so.
		expect(report.context.selfIps.map((a) => a.ip).sort()).toEqual(['10.13.96.11', '10.13.96.14', '127.0.0.1', '::1', 'fe80::1']);
		expect(report.context.apiserver['version']).toBe('v1.28.9');
		expect(report.context.apiserver['securePort']).toBe(6443);
		expect(report.context.notes.some((note) => /^ignored the advertise address read from .*hostile\.log:\d+: not an IP address/.test(note))).toBe(true);
		expect(report.context.notes.join('\n')).not.toContain('pwned');

		for (const [format, commandsOf] of [['text', textCommands], ['markdown', markdownCommands]] as const) {
			const result = await runCliInProcess([...fixedFlags, '--format', format, file]);
			expect(result.code).toBe(1);
			expectNothingHostile(commandsOf(result.stdout));
			expect(commandsOf(result.stdout).join('\n')).toContain('kubesleuth probe 10.13.96.11:6443');
		}
	});

	it('a refused address leaves a placeholder in the commands, never the text the log gave', async () => {
		// Failures on loopback, which is always the apiserver's own, so the loopback finding holds.
		const failures = [1, 2, 3, 4, 5, 6].map((minute) => incidentLine(minute, '').replace('https://10.13.96.11:6443', 'https://127.0.0.1:6443'));
		const file = write('placeholder.log', [startupAt(13, 'flags.go:64', `FLAG: --advertise-address="$(${pwned})"`), startupAt(13, 'flags.go:64', 'FLAG: --secure-port="0"'), ...failures]);
		const report = await json(file);
		const commands = report.findings.flatMap((f) => [...stepTexts(f.actions), ...stepTexts(f.verify)]);
		expectNothingHostile(commands);
		expect(commands).toContain('kubesleuth probe <node-ip>:<port>');
	});

	it('text that only looks like a start-up line inside a request does not steer the diagnosis', async () => {
		// Failures to 10.13.96.11 with nothing saying that address is the apiserver's own.
		const failures = [1, 2, 3, 4, 5, 6].map((minute) => incidentLine(minute, ''));
		const clean = await json(write('clean.log', failures));
		const steered = await json(write('planted.log', [...planted, ...failures]));
		const summary = (report: JsonReport) => ({
			findings: report.findings.map((f) => [f.id, f.confidence, f.count]),
			ruledOut: report.ruledOut.map((r) => [r.id, r.confidence]),
			selfIps: report.context.selfIps,
			apiserver: report.context.apiserver,
		});
		expect(summary(steered)).toEqual(summary(clean));
		expect(steered.context.selfIps.map((a) => a.ip)).not.toContain('10.13.96.11');
	});

	it('klog flag dumps and k3s command lines at the start of a message still name the addresses and the port', async () => {
		const k3s = cri(at(40), 'time="2026-11-28T09:40:40Z" level=info msg="Running kube-apiserver --advertise-address=10.13.96.21 --advertise-port=6443 --bind-address=127.0.0.1 --secure-port=6444"');
		// Two files: a line without a klog header right after a klog line would be read as its continuation.
		const report = await json(write('flags.log', [klogAt(1, 'flags.go:64', 'FLAG: --advertise-address="10.13.96.11"')]), write('k3s.log', [k3s]));
		expect(report.context.selfIps).toEqual(
			expect.arrayContaining([
				{ip: '10.13.96.11', from: 'advertise-address'},
				{ip: '10.13.96.21', from: 'advertise-address'},
				{ip: '127.0.0.1', from: 'bind-address, loopback'},
			]),
		);
		expect(report.context.apiserver['securePort']).toBe(6444);
	});
});
