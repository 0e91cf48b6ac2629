import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		// Year-less and zone-less log times are read in the local zone; pin it so results do not depend on the machine.
		env: {TZ: 'UTC'},
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
	},
});
