<?php
/**
 * Tests for keys prepared per environment type.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Environment_Keys;
use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Shape;
use Key_Guard\Key\Key_Store;
use Key_Guard\Storage\Key_Cipher;


/**
 * Keys prepared on one site for the others (this test site is `local`): stored encrypted, used by
 * a copy of that environment type instead of the production key, managed through the REST API.
 */
final class Environment_Keys_Test extends TestCase {

	/**
	 * Logs in as an administrator.
	 */
	protected function set_up() {
		parent::set_up();
		wp_set_current_user( self::user( 'administrator' ) );
	}

	/**
	 * Writes an entry as a copied database would bring it: prepared on production for `$slot`.
	 *
	 * @param string $slot     Environment type the entry is stored under.
	 * @param string $key      The key.
	 * @param string $sealed_for Environment type it was encrypted for (another one = moved/tampered).
	 */
	private static function bring_entry( $slot, $key, $sealed_for = null ) {
		update_option(
			Environment_Keys::OPTION,
			array(
				$slot => array(
					'key'      => Key_Cipher::for_site( Environment_Keys::OPTION . '|' . ( $sealed_for ? $sealed_for : $slot ) )->encrypt( $key ),
					'saved_at' => time() - 3600,
					'saved_by' => self::user( 'administrator' ),
					'site'     => 'https://www.example.com',
				),
			),
			false
		);
	}

	/**
	 * Makes the stored key look saved on production at another address.
	 *
	 * @param string $key The key.
	 */
	private static function production_key( $key ) {
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		update_option( Key_Metadata::OPTION, $meta );
	}

	/**
	 * The raw option row of the prepared keys, bypassing filters.
	 *
	 * @return string|null
	 */
	private static function raw_entries() {
		global $wpdb;
		return $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", Environment_Keys::OPTION ) );
	}

	/**
	 * A key prepared for staging is stored encrypted, described masked, and changes nothing here.
	 */
	public function test_prepare_a_key_for_staging() {
		$main = Sim_Keys::key( 'ok', 'main' );
		self::kg( 'store' )->save( $main, get_current_user_id() );
		$key = Sim_Keys::random();

		$response = self::rest( 'POST', '/environments/staging', array( 'key' => ' ' . $key . "\n" ) );
		$this->assertSame( 200, $response->get_status() );
		$data    = $response->get_data();
		$staging = current( wp_list_filter( $data['environments'], array( 'environment' => 'staging' ) ) );
		$this->assertTrue( $staging['configured'] );
		$this->assertTrue( $staging['readable'] );
		$this->assertFalse( $staging['current'] );
		$this->assertSame( Key_Shape::mask( $key ), $staging['masked'] );
		$this->assertSame( get_current_user_id(), $staging['saved_by'] );
		$this->assertSame( home_url(), $staging['site'] );
		$this->assertSame( 'local', $data['environment'] );
		$this->assertNotEmpty( $data['notices'], 'what normalisation removed is reported' );
		$this->assertSame( $main, get_option( Key_Store::OPTION ), 'this site keeps its key' );
		$this->assertSame( Key_Shape::mask( $main ), $data['masked'] );

		$raw    = (string) self::raw_entries();
		$length = strlen( $key );
		$this->assertStringContainsString( Key_Cipher::PREFIX, $raw );
		for ( $i = 0; $i + 20 <= $length; $i++ ) {
			$this->assertStringNotContainsString( substr( $key, $i, 20 ), $raw . wp_json_encode( $data ) );
		}
		$this->assertSame( $key, self::kg( 'environments' )->key( 'staging' ) );
		$this->assertSame( array( 'saved', 'staging_project' ), array( self::kg( 'audit' )->events()[0]['event'], self::kg( 'audit' )->events()[0]['outcome'] ) );
	}

	/**
	 * Hostile or wrong requests are refused with a clear 4xx and change nothing.
	 *
	 * @return array
	 */
	public function refusal_cases() {
		return array(
			'this site\'s own type' => array( '/environments/local', array( 'key' => Sim_Keys::key( 'ok', 'x' ) ), 409, 'key_guard_current_environment' ),
			'unknown type'          => array( '/environments/qa', array( 'key' => Sim_Keys::key( 'ok', 'x' ) ), 400, 'rest_invalid_param' ),
			'capitalised type'      => array( '/environments/Staging', array( 'key' => Sim_Keys::key( 'ok', 'x' ) ), 400, 'rest_invalid_param' ),
			'no such route'         => array( '/environments/stag1ng', array( 'key' => Sim_Keys::key( 'ok', 'x' ) ), 404, 'rest_no_route' ),
			'missing key'           => array( '/environments/staging', array(), 400, 'rest_missing_callback_param' ),
			'empty key'             => array( '/environments/staging', array( 'key' => '  ' ), 400, 'key_guard_empty' ),
			'a mask'                => array( '/environments/staging', array( 'key' => 'sk-proj-…Ab3d' ), 400, 'key_guard_masked' ),
			'admin key'             => array( '/environments/staging', array( 'key' => 'sk-admin-' . str_repeat( 'a', 60 ) ), 400, 'key_guard_admin_key' ),
			'wrong type'            => array( '/environments/staging', array( 'key' => array( 'sk-proj-x' ) ), 400, 'rest_invalid_param' ),
			'extra field'           => array(
				'/environments/staging',
				array(
					'key'  => Sim_Keys::key( 'ok', 'x' ),
					'site' => 'x',
				),
				400,
				'rest_additional_properties_forbidden',
			),
			'script payload'        => array( '/environments/staging', array( 'key' => '<script>alert(1)</script>' ), 400, null ),
		);
	}

	/**
	 * Refusals.
	 *
	 * @dataProvider refusal_cases
	 *
	 * @param string      $route  Route.
	 * @param array       $body   Body.
	 * @param int         $status Expected status.
	 * @param string|null $code   Expected code (null: any).
	 */
	public function test_refusals( $route, $body, $status, $code ) {
		$before = Sim_Keys::key( 'ok', 'before' );
		self::rest( 'POST', '/environments/development', array( 'key' => $before ) );
		$row = self::raw_entries();

		$response = self::rest( 'POST', $route, $body );
		$this->assertSame( $status, $response->get_status() );
		if ( $code ) {
			$this->assertSame( $code, $response->get_data()['code'] );
		}
		$this->assertNotEmpty( $response->get_data()['message'] );
		$this->assertSame( $row, self::raw_entries() );
		$this->assertSame( '', get_option( Key_Store::OPTION ), 'this site still has no key' );
	}

	/**
	 * On a copy whose environment type has a prepared key, everybody gets that key, not the
	 * production one, with no hold and no copy warning; the status says where it came from.
	 */
	public function test_copy_uses_the_key_prepared_for_its_environment() {
		$production = Sim_Keys::key( 'ok', 'prod' );
		self::production_key( $production );
		$this->assertSame( '', get_option( Key_Store::OPTION ), 'held without a prepared key' );

		$local = Sim_Keys::key( 'ok', 'local' );
		self::bring_entry( 'local', $local );
		$this->assertSame( $local, get_option( Key_Store::OPTION ), 'core and every plugin get the prepared key' );
		$status = self::rest( 'GET', '/key' )->get_data();
		$this->assertTrue( $status['configured'] );
		$this->assertSame( Key_Shape::mask( $local ), $status['masked'] );
		$this->assertSame( 'database', $status['source'] );
		$codes = wp_list_pluck( $status['warnings'], 'code' );
		$this->assertNotContains( 'held_copy', $codes );
		$this->assertNotContains( 'saved_elsewhere', $codes );
		$this->assertSame( gmdate( 'c', time() - 3600 ), $status['saved_at'] );
		$this->assertSame( self::user( 'administrator' ), $status['saved_by'] );
		$entry = current( wp_list_filter( $status['environments'], array( 'current' => true ) ) );
		$this->assertSame( 'local', $entry['environment'] );
		$this->assertSame( 'https://www.example.com', $entry['site'] );

		$this->assertSame( 200, self::rest( 'POST', '/test', array() )->get_status() );
		$this->assertSame( $local, get_option( Key_Store::OPTION ), 'a test changes nothing' );
		$this->assertSame( 409, self::rest( 'DELETE', '/environments/local' )->get_status(), 'managed through the key form here' );
	}

	/**
	 * With no row at all (core's default path), the prepared key is still given.
	 */
	public function test_prepared_key_without_a_stored_row() {
		$local = Sim_Keys::key( 'ok', 'local-only' );
		self::bring_entry( 'local', $local );
		$this->assertNull( self::raw_option() );
		$this->assertSame( $local, get_option( Key_Store::OPTION ) );
		$this->assertSame( $local, self::kg( 'resolver' )->resolve()['key'] );
	}

	/**
	 * Saving this site's key replaces the prepared one; removing the key removes both.
	 */
	public function test_site_key_replaces_the_prepared_one() {
		self::bring_entry( 'local', Sim_Keys::key( 'ok', 'local' ) );
		$own = Sim_Keys::key( 'ok', 'own' );
		$this->assertSame( 200, self::rest( 'POST', '/key', array( 'key' => $own ) )->get_status() );
		$this->assertSame( $own, get_option( Key_Store::OPTION ) );
		$this->assertNull( self::raw_entries(), 'the prepared key is gone' );

		self::bring_entry( 'local', Sim_Keys::key( 'ok', 'local' ) );
		$this->assertSame( 200, self::rest( 'DELETE', '/key' )->get_status() );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		$this->assertFalse( self::rest( 'GET', '/key' )->get_data()['configured'] );
	}

	/**
	 * A key written by anyone else (core's Connectors screen, another plugin) is the site's own
	 * key too: it replaces the prepared one and is recorded; a posted mask changes nothing.
	 */
	public function test_a_write_by_core_replaces_the_prepared_key() {
		$local = Sim_Keys::key( 'ok', 'local' );
		self::bring_entry( 'local', $local );
		update_option( Key_Store::OPTION, "\u{2022}\u{2022}\u{2022}\u{2022}" . substr( $local, -4 ) );
		$this->assertSame( $local, get_option( Key_Store::OPTION ), 'a mask written back is not a key' );
		$this->assertNotNull( self::raw_entries() );

		$own = Sim_Keys::key( 'ok', 'core-screen' );
		update_option( Key_Store::OPTION, $own );
		$this->assertSame( $own, get_option( Key_Store::OPTION ) );
		$this->assertNull( self::raw_entries() );
		$meta = get_option( Key_Metadata::OPTION );
		$this->assertSame( get_current_user_id(), $meta['saved_by'] );
		$this->assertSame( 'local', $meta['environment'] );
		$this->assertSame( 'saved', self::kg( 'audit' )->events()[0]['event'] );
	}

	/**
	 * An entry moved to another slot, tampered with or from other salts is never handed out.
	 */
	public function test_unreadable_entry_is_not_used() {
		self::bring_entry( 'local', Sim_Keys::key( 'ok', 'moved' ), 'staging' );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		$status = self::kg( 'status' )->describe();
		$entry  = current( wp_list_filter( $status['environments'], array( 'environment' => 'local' ) ) );
		$this->assertTrue( $entry['configured'] );
		$this->assertFalse( $entry['readable'] );
		$this->assertContains( 'prepared_unreadable', wp_list_pluck( $status['warnings'], 'code' ), 'the copy says why its key is not used' );
		$this->assertSame( '', $entry['masked'] );

		$stored                 = get_option( Environment_Keys::OPTION );
		$stored['local']['key'] = Key_Cipher::PREFIX . base64_encode( str_repeat( 'x', 60 ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- forged ciphertext.
		update_option( Environment_Keys::OPTION, $stored );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );

		update_option( Environment_Keys::OPTION, array( 'local' => array( 'key' => Sim_Keys::key( 'ok', 'plain' ) ) ) );
		$this->assertSame( '', get_option( Key_Store::OPTION ), 'a plaintext entry is not ours: ignored' );
	}

	/**
	 * DELETE removes a prepared key once; the second time there is nothing to remove.
	 */
	public function test_remove_a_prepared_key() {
		self::rest( 'POST', '/environments/staging', array( 'key' => Sim_Keys::key( 'ok', 'st' ) ) );
		self::rest( 'POST', '/environments/production', array( 'key' => Sim_Keys::key( 'ok', 'pr' ) ) );
		$response = self::rest( 'DELETE', '/environments/staging' );
		$this->assertSame( 200, $response->get_status() );
		$staging = current( wp_list_filter( $response->get_data()['environments'], array( 'environment' => 'staging' ) ) );
		$this->assertFalse( $staging['configured'] );
		$this->assertSame( '', self::kg( 'environments' )->key( 'staging' ) );
		$this->assertNotSame( '', self::kg( 'environments' )->key( 'production' ), 'the others stay' );
		$second = self::rest( 'DELETE', '/environments/staging' );
		$this->assertSame( 404, $second->get_status() );
		$this->assertSame( 'key_guard_no_environment_key', $second->get_data()['code'] );
	}

	/**
	 * The plugin's own raw reads see the row, not the prepared key: the storage state is right,
	 * re-encryption re-wraps the row's own key, and deactivation writes back the key in use.
	 */
	public function test_raw_reads_see_the_row_not_the_prepared_key() {
		$production = Sim_Keys::key( 'ok', 'prod-row' );
		self::production_key( $production );
		$local = Sim_Keys::key( 'ok', 'local-raw' );
		self::bring_entry( 'local', $local );
		$guard = self::kg( 'writes' );
		$this->assertSame( 'encrypted', self::kg( 'row' )->state() );
		$this->assertSame( 'encrypted', self::kg( 'status' )->describe()['storage'] );

		$guard->rewrap();
		$this->assertSame( $production, Key_Cipher::for_site( Key_Store::OPTION )->decrypt( self::raw_option() )['plaintext'], 'the row keeps its own key' );
		$this->assertNotNull( self::raw_entries() );

		$guard->restore_plaintext();
		$this->assertSame( $local, self::raw_option(), 'without the plugin, core gets the key this site uses' );
	}

	/**
	 * A ciphertext moved to another slot stays unreadable even after the real slot was opened
	 * in the same request.
	 */
	public function test_slot_binding_survives_the_memo() {
		$keys  = self::kg( 'environments' );
		$stage = Sim_Keys::key( 'ok', 'stage-memo' );
		self::bring_entry( 'staging', $stage );
		$this->assertSame( $stage, $keys->key( 'staging' ) );
		$stored          = get_option( Environment_Keys::OPTION );
		$stored['local'] = $stored['staging'];
		update_option( Environment_Keys::OPTION, $stored );
		$this->assertSame( '', $keys->key( 'local' ) );
		$this->assertSame( $stage, $keys->key( 'staging' ) );
	}

	/**
	 * A prepared key in the first format (kg1:) is read, and re-encrypted on the next admin page
	 * load, other entries kept; reading it schedules no write at all.
	 */
	public function test_old_format_is_rewrapped_on_admin_init() {
		$stage = Sim_Keys::key( 'ok', 'stage-kg1' );
		$prod  = Sim_Keys::key( 'ok', 'prod-kept' );
		$nonce = random_bytes( SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES );
		$kg1   = 'kg1:' . base64_encode( $nonce . sodium_crypto_aead_xchacha20poly1305_ietf_encrypt( $stage, Environment_Keys::OPTION . '|staging', $nonce, Key_Cipher::derive( wp_salt( 'logged_in' ) ) ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		self::bring_entry( 'production', $prod );
		$stored            = get_option( Environment_Keys::OPTION );
		$stored['staging'] = array_merge( $stored['production'], array( 'key' => $kg1 ) );
		update_option( Environment_Keys::OPTION, $stored, false );

		$added = self::shutdown_callbacks_added(
			function () use ( $stage ) {
				$this->assertSame( $stage, self::kg( 'environments' )->key( 'staging' ) );
			}
		);
		$this->assertSame( array(), $added, 'a read schedules no write' );
		$this->assertStringStartsWith( 'kg1:', get_option( Environment_Keys::OPTION )['staging']['key'] );

		$this->assertSame( 10, has_action( 'admin_init', self::hooked( 'option', 'rewrap_stale' ) ) );
		self::kg( 'option' )->rewrap_stale();
		$this->assertStringStartsWith( 'kg2:', get_option( Environment_Keys::OPTION )['staging']['key'] );
		$this->assertSame( $stage, self::kg( 'environments' )->key( 'staging' ) );
		$this->assertSame( $prod, self::kg( 'environments' )->key( 'production' ) );
	}

	/**
	 * The shutdown callbacks a task adds.
	 *
	 * @param callable $task The task.
	 * @return callable[]
	 */
	private static function shutdown_callbacks_added( callable $task ) {
		$list   = static function () {
			$hook = $GLOBALS['wp_filter']['shutdown'] ?? null;
			$out  = array();
			foreach ( $hook ? $hook->callbacks : array() as $callbacks ) {
				foreach ( $callbacks as $id => $callback ) {
					$out[ $id ] = $callback['function'];
				}
			}
			return $out;
		};
		$before = $list();
		$task();
		return array_values( array_diff_key( $list(), $before ) );
	}

	/**
	 * Removing the key by another path (core's Remove, its validation wiping the key) also drops
	 * the prepared key in use, which would otherwise keep being handed out.
	 */
	public function test_removal_by_anyone_drops_the_prepared_key() {
		foreach ( array(
			'empty'  => 'update',
			'delete' => 'delete',
		) as $how ) {
			self::bring_entry( 'local', Sim_Keys::key( 'ok', 'local-' . $how ) );
			update_option( Key_Store::OPTION, Sim_Keys::key( 'ok', 'row-' . $how ) );
			self::bring_entry( 'local', Sim_Keys::key( 'ok', 'local-' . $how ) );
			$this->assertNotSame( '', get_option( Key_Store::OPTION ) );
			if ( 'update' === $how ) {
				update_option( Key_Store::OPTION, '' );
			} else {
				delete_option( Key_Store::OPTION );
			}
			$this->assertSame( '', get_option( Key_Store::OPTION ), $how );
			$this->assertNull( self::raw_entries(), $how );
			$this->assertSame( 'removed', self::kg( 'audit' )->events()[0]['event'] );
		}
	}

	/**
	 * The key this site uses, or one saved for another environment, is refused as another
	 * environment's key: a copy would spend it with no hold.
	 */
	public function test_same_key_for_two_environments_is_refused() {
		$main = Sim_Keys::key( 'ok', 'main-same' );
		self::kg( 'store' )->save( $main, get_current_user_id() );
		$response = self::rest( 'POST', '/environments/staging', array( 'key' => $main ) );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( 'key_guard_same_key', $response->get_data()['code'] );

		$staging = Sim_Keys::key( 'ok', 'staging-same' );
		$this->assertSame( 200, self::rest( 'POST', '/environments/staging', array( 'key' => $staging ) )->get_status() );
		$this->assertSame( 409, self::rest( 'POST', '/environments/development', array( 'key' => $staging ) )->get_status() );
		$this->assertSame( 200, self::rest( 'POST', '/environments/staging', array( 'key' => $staging ) )->get_status(), 'saving it again in its own slot is fine' );
		$this->assertNull( self::kg( 'environments' )->describe()[2]['saved_at'], 'development stays empty' );
	}
}
