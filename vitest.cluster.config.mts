/**
 * The cluster tests (tests/cluster): WordPress on MariaDB behind two web servers, with and without
 * Redis. Not part of `npx vitest run`: `npx vitest run -c vitest.cluster.config.mts`, or
 * `KEY_GUARD_TEST_ONLY=cluster npm test`. One file at a time: each starts servers of its own.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig( {
	test: {
		name: 'cluster',
		environment: 'node',
		include: [ 'tests/cluster/**/*.test.ts' ],
		globalSetup: [ 'tests/cluster/support/global-setup.ts' ],
		fileParallelism: false,
		testTimeout: 60000,
		hookTimeout: 60000,
	},
} );
