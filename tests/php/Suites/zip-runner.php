<?php
/**
 * One step of the release check (scripts/check-zip.mjs) on the site the zip was unpacked into, in
 * a PHP process of its own as WordPress's admin would run it: deactivate, activate, or report.
 *
 * Usage: php zip-runner.php <site directory> deactivate|activate|report
 *
 * @package Key_Guard
 */

if ( 'cli' !== PHP_SAPI || $argc < 3 ) {
	fwrite( STDERR, "Usage: php zip-runner.php <site directory> deactivate|activate|report\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';

require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$key_guard_plugin = 'key-guard-for-openai/plugin.php';
switch ( $argv[2] ) {
	case 'deactivate':
		deactivate_plugins( $key_guard_plugin, true );
		$key_guard_out = array( 'active' => is_plugin_active( $key_guard_plugin ) );
		break;
	case 'activate':
		ob_start();
		$key_guard_activated = activate_plugin( $key_guard_plugin );
		$key_guard_printed   = (string) ob_get_clean();
		$key_guard_out       = array(
			'error'   => is_wp_error( $key_guard_activated ) ? $key_guard_activated->get_error_message() : null,
			'printed' => $key_guard_printed,
		);
		break;
	default:
		$key_guard_out = array(
			'active'  => is_plugin_active( $key_guard_plugin ),
			'file'    => defined( 'KEY_GUARD_FILE' ) ? realpath( KEY_GUARD_FILE ) : null,
			'version' => get_option( 'key_guard_version' ),
			'tables'  => function_exists( 'key_guard' ) ? array(
				key_guard()->get( 'usage' )->exists(),
				key_guard()->get( 'requests' )->exists(),
				key_guard()->get( 'quota' )->exists(),
			) : array(),
			'state'   => function_exists( 'key_guard_key_state' ) ? key_guard_key_state() : null,
		);
}
echo wp_json_encode( $key_guard_out ), "\n";
