<?php
/**
 * Tests for installing the usage tables.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Storage\Installer;
use Key_Guard\Usage\Request_Log;

require_once __DIR__ . '/Resets_Usage.php';

/**
 * A site upgraded from a version without the usage guard gets its tables and the daily clean-up
 * on the first request after the update (init, not only wp-admin); until then requests are let go
 * uncounted, never failed on a missing table. On a network a new site gets them at once and a
 * deleted site's go with it.
 */
final class Usage_Install_Test extends TestCase {

	use Resets_Usage;

	/**
	 * Leaves the site installed.
	 */
	protected function tear_down() {
		self::reset_usage();
		parent::tear_down();
	}

	/**
	 * The upgrade from an older version makes the tables and schedules the clean-up.
	 */
	public function test_an_upgrade_installs_the_tables() {
		foreach ( array( 'usage', 'requests', 'quota' ) as $name ) {
			self::kg( $name )->drop();
		}
		wp_clear_scheduled_hook( Request_Log::CRON );
		update_option( Installer::VERSION_OPTION, '0.3.0' );

		$answer = self::post_openai(
			array(
				'model'             => 'gpt-4o-mini',
				'input'             => 'x',
				'max_output_tokens' => 16,
			)
		);
		$this->assertSame( 200, wp_remote_retrieve_response_code( $answer ), 'let go, uncounted, while the tables are missing' );

		$this->assertSame( 1, has_action( 'init', self::hooked( 'installer', 'upgrade' ) ), 'on every request, first thing' );
		self::kg( 'installer' )->upgrade();
		$this->assertSame( KEY_GUARD_VERSION, get_option( Installer::VERSION_OPTION ) );
		foreach ( array( 'usage', 'requests', 'quota' ) as $name ) {
			$this->assertTrue( self::kg( $name )->exists(), $name );
		}
		$this->assertNotFalse( wp_next_scheduled( Request_Log::CRON ) );
	}

	/**
	 * A deleted site of a network takes its usage tables with it.
	 */
	public function test_a_deleted_site_drops_its_tables() {
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Multisite only: scripts/test.sh runs this on the network site.' );
		}
		$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
		$site                   = wp_insert_site(
			array(
				'domain'  => wp_parse_url( home_url(), PHP_URL_HOST ),
				'path'    => '/usage-delete-' . wp_rand() . '/',
				'user_id' => self::user( 'administrator' ),
			)
		);
		unset( $_SERVER['REMOTE_ADDR'] );
		$this->assertIsInt( $site );
		switch_to_blog( $site );
		$names = array_map(
			static function ( $name ) {
				return self::kg( $name )->name();
			},
			array( 'usage', 'requests', 'quota' )
		);
		$this->assertTrue( self::kg( 'usage' )->exists(), 'made with the site' );
		restore_current_blog();
		wp_delete_site( $site );
		global $wpdb;
		foreach ( $names as $name ) {
			$this->assertNull( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $name ) ) ), $name );
		}
	}
}
