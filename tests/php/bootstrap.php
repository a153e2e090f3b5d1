<?php
/**
 * Boots the real WordPress 7.1 test site (SQLite) with the plugin active; no wp-phpunit here.
 *
 * The site is made by scripts/test.sh (node scripts/make-site.mjs --dir .wp-sites/phpunit --fresh);
 * KEY_GUARD_TEST_SITE overrides its path (scripts/test.sh runs the suite again on the network
 * .wp-sites/phpunit-multisite, made with --multisite --url http://127.0.0.1, whose main site answers
 * the host below), KEY_GUARD_SIMULATOR_URL points at the OpenAI simulator.
 *
 * @package Key_Guard
 */

$key_guard_site = getenv( 'KEY_GUARD_TEST_SITE' ) ? getenv( 'KEY_GUARD_TEST_SITE' ) : dirname( __DIR__, 2 ) . '/.wp-sites/phpunit';
if ( ! is_readable( $key_guard_site . '/wp-load.php' ) ) {
	fwrite( STDERR, "No test site at $key_guard_site: run `npm run test:php` (it makes one) or `node scripts/make-site.mjs --dir .wp-sites/phpunit --url http://127.0.0.1:8899 --fresh`.\n" );
	exit( 1 );
}

// A CLI request looks like a front-end request to the site's own host.
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
putenv( 'OPENAI_API_KEY' );

// KEY_GUARD_TEST_ACTIVATE: plugins (basenames, comma-separated, already in the site's plugins folder)
// this process runs as active besides the site's own, with nothing written to the database: how
// Core_Save_Guard_Test boots its separate processes with the AI Provider for OpenAI fixture.
$key_guard_activate = array_filter( explode( ',', (string) getenv( 'KEY_GUARD_TEST_ACTIVATE' ) ) );
if ( $key_guard_activate ) {
	$GLOBALS['wp_filter']['option_active_plugins'][10][] = array( // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- hooks added before WordPress loads.
		'function'      => static function ( $plugins ) use ( $key_guard_activate ) {
			return array_values( array_unique( array_merge( (array) $plugins, $key_guard_activate ) ) );
		},
		'accepted_args' => 1,
	);
}

require $key_guard_site . '/wp-load.php';

if ( ! class_exists( 'Key_Guard\\Plugin' ) ) {
	fwrite( STDERR, "The plugin is not active on the test site.\n" );
	exit( 1 );
}

// On a network only super admins manage the key (Plugin::capability()), so there the administrator
// every test logs in as, TestCase::user( 'administrator' ) (login kg_test_administrator), is made
// here as a super admin. Authorization_Matrix_Test makes its own plain site administrator.
if ( is_multisite() ) {
	$key_guard_admin = get_user_by( 'login', 'kg_test_administrator' );
	$key_guard_admin = $key_guard_admin ? $key_guard_admin->ID : wp_insert_user(
		array(
			'user_login' => 'kg_test_administrator',
			'user_pass'  => wp_generate_password(),
			'user_email' => 'kg_test_administrator@example.test',
			'role'       => 'administrator',
		)
	);
	if ( is_wp_error( $key_guard_admin ) ) {
		fwrite( STDERR, 'Could not make the test administrator: ' . $key_guard_admin->get_error_message() . "\n" );
		exit( 1 );
	}
	grant_super_admin( $key_guard_admin );
}

require_once __DIR__ . '/TestCase.php';
require_once __DIR__ . '/Sim_Keys.php';
