<?php
/**
 * Uninstalls the plugin as WordPress does, in a request of its own in which the plugin is not
 * loaded (WordPress uninstalls only inactive plugins): Uninstall_Test runs it.
 *
 * Usage: php uninstall-runner.php <site directory> <plugin basename>
 *
 * @package Key_Guard
 */

if ( 'cli' !== PHP_SAPI || $argc < 3 ) {
	fwrite( STDERR, "Usage: php uninstall-runner.php <site directory> <plugin basename>\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';

// The test site runs the plugin: this request reads it as inactive, before WordPress loads plugins.
$key_guard_basename = $argv[2];
$key_guard_inactive = static function ( $plugins ) use ( $key_guard_basename ) {
	$plugins = (array) $plugins;
	unset( $plugins[ $key_guard_basename ] ); // The network's: basename => time.
	return array_filter( $plugins, static fn( $plugin ) => $plugin !== $key_guard_basename ); // A site's: a list.
};
foreach ( array( 'option_active_plugins', 'site_option_active_sitewide_plugins' ) as $key_guard_hook ) {
	// phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- a filter added before WordPress loads, as the WordPress test library's tests_add_filter() does.
	$GLOBALS['wp_filter'][ $key_guard_hook ][10][] = array(
		'function'      => $key_guard_inactive,
		'accepted_args' => 1,
	);
}

require $argv[1] . '/wp-load.php';

if ( function_exists( 'key_guard' ) ) {
	fwrite( STDERR, "The plugin is loaded: this is not an uninstall.\n" );
	exit( 3 );
}
require_once ABSPATH . 'wp-admin/includes/plugin.php';
if ( ! uninstall_plugin( $key_guard_basename ) ) {
	fwrite( STDERR, "uninstall_plugin() found no uninstall.php.\n" );
	exit( 4 );
}
