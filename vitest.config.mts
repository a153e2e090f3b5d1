import { defineConfig } from 'vitest/config';

export default defineConfig( {
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'ui',
					environment: 'jsdom',
					include: [ 'tests/js/**/*.test.{ts,tsx}' ],
					setupFiles: [ 'tests/js/setup.ts' ],
				},
			},
			{
				extends: true,
				test: {
					name: 'simulator',
					environment: 'node',
					include: [ 'tests/support/**/*.test.ts' ],
					testTimeout: 30000,
				},
			},
		],
	},
} );
