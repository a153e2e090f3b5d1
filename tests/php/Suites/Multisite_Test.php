<?php
/**
 * Network-wide behaviour: every site's copy of the key, every site told to rotate.
 *
 * @package Key_Guard
 * @group multisite
 */

namespace Key_Guard\Tests;

use Key_Guard\Audit\Rotation_Advice;
use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;
use Key_Guard\Plugin;
use Key_Guard\Storage\Key_Cipher;


/**
 * Runs on the network site only (scripts/test.sh runs the suite there a second time).
 */
final class Multisite_Test extends TestCase {

	/**
	 * Skips on a single site.
	 */
	protected function set_up() {
		parent::set_up();
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Multisite only: scripts/test.sh runs this on the network site.' );
		}
		delete_site_option( Rotation_Advice::OPTION );
	}

	/**
	 * Cleans the network option and site 2.
	 */
	protected function tear_down() {
		if ( is_multisite() ) {
			delete_site_option( Rotation_Advice::OPTION );
			switch_to_blog( self::second_site() );
			delete_option( Key_Store::OPTION );
			delete_option( Key_Metadata::OPTION );
			restore_current_blog();
		}
		parent::tear_down();
	}

	/**
	 * The network's second site.
	 *
	 * @return int
	 */
	private static function second_site() {
		$ids = get_sites(
			array(
				'fields'       => 'ids',
				'site__not_in' => array( get_main_site_id() ),
				'number'       => 1,
			)
		);
		return (int) $ids[0];
	}

	/**
	 * The raw key row of a site.
	 *
	 * @param int $site_id Site.
	 * @return string|null
	 */
	private static function raw_on( $site_id ) {
		switch_to_blog( $site_id );
		$raw = self::raw_option();
		restore_current_blog();
		return $raw;
	}

	/**
	 * Network deactivation puts the plaintext back on every site (core works without us there);
	 * network activation encrypts every site's row again.
	 */
	public function test_network_deactivation_and_activation_reach_every_site() {
		$keys  = array(
			get_main_site_id()  => Sim_Keys::key( 'ok', 'site1' ),
			self::second_site() => Sim_Keys::key( 'ok', 'site2' ),
		);
		$basis = plugin_basename( KEY_GUARD_FILE );
		foreach ( $keys as $site_id => $key ) {
			switch_to_blog( $site_id );
			update_option( Key_Store::OPTION, $key );
			restore_current_blog();
			$this->assertTrue( Key_Cipher::is_ciphertext( self::raw_on( $site_id ) ) );
		}

		do_action( 'deactivate_' . $basis, true ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's own hook for our plugin.
		foreach ( $keys as $site_id => $key ) {
			$this->assertSame( $key, self::raw_on( $site_id ), "site $site_id has its plaintext back" );
		}

		do_action( 'activate_' . $basis, true ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's own hook for our plugin.
		foreach ( $keys as $site_id => $key ) {
			$raw = self::raw_on( $site_id );
			$this->assertTrue( Key_Cipher::is_ciphertext( $raw ), "site $site_id is encrypted again" );
			$this->assertStringNotContainsString( substr( $key, 20, 20 ), $raw );
			switch_to_blog( $site_id );
			$this->assertSame( $key, get_option( Key_Store::OPTION ) );
			restore_current_blog();
		}
	}

	/**
	 * A super admin who loses the role could read every site's key: every site advises rotation,
	 * while a site administrator's demotion (who never saw the key) advises nothing.
	 */
	public function test_revoked_super_admin_advises_rotation_on_every_site() {
		foreach ( array( get_main_site_id(), self::second_site() ) as $site_id ) {
			switch_to_blog( $site_id );
			self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'rot' . $site_id ), self::user( 'administrator' ) );
			restore_current_blog();
		}
		$site_admin = wp_insert_user(
			array(
				'user_login' => 'kg_ms_site_admin_' . wp_rand(),
				'user_pass'  => wp_generate_password(),
				'role'       => 'administrator',
			)
		);
		( new \WP_User( $site_admin ) )->set_role( 'subscriber' );
		$this->assertFalse( get_site_option( Rotation_Advice::OPTION ), 'a site administrator never saw the key' );

		$super = wp_insert_user(
			array(
				'user_login'   => 'kg_ms_super_' . wp_rand(),
				'user_pass'    => wp_generate_password(),
				'role'         => 'subscriber',
				'display_name' => 'Gone Super',
			)
		);
		grant_super_admin( $super );
		revoke_super_admin( $super );
		foreach ( array( get_main_site_id(), self::second_site() ) as $site_id ) {
			switch_to_blog( $site_id );
			$codes = wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'code' );
			restore_current_blog();
			$this->assertContains( 'rotate_after_admin_left', $codes, "site $site_id" );
		}
		require_once ABSPATH . 'wp-admin/includes/ms.php';
		wpmu_delete_user( $super );
		wpmu_delete_user( $site_admin );
	}

	/**
	 * A row copied byte for byte from one site to another (same salts) does not open there, even in
	 * a request that opened it on the first site: nor when network activation re-encrypts every row.
	 */
	public function test_a_row_copied_to_another_site_stays_unreadable_there() {
		$key = Sim_Keys::key( 'ok', 'copied' . wp_rand() );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$row = self::raw_option();
		$this->assertSame( $key, get_option( Key_Store::OPTION ), 'Opened on the first site.' );

		switch_to_blog( self::second_site() );
		global $wpdb;
		delete_option( Key_Store::OPTION );
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => Key_Store::OPTION,
				'option_value' => $row,
				'autoload'     => 'off',
			)
		);
		wp_cache_delete( Key_Store::OPTION, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
		$read  = get_option( Key_Store::OPTION );
		$state = self::kg( 'row' )->state();
		self::kg( 'activation' )->activate( true );
		$after = self::kg( 'row' )->state();
		$raw   = self::raw_option();
		delete_option( Key_Store::OPTION );
		restore_current_blog();

		$this->assertSame( '', $read, 'Not the first site\'s key.' );
		$this->assertSame( 'undecryptable', $state );
		$this->assertSame( 'undecryptable', $after, 'Network activation did not re-encrypt it for this site.' );
		$this->assertSame( $row, $raw );
	}

	/**
	 * A super admin removed from one site keeps the network (and the key): no advice to rotate.
	 * (Losing the role does advise it: test_revoked_super_admin_advises_rotation_on_every_site.)
	 */
	public function test_super_admin_removed_from_a_site_is_no_reason_to_rotate() {
		switch_to_blog( self::second_site() );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'stay' ), self::user( 'administrator' ) );
		restore_current_blog();
		$super = wp_insert_user(
			array(
				'user_login' => 'kg_ms_stays_' . wp_rand(),
				'user_pass'  => wp_generate_password(),
				'role'       => 'administrator',
			)
		);
		grant_super_admin( $super );
		add_user_to_blog( self::second_site(), $super, 'administrator' );
		remove_user_from_blog( $super, self::second_site() );
		$this->assertTrue( is_super_admin( $super ) );
		$this->assertFalse( get_site_option( Rotation_Advice::OPTION ), 'still a super admin' );

		require_once ABSPATH . 'wp-admin/includes/ms.php';
		revoke_super_admin( $super );
		wpmu_delete_user( $super );
		delete_site_option( Rotation_Advice::OPTION );
	}

	/**
	 * On a network, a site administrator cannot change the key through another path (core's
	 * Connectors screen writes the option directly); a super admin and scripts with no user can.
	 */
	public function test_site_administrator_cannot_write_the_key_by_another_path() {
		$key = Sim_Keys::key( 'ok', 'ms-foreign' );
		update_option( Key_Store::OPTION, $key );
		$site_admin = wp_insert_user(
			array(
				'user_login' => 'kg_ms_writer_' . wp_rand(),
				'user_pass'  => wp_generate_password(),
				'role'       => 'administrator',
			)
		);
		wp_set_current_user( $site_admin );
		update_option( Key_Store::OPTION, Sim_Keys::key( 'ok', 'ms-intruder' ) );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$newest = self::kg( 'audit' )->events()[0];
		$this->assertSame( array( 'refused_save', 'not_allowed', $site_admin ), array( $newest['event'], $newest['outcome'], $newest['user']['id'] ), 'the attempt is recorded' );
		delete_option( Key_Store::OPTION ); // Deleting cannot be refused from a hook...
		add_option( Key_Store::OPTION, Sim_Keys::key( 'ok', 'ms-intruder-2' ) );
		$this->assertSame( '', get_option( Key_Store::OPTION ), '...but putting another key in its place can' );

		wp_set_current_user( self::user( 'administrator' ) );
		$own = Sim_Keys::key( 'ok', 'ms-super' );
		update_option( Key_Store::OPTION, $own );
		$this->assertSame( $own, get_option( Key_Store::OPTION ) );
		wp_set_current_user( 0 );
		require_once ABSPATH . 'wp-admin/includes/ms.php';
		wpmu_delete_user( $site_admin );
	}

	/**
	 * Work scheduled for shutdown (re-encryption after a read with an older key) runs on the site
	 * where the read happened, even when the request ends on another one.
	 */
	public function test_shutdown_work_runs_on_its_own_site() {
		$ran_on = array();
		switch_to_blog( self::second_site() );
		$callback = \Key_Guard\Lifecycle\Sites::at_shutdown_on_this_site(
			static function () use ( &$ran_on ) {
				$ran_on[] = get_current_blog_id();
			}
		);
		restore_current_blog();
		remove_action( 'shutdown', $callback );
		$callback();
		$this->assertSame( array( self::second_site() ), $ran_on );
		$this->assertSame( get_main_site_id(), get_current_blog_id(), 'back on the site the request is on' );
	}

	/**
	 * A refused write on one site that never reached the database does not make a later removal
	 * on another site look like a kept value: the removal is recorded there.
	 */
	public function test_refused_write_does_not_hide_a_removal_on_another_site() {
		update_option( Key_Store::OPTION, 'REPLACE_ME' );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		switch_to_blog( self::second_site() );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'site2-removal' ), 0 );
		delete_option( 'key_guard_audit' );
		update_option( Key_Store::OPTION, '' );
		$meta   = get_option( Key_Metadata::OPTION );
		$events = wp_list_pluck( self::kg( 'audit' )->events(), 'event' );
		delete_option( 'key_guard_audit' );
		restore_current_blog();
		$this->assertFalse( $meta, 'the metadata went with the key' );
		$this->assertSame( array( 'removed' ), $events );
	}
}
