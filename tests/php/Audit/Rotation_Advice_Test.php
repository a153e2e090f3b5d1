<?php
/**
 * Tests for Rotation_Advice: old keys and administrators leaving.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Audit\Rotation_Advice;
use Key_Guard\Key\Key_Metadata;


/**
 * The advice appears in the key's warnings and as a dismissible notice for administrators.
 */
final class Rotation_Advice_Test extends TestCase {

	/**
	 * Clears the advice.
	 */
	protected function tear_down() {
		delete_option( Rotation_Advice::OPTION );
		delete_site_option( Rotation_Advice::OPTION );
		delete_user_meta( self::user( 'administrator' ), Rotation_Advice::DISMISSED_META );
		parent::tear_down();
	}

	/**
	 * Stores a reason to rotate where the plugin keeps it (network-wide on multisite).
	 *
	 * @param array $reason {user, at}.
	 */
	private static function set_reason( array $reason ) {
		if ( is_multisite() ) {
			update_site_option( Rotation_Advice::OPTION, $reason );
		} else {
			update_option( Rotation_Advice::OPTION, $reason );
		}
	}

	/**
	 * The notices printed for the current user.
	 *
	 * @return string
	 */
	private static function notices() {
		ob_start();
		self::kg( 'rotation' )->show_notices();
		return (string) ob_get_clean();
	}

	/**
	 * The notice on every admin page reads two small facts (is a key set, when was it saved), not
	 * the key's status: no query of our metadata, prepared keys or events.
	 */
	public function test_the_notice_reads_no_metadata() {
		wp_set_current_user( self::user( 'administrator' ) );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'notice-cost' ), get_current_user_id() );
		$meta             = get_option( Key_Metadata::OPTION );
		$meta['saved_at'] = time() - 400 * DAY_IN_SECONDS;
		update_option( Key_Metadata::OPTION, $meta );
		wp_cache_flush();
		self::kg( 'option' )->forget_answers();
		wp_load_alloptions();
		$sql   = array();
		$watch = static function ( $query ) use ( &$sql ) {
			$sql[] = $query;
			return $query;
		};
		add_filter( 'query', $watch );
		$html = self::notices();
		remove_filter( 'query', $watch );
		$this->assertStringContainsString( 'saved 400 days ago', $html );
		$ours = preg_grep( '/key_guard_(key_meta|environment_keys|audit)/', $sql );
		$this->assertSame( array(), array_values( $ours ) );
	}

	/**
	 * A key older than the limit is flagged, in the status and the notice; a fresh one is not.
	 */
	public function test_old_key() {
		wp_set_current_user( self::user( 'administrator' ) );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok' ), get_current_user_id() );
		$this->assertNotContains( 'key_old', wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'code' ) );
		$this->assertSame( 0, self::kg( 'status' )->describe()['age_days'] );
		$this->assertSame( '', self::notices() );

		$meta             = get_option( Key_Metadata::OPTION );
		$meta['saved_at'] = time() - 91 * DAY_IN_SECONDS;
		update_option( Key_Metadata::OPTION, $meta );
		$this->assertContains( 'key_old', wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'code' ) );
		$this->assertSame( 91, self::kg( 'status' )->describe()['age_days'] );
		$this->assertStringContainsString( '91 days ago', self::notices() );
		$this->assertStringContainsString( 'https://platform.openai.com/api-keys', self::notices() );

		$days = static function () {
			return 0;
		};
		add_filter( 'key_guard_rotation_days', $days );
		$this->assertSame( '', self::notices(), '0 days turns the advice off.' );
		remove_filter( 'key_guard_rotation_days', $days );
	}

	/**
	 * Deleting an administrator or demoting one advises rotation; an editor leaving does not.
	 */
	public function test_admin_leaving() {
		wp_set_current_user( self::user( 'administrator' ) );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok' ), get_current_user_id() );
		$advice = self::kg( 'rotation' );

		$advice->user_deleted( self::user( 'editor' ) );
		$this->assertFalse( Rotation_Advice::reason() );

		$other = wp_insert_user(
			array(
				'user_login'   => 'kg_leaving_admin_' . wp_rand(),
				'user_pass'    => wp_generate_password(),
				'role'         => 'administrator',
				'display_name' => 'Leaving Admin',
			)
		);
		( new \WP_User( $other ) )->set_role( 'subscriber' );
		require_once ABSPATH . 'wp-admin/includes/user.php';
		if ( is_multisite() ) {
			$this->assertFalse( Rotation_Advice::reason(), 'on a network a site administrator never saw the key' );
			wp_delete_user( $other );
			return;
		}
		$this->assertSame( 'Leaving Admin', Rotation_Advice::reason()['user'] );
		$this->assertStringContainsString( 'Leaving Admin lost administrator access', self::notices() );
		$this->assertContains( 'rotate_after_admin_left', wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'code' ) );
		wp_delete_user( $other );
	}

	/**
	 * On multisite, a network administrator losing the role advises rotation.
	 */
	public function test_super_admin_revoked() {
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Network administrators exist on multisite only.' );
		}
		$other = wp_insert_user(
			array(
				'user_login'   => 'kg_leaving_super_' . wp_rand(),
				'user_pass'    => wp_generate_password(),
				'role'         => 'subscriber',
				'display_name' => 'Leaving Super',
			)
		);
		grant_super_admin( $other );
		$this->assertFalse( Rotation_Advice::reason() );
		revoke_super_admin( $other );
		$this->assertSame( 'Leaving Super', Rotation_Advice::reason()['user'] );
		require_once ABSPATH . 'wp-admin/includes/ms.php';
		wpmu_delete_user( $other );
	}

	/**
	 * Dismissing lasts until the reason changes; non-admins see nothing.
	 */
	public function test_dismissal_and_audience() {
		wp_set_current_user( self::user( 'administrator' ) );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok' ), get_current_user_id() );
		self::set_reason(
			array(
				'user' => 'Someone',
				'at'   => 1000,
			)
		);
		$this->assertStringContainsString( 'Someone', self::notices() );
		update_user_meta( get_current_user_id(), Rotation_Advice::DISMISSED_META, array( 'rotate_after_admin_left' => 1000 ) );
		$this->assertSame( '', self::notices() );
		self::set_reason(
			array(
				'user' => 'Someone else',
				'at'   => 2000,
			)
		);
		$this->assertStringContainsString( 'Someone else', self::notices() );

		wp_set_current_user( self::user( 'editor' ) );
		$this->assertSame( '', self::notices() );
	}
}
