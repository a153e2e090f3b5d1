<?php
/**
 * Tests for uninstall.php.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Audit\Rotation_Advice;
use Key_Guard\Connection\Rate_Limiter;
use Key_Guard\Key\Environment_Keys;
use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;


/**
 * Uninstalling removes every row of ours and leaves core's key option to core.
 */
final class Uninstall_Test extends TestCase {

	/**
	 * Runs uninstall.php as WordPress does, in a process of its own (it defines a constant).
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_uninstall_removes_our_data_and_keeps_the_key() {
		global $wpdb;
		$admin = self::user( 'administrator' );
		wp_set_current_user( $admin );
		$key = Sim_Keys::key( 'ok', 'uninstall' );
		self::kg( 'store' )->save( $key, $admin );
		$this->assertSame( 200, self::rest( 'POST', '/environments/staging', array( 'key' => Sim_Keys::key( 'ok', 'uninstall-staging' ) ) )->get_status() );
		update_option(
			Rotation_Advice::OPTION,
			array(
				'user' => 'x',
				'at'   => time(),
			)
		);
		update_user_meta( $admin, Rotation_Advice::DISMISSED_META, array( 'key_old' => 1 ) );
		$wpdb->insert(
			$wpdb->base_prefix . 'options',
			array(
				'option_name'  => Rate_Limiter::LOCK . $admin,
				'option_value' => '1.000',
				'autoload'     => 'off',
			)
		);
		$this->assertNotFalse( get_option( 'key_guard_audit' ) );

		define( 'WP_UNINSTALL_PLUGIN', plugin_basename( KEY_GUARD_FILE ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- core's constant.
		include dirname( KEY_GUARD_FILE ) . '/uninstall.php';
		wp_cache_flush();

		foreach ( array( Key_Metadata::OPTION, 'key_guard_audit', 'key_guard_version', Environment_Keys::OPTION, Rotation_Advice::OPTION ) as $option ) {
			$this->assertFalse( get_option( $option ), $option );
		}
		$this->assertSame( '', get_user_meta( $admin, Rotation_Advice::DISMISSED_META, true ) );
		// key_guard_dev_* rows belong to the dev sites' must-use plugin, not to the plugin.
		$this->assertSame( array(), $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s AND option_name NOT LIKE %s", $wpdb->esc_like( 'key_guard_' ) . '%', $wpdb->esc_like( 'key_guard_dev_' ) . '%' ) ) );
		$this->assertSame( $key, get_option( Key_Store::OPTION ), 'the key stays for core and other plugins' );
	}
}
