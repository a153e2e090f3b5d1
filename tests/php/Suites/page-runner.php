<?php
/**
 * Loads WordPress as a visitor's page does, with the plugin active, and prints the plugin's
 * classes the page loaded, as JSON: Lazy_Loading_Test runs it in a PHP process of its own, since
 * the test process has long loaded them all.
 *
 * Usage: php page-runner.php <site directory> [rest|http]   (rest: a REST request for another
 * plugin's route, /wp/v2/posts, instead of a page; http: a page that also sends an HTTP request to
 * another host, as WordPress does to start its cron)
 *
 * @package Key_Guard
 */

if ( 'cli' !== PHP_SAPI || $argc < 2 ) {
	fwrite( STDERR, "Usage: php page-runner.php <site directory>\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';

require $argv[1] . '/wp-load.php';

if ( ! function_exists( 'key_guard' ) ) {
	fwrite( STDERR, "The plugin is not active on the test site.\n" );
	exit( 3 );
}
if ( isset( $argv[2] ) && 'rest' === $argv[2] ) {
	rest_do_request( new WP_REST_Request( 'GET', '/wp/v2/posts' ) );
} elseif ( isset( $argv[2] ) && 'http' === $argv[2] ) {
	// Answered here, never sent: what counts is that the HTTP API asked the filters.
	add_filter(
		'pre_http_request',
		static function ( $pre, $args, $url ) {
			return 'http://127.0.0.1/wp-cron.php' === $url ? array( 'response' => array( 'code' => 200 ) ) : $pre;
		},
		10,
		3
	);
	wp_remote_post( 'http://127.0.0.1/wp-cron.php', array( 'blocking' => false ) );
	wp();
} else {
	// The page's own query, as index.php runs it.
	wp();
}

$key_guard_loaded = array_values(
	array_filter(
		get_declared_classes(),
		static function ( $name ) {
			return 0 === strpos( $name, 'Key_Guard\\' );
		}
	)
);
sort( $key_guard_loaded );
echo wp_json_encode( $key_guard_loaded );
