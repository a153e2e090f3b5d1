<?php
/**
 * Bench helper, run with the PHP CLI against a bench site: `php site-facts.php SITE_DIR ACTION`.
 *
 * Actions (each prints one JSON line):
 * - set-key:    saves the key given as third argument (encrypted while the plugin is active).
 * - deactivate: deactivates the plugin (the key goes back to plaintext, as for any user).
 * - autoload:   bytes of the autoloaded options the plugin stores (ours, and the key's row if it
 *               were autoloaded), with their names.
 * - lookup:     what another plugin pays to read the key: queries of the first get_option() in a
 *               fresh request, and microseconds per later call (median of 7 runs of 20,000 calls).
 *
 * @package Key_Guard
 */

// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals -- a command-line script, not plugin code.
// phpcs:disable WordPress.DB.DirectDatabaseQuery -- it measures the database itself.

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	exit( 1 );
}
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
define( 'SAVEQUERIES', false );
require rtrim( $argv[1], '/' ) . '/wp-load.php';
global $wpdb;

$option = 'connectors_ai_openai_api_key';
switch ( $argv[2] ) {
	case 'set-key':
		update_option( $option, (string) ( $argv[3] ?? '' ), false );
		echo wp_json_encode( array( 'saved' => '' !== get_option( $option ) ) ), "\n";
		break;
	case 'deactivate':
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		deactivate_plugins( 'key-guard-for-openai/plugin.php' );
		echo wp_json_encode( array( 'active' => is_plugin_active( 'key-guard-for-openai/plugin.php' ) ) ), "\n";
		break;
	case 'autoload':
		$rows = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT option_name, LENGTH(option_name) + LENGTH(option_value) AS bytes FROM {$wpdb->options} WHERE autoload IN ('yes','on','auto-on','auto') AND ( option_name LIKE %s OR option_name = %s )",
				$wpdb->esc_like( 'key_guard_' ) . '%',
				$option
			)
		);
		echo wp_json_encode(
			array(
				'bytes'   => array_sum( wp_list_pluck( $rows, 'bytes' ) ),
				'options' => wp_list_pluck( $rows, 'option_name' ),
			)
		), "\n";
		break;
	case 'lookup':
		wp_cache_flush();
		wp_load_alloptions();
		$before = $wpdb->num_queries;
		$key    = get_option( $option );
		$first  = $wpdb->num_queries - $before;
		$runs   = array();
		for ( $run = 0; $run < 7; $run++ ) {
			$started = hrtime( true );
			for ( $i = 0; $i < 20000; $i++ ) {
				get_option( $option );
			}
			$runs[] = ( hrtime( true ) - $started ) / 1000 / 20000;
		}
		sort( $runs );
		echo wp_json_encode(
			array(
				'configured'    => is_string( $key ) && '' !== $key,
				'first_queries' => $first,
				'later_us'      => round( $runs[3], 3 ),
			)
		), "\n";
		break;
}
