import {defineConfig} from 'vitest/config';

// Tests that are about a real process (signals, pipes, another user, memory of a process) or that run
// outside tools as servers (blackbox_exporter, promtool, TLS servers): slower, and sensitive to a busy machine.
const processTests = [
	'test/cli/follow-report.test.ts',
	'test/hardening/large-input-and-signals.test.ts',
	'test/hardening/hostile-files.test.ts',
	'test/export/blackbox-module.test.ts',
	'test/export/prometheus-rules.test.ts',
	'test/export/export-command.test.ts',
	'test/host/probe-loopback-certificate.test.ts',
	'test/host/read-apiserver-process.test.ts',
	'test/host/read-journal-unit.test.ts',
	'test/cli/parallel/plan-in-workers.test.ts',
];

// `npx vitest run --project unit` runs the fast part alone (in-process, a few seconds); `npm test` runs all four
// projects, one group after the other, so the heavy ones never compete with each other for the two cores.
export default defineConfig({
	test: {
		// Year-less and zone-less log times are read in the local zone; pin it so results do not depend on the machine.
		env: {TZ: 'UTC'},
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		projects: [
			{
				extends: true,
				test: {name: 'unit', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: [...processTests, 'test/e2e/**', 'test/package/**'], sequence: {groupOrder: 0}},
			},
			{
				// Nothing here waits on a guess of time, so a long limit only catches a hang.
				extends: true,
				test: {name: 'process', include: processTests, testTimeout: 180_000, hookTimeout: 180_000, sequence: {groupOrder: 1}},
			},
			{extends: true, test: {name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, sequence: {groupOrder: 2}}},
			{extends: true, test: {name: 'package', include: ['test/package/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 300_000, sequence: {groupOrder: 3}}},
		],
	},
});
