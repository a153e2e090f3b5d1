<?php
/**
 * Boots the real WordPress 7.1 test site (SQLite) with the plugin active; no wp-phpunit here.
 *
 * The site is made by scripts/test.sh (node scripts/make-site.mjs --dir .wp-sites/phpunit --fresh);
 * KEY_GUARD_TEST_SITE overrides its path, KEY_GUARD_SIMULATOR_URL points at the OpenAI simulator.
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

require $key_guard_site . '/wp-load.php';

if ( ! class_exists( 'Key_Guard\\Plugin' ) ) {
	fwrite( STDERR, "The plugin is not active on the test site.\n" );
	exit( 1 );
}

require_once __DIR__ . '/TestCase.php';
require_once __DIR__ . '/Sim_Keys.php';
