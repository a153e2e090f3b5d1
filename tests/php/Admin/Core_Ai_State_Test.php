<?php
/**
 * Tests for Core_Ai_State, with the real AI Provider for OpenAI plugin.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Admin\Assets;
use Key_Guard\Admin\Core_Ai_State;
use Key_Guard\Admin\Settings_Page;

/**
 * The provider plugin absent, installed but inactive, and active; the links only for users who may
 * follow them; nothing on a WordPress without Connectors. The fixture (KEY_GUARD_SHARED_DIR, default
 * the folder `shared` next to the repository, + /fixtures/ai-provider-for-openai) is copied into the
 * test site's plugins folder for this class and removed afterwards; without it the tests that need it
 * are skipped. The active case runs in a separate process that boots WordPress with the copy active
 * (KEY_GUARD_TEST_ACTIVATE, read by the bootstrap), so core registers the provider as on a site.
 */
final class Core_Ai_State_Test extends TestCase {

	/** The folder of a copy installed under another name (as a GitHub zip unpacks). */
	const OTHER_FOLDER = 'ai-provider-for-openai-main';

	/**
	 * Copies the fixture into the test site and has the separate processes boot with it active.
	 */
	public static function set_up_before_class() {
		parent::set_up_before_class();
		if ( is_dir( self::fixture() ) ) {
			self::install( Core_Ai_State::PLUGIN_SLUG );
			putenv( 'KEY_GUARD_TEST_ACTIVATE=' . Core_Ai_State::PLUGIN_FILE );
		}
	}

	/**
	 * Removes the copies and leaves the environment as it was.
	 */
	public static function tear_down_after_class() {
		putenv( 'KEY_GUARD_TEST_ACTIVATE' );
		self::uninstall( Core_Ai_State::PLUGIN_SLUG );
		self::uninstall( self::OTHER_FOLDER );
		parent::tear_down_after_class();
	}

	/**
	 * On a WordPress without Connectors (6.x: core's functions missing), or with core's AI turned
	 * off, the screen is told nothing.
	 */
	public function test_without_connectors_or_with_ai_off_there_is_nothing_to_say() {
		wp_set_current_user( self::user( 'administrator' ) );
		if ( ! self::has_connectors() ) {
			$this->assertNull( ( new Core_Ai_State() )->describe(), 'WordPress 6.x: nothing to say' );
			return;
		}
		$this->assertNotNull( ( new Core_Ai_State() )->describe(), 'WordPress 7.1 has Connectors' );
		$this->assertNull( ( new Core_Ai_State( array( 'wp_get_connector', 'key_guard_test_function_core_6_lacks' ) ) )->describe() );

		add_filter( 'wp_supports_ai', '__return_false' );
		try {
			$this->assertNull( ( new Core_Ai_State() )->describe() );
		} finally {
			remove_filter( 'wp_supports_ai', '__return_false' );
		}
	}

	/**
	 * Absent: an Install link to the plugin installer for whoever may install plugins, nobody else;
	 * always the link to Settings → Connectors.
	 */
	public function test_absent_offers_install_to_those_who_may() {
		$this->needs_fixture();
		self::uninstall( Core_Ai_State::PLUGIN_SLUG );
		try {
			$this->assertFalse( is_dir( WP_PLUGIN_DIR . '/' . Core_Ai_State::PLUGIN_SLUG ), 'Another copy is in the test site\'s plugins folder: remove it.' );
			wp_set_current_user( self::user( 'administrator' ) );
			$state = ( new Core_Ai_State() )->describe();
			$this->assertSame( 'absent', $state['state'] );
			$this->assertNull( $state['activateUrl'] );
			$this->assertSame( admin_url( 'options-connectors.php' ), $state['connectorsUrl'] );
			$base = is_multisite() ? network_admin_url( 'plugin-install.php' ) : admin_url( 'plugin-install.php' );
			$this->assertSame( $base . '?s=ai-provider-for-openai&tab=search&type=term', $state['installUrl'] );

			wp_set_current_user( self::user( 'editor' ) );
			$state = ( new Core_Ai_State() )->describe();
			$this->assertSame( 'absent', $state['state'] );
			$this->assertNull( $state['installUrl'], 'an editor may not install plugins' );
		} finally {
			self::install( Core_Ai_State::PLUGIN_SLUG );
		}
	}

	/**
	 * Installed, inactive: a nonce'd Activate link for whoever may activate plugins, nobody else.
	 */
	public function test_inactive_offers_activate_to_those_who_may() {
		$this->needs_fixture();
		wp_set_current_user( self::user( 'administrator' ) );
		$state = ( new Core_Ai_State() )->describe();
		$this->assertSame( 'inactive', $state['state'] );
		$this->assertNull( $state['installUrl'] );
		$this->assertSame( admin_url( 'options-connectors.php' ), $state['connectorsUrl'] );
		$this->assert_activates( Core_Ai_State::PLUGIN_FILE, $state['activateUrl'] );

		wp_set_current_user( self::user( 'editor' ) );
		$this->assertNull( ( new Core_Ai_State() )->describe()['activateUrl'], 'an editor may not activate plugins' );
		wp_set_current_user( 0 );
		$this->assertNull( ( new Core_Ai_State() )->describe()['activateUrl'] );
	}

	/**
	 * Installed under another folder name, the plugin is found by its name and activated by its real file.
	 */
	public function test_a_copy_under_another_folder_is_found_by_its_name() {
		$this->needs_fixture();
		self::uninstall( Core_Ai_State::PLUGIN_SLUG );
		self::install( self::OTHER_FOLDER );
		try {
			wp_set_current_user( self::user( 'administrator' ) );
			$state = ( new Core_Ai_State() )->describe();
			$this->assertSame( 'inactive', $state['state'] );
			$this->assert_activates( self::OTHER_FOLDER . '/plugin.php', $state['activateUrl'] );
		} finally {
			self::uninstall( self::OTHER_FOLDER );
			self::install( Core_Ai_State::PLUGIN_SLUG );
		}
	}

	/**
	 * Active (core registered the provider): no link to follow but Settings → Connectors.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_active_needs_no_action() {
		$this->needs_fixture();
		$this->assertTrue( is_plugin_active( Core_Ai_State::PLUGIN_FILE ), 'this process boots with the provider active' );
		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertSame(
			array(
				'state'         => 'active',
				'activateUrl'   => null,
				'installUrl'    => null,
				'connectorsUrl' => admin_url( 'options-connectors.php' ),
			),
			( new Core_Ai_State() )->describe()
		);
	}

	/**
	 * The screen receives the state as window.keyGuardSettings.coreAi.
	 */
	public function test_the_screen_receives_the_state() {
		if ( ! is_readable( dirname( KEY_GUARD_FILE ) . '/build/settings.asset.php' ) ) {
			$this->markTestSkipped( 'Run npm run build first.' );
		}
		wp_set_current_user( self::user( 'administrator' ) );
		$settings = self::kg( 'settings' );
		$handle   = Assets::handle( Settings_Page::ENTRY );
		$settings->enqueue();
		$before = (array) wp_scripts()->get_data( $handle, 'before' );
		wp_dequeue_script( $handle );
		$this->assertSame( 1, preg_match( '/window\.keyGuardSettings = (\{.*\});/s', (string) end( $before ), $m ) );
		$this->assertSame( ( new Core_Ai_State() )->describe(), json_decode( $m[1], true )['coreAi'] );
	}

	/**
	 * Asserts a URL activates a plugin file on this site with a nonce core accepts for it.
	 *
	 * @param string      $file The plugin file.
	 * @param string|null $url  The URL.
	 */
	private function assert_activates( $file, $url ) {
		$this->assertIsString( $url );
		$this->assertStringStartsWith( admin_url( 'plugins.php?' ), $url );
		wp_parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		$this->assertSame( 'activate', $query['action'] );
		$this->assertSame( $file, $query['plugin'] );
		$this->assertSame( 1, wp_verify_nonce( $query['_wpnonce'], 'activate-plugin_' . $file ) );
	}

	/**
	 * Skips without the fixture.
	 */
	private function needs_fixture() {
		$this->needs_connectors();
		if ( ! is_dir( self::fixture() ) ) {
			$this->markTestSkipped( 'No AI Provider for OpenAI fixture at ' . self::fixture() . ': set KEY_GUARD_SHARED_DIR to the folder that holds fixtures/.' );
		}
	}

	/**
	 * Copies the fixture into the site's plugins folder under a folder name, unless something is there.
	 *
	 * @param string $folder The folder name.
	 */
	private static function install( $folder ) {
		$target = WP_PLUGIN_DIR . '/' . $folder;
		if ( ! file_exists( $target ) && ! is_link( $target ) ) {
			self::copy_tree( self::fixture(), $target );
			file_put_contents( $target . '/.key-guard-test-copy', '' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- marks the copy as this test's.
		}
		wp_clean_plugins_cache( false );
	}

	/**
	 * Removes a copy this test made (and only such a copy).
	 *
	 * @param string $folder The folder name.
	 */
	private static function uninstall( $folder ) {
		$target = WP_PLUGIN_DIR . '/' . $folder;
		if ( is_file( $target . '/.key-guard-test-copy' ) && ! is_link( $target ) ) {
			self::remove_tree( $target );
		}
		wp_clean_plugins_cache( false );
	}

	/**
	 * Copies a folder recursively.
	 *
	 * @param string $from Source folder.
	 * @param string $to   Target folder (made).
	 */
	private static function copy_tree( $from, $to ) {
		mkdir( $to, 0755, true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_mkdir -- test set-up.
		foreach ( scandir( $from ) as $name ) {
			if ( '.' === $name || '..' === $name ) {
				continue;
			}
			if ( is_dir( "$from/$name" ) ) {
				self::copy_tree( "$from/$name", "$to/$name" );
			} else {
				copy( "$from/$name", "$to/$name" );
			}
		}
	}

	/**
	 * Removes a folder recursively.
	 *
	 * @param string $dir The folder.
	 */
	private static function remove_tree( $dir ) {
		foreach ( scandir( $dir ) as $name ) {
			if ( '.' === $name || '..' === $name ) {
				continue;
			}
			$path = "$dir/$name";
			if ( is_dir( $path ) && ! is_link( $path ) ) {
				self::remove_tree( $path );
			} else {
				unlink( $path ); // phpcs:ignore WordPress.WP.AlternativeFunctions.unlink_unlink -- test tear-down.
			}
		}
		rmdir( $dir ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_rmdir -- test tear-down.
	}

	/**
	 * The provider plugin's folder: KEY_GUARD_SHARED_DIR, else `shared` next to the repository.
	 *
	 * @return string
	 */
	private static function fixture() {
		$shared = getenv( 'KEY_GUARD_SHARED_DIR' );
		$shared = $shared ? $shared : dirname( __DIR__, 4 ) . '/shared';
		return untrailingslashit( $shared ) . '/fixtures/ai-provider-for-openai';
	}
}
