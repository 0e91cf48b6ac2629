import {describe, expect, it} from 'vitest';
import {loadRules} from '../../src/cli/load-rules.js';

describe('--only', () => {
	it('brings along the families whose signals the chosen ones stand on (the failure events, the start-up lines)', async () => {
		const {rules, issues, problems} = await loadRules([], ['loopback-certificate']);
		expect(issues).toEqual([]);
		expect(problems).toEqual([]);
		expect(rules.files.map((f) => f.family).sort()).toEqual(['apiserver-context', 'failure-events', 'loopback-certificate']);
		expect(rules.findings.map((f) => f.id)).toEqual(['apiserver-loopback-cert-expired', 'apiserver-loopback-cert-expiring']);
	});

	it('names a family that does not exist', async () => {
		const {problems} = await loadRules([], ['no-such-family']);
		expect(problems).toEqual(['--only: no built-in rule family "no-such-family" (kubesleuth rules list shows them)']);
	});
});
