<?php
/**
 * One of the processes Parallel_Writes_Test starts: loads the test site as a request of its own,
 * waits until every sibling is loaded too, then runs its writes as fast as it can.
 *
 * Usage: php parallel-writer.php <plan.json> <worker index>
 *
 * @package Key_Guard
 */

// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- core's constants, defined as wp-config.php would.

if ( 'cli' !== PHP_SAPI || $argc < 3 ) {
	fwrite( STDERR, "Usage: php parallel-writer.php <plan.json> <worker index>\n" );
	exit( 2 );
}

$key_guard_plan   = json_decode( (string) file_get_contents( $argv[1] ), true );
$key_guard_worker = $key_guard_plan['workers'][ (int) $argv[2] ];

// A request of its own: the host the test site answers, and the environment type the plan asks for.
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
define( 'WP_ENVIRONMENT_TYPE', $key_guard_worker['environment'] );
putenv( 'OPENAI_API_KEY' . ( '' === $key_guard_worker['env_key'] ? '' : '=' . $key_guard_worker['env_key'] ) );

require $key_guard_plan['site'] . '/wp-load.php';

// The barrier: every worker has booted WordPress before any of them writes.
touch( $key_guard_plan['barrier'] . '/ready-' . (int) $argv[2] );
$key_guard_deadline = microtime( true ) + 60;
$key_guard_workers  = count( $key_guard_plan['workers'] );
do {
	if ( microtime( true ) > $key_guard_deadline ) {
		fwrite( STDERR, "The other workers never got ready.\n" );
		exit( 3 );
	}
	usleep( 2000 );
	$key_guard_ready = count( (array) glob( $key_guard_plan['barrier'] . '/ready-*' ) );
} while ( $key_guard_ready < $key_guard_workers );

foreach ( $key_guard_worker['writes'] as $key_guard_write ) {
	switch ( $key_guard_write['op'] ) {
		case 'record':
			key_guard()->get( 'audit' )->record( 'tested', $key_guard_write['outcome'] );
			break;
		case 'record_once':
			key_guard()->get( 'audit' )->record_once( 'failed_decrypt', $key_guard_write['ref'] );
			break;
		case 'prepare':
			$key_guard_saved = key_guard()->get( 'environments' )->save( $key_guard_write['type'], $key_guard_write['key'], 1, true );
			if ( is_wp_error( $key_guard_saved ) ) {
				fwrite( STDERR, $key_guard_saved->get_error_code() . "\n" );
				exit( 4 );
			}
			break;
		case 'record_test':
			key_guard()->get( 'store' )->record_test( array( 'id' => $key_guard_write['id'] ), $key_guard_write['key'] );
			break;
		case 'confirm':
			key_guard()->get( 'meta' )->confirm( $key_guard_write['here'] );
			break;
		default:
			fwrite( STDERR, "Unknown write {$key_guard_write['op']}.\n" );
			exit( 5 );
	}
}
