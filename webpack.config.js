/**
 * webpack: @wordpress/scripts' default with one change. A chunk loaded later (the usage chart)
 * keeps the libraries it imports, instead of handing them to a numbered "vendors" file: the chart
 * is one file, build/usage-chart.js, fetched only when the Usage tab shows it.
 */
const defaults = require( '@wordpress/scripts/config/webpack.config' );

module.exports = {
	...defaults,
	optimization: {
		...defaults.optimization,
		splitChunks: {
			...defaults.optimization.splitChunks,
			cacheGroups: {
				...defaults.optimization.splitChunks.cacheGroups,
				defaultVendors: false,
			},
		},
	},
};
