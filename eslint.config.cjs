/**
 * ESLint: @wordpress/scripts' default flat config, minus the local WordPress copies and test output.
 */
const wordpress = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	{
		ignores: [
			'.wp-core/**',
			'.wp-sites/**',
			'test-results/**',
			'playwright-report/**',
			'e2e/.auth/**',
		],
	},
	...wordpress,
];
