<?php
/**
 * Tests for Encrypted_Option (through Key_Option) on real WordPress: what the row holds and what callers get.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Store;
use Key_Guard\Storage\Key_Cipher;


/**
 * Encryption at rest, transparent reads, copied databases, rotation, activation and deactivation.
 */
final class Encrypted_Option_Test extends TestCase {

	/**
	 * Writes the row as it is, bypassing every filter.
	 *
	 * @param string $value Raw value.
	 */
	private static function write_raw( $value ) {
		global $wpdb;
		delete_option( Key_Store::OPTION );
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => Key_Store::OPTION,
				'option_value' => $value,
				'autoload'     => 'off',
			)
		);
		wp_cache_delete( Key_Store::OPTION, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	}

	/**
	 * The row holds only ciphertext; core's get_option() sees the plaintext.
	 */
	public function test_row_holds_ciphertext_and_get_option_the_key() {
		$key = Sim_Keys::random();
		self::kg( 'store' )->save( $key, 1 );
		$raw = self::raw_option();
		$this->assertStringStartsWith( 'kg2:', $raw );
		$last = strlen( $key ) - 20;
		for ( $i = 0; $i <= $last; $i++ ) {
			$this->assertStringNotContainsString( substr( $key, $i, 20 ), $raw );
		}
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertSame( 'encrypted', self::kg( 'row' )->state() );
	}

	/**
	 * Every write gets a fresh nonce, even of the same key.
	 */
	public function test_each_write_has_a_fresh_nonce() {
		$key = Sim_Keys::random();
		update_option( Key_Store::OPTION, $key );
		$first = self::raw_option();
		update_option( Key_Store::OPTION, Sim_Keys::random() );
		update_option( Key_Store::OPTION, $key );
		$this->assertNotSame( $first, self::raw_option() );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
	}

	/**
	 * A row encrypted on another site (other salts) is never passed on; the status says why; a save repairs it.
	 */
	public function test_copied_database_is_undecryptable_until_saved_again() {
		$other = new Key_Cipher( array( Key_Cipher::derive( 'another site salts ' . wp_generate_password( 40 ) ) ), Key_Store::OPTION );
		self::write_raw( $other->encrypt( Sim_Keys::key( 'ok', 'copied' ) ) );

		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		$store  = self::kg( 'store' );
		$status = self::kg( 'status' )->describe();
		$this->assertFalse( $status['configured'] );
		$this->assertContains( 'undecryptable', wp_list_pluck( $status['warnings'], 'code' ) );
		$this->assertSame( 'undecryptable', $status['storage'] );
		$this->assertSame( 'undecryptable', self::kg( 'row' )->state() );

		$raw = self::raw_option();
		$this->assertWPError( $store->save( 'not a key', 1 ) );
		update_option( Key_Store::OPTION, "\u{2022}\u{2022}\u{2022}\u{2022}abcd" );
		$this->assertSame( $raw, self::raw_option(), 'Bad input leaves even an undecryptable row alone.' );

		$key = Sim_Keys::key( 'ok', 'repaired' );
		$store->save( $key, 1 );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertNotContains( 'undecryptable', wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'code' ) );
	}

	/**
	 * Tampered ciphertext is detected, not decrypted to garbage.
	 */
	public function test_tampered_row_is_undecryptable() {
		update_option( Key_Store::OPTION, Sim_Keys::random() );
		$raw      = self::raw_option();
		$tampered = substr( $raw, 0, -6 ) . ( 'A' === $raw[ strlen( $raw ) - 6 ] ? 'B' : 'A' ) . substr( $raw, -5 );
		self::write_raw( $tampered );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		$this->assertSame( 'undecryptable', self::kg( 'row' )->state() );
	}

	/**
	 * Plaintext left by core or an earlier version is readable and encrypted on activation/upgrade.
	 */
	public function test_plaintext_is_encrypted_on_upgrade() {
		$key = Sim_Keys::random();
		self::write_raw( $key );
		$guard = self::kg( 'writes' );
		$this->assertSame( 'plaintext', self::kg( 'row' )->state() );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		delete_option( 'key_guard_version' );
		self::kg( 'installer' )->upgrade();
		$this->assertStringStartsWith( 'kg2:', self::raw_option() );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertSame( KEY_GUARD_VERSION, get_option( 'key_guard_version' ) );
	}

	/**
	 * Deactivation puts the plaintext back so core keeps working; activation encrypts it again.
	 */
	public function test_deactivation_restores_plaintext() {
		$key = Sim_Keys::random();
		update_option( Key_Store::OPTION, $key );
		$guard = self::kg( 'writes' );
		$guard->restore_plaintext();
		$this->assertSame( $key, self::raw_option(), 'Without the plugin, the row itself is the key.' );
		$this->assertSame( 'plaintext', self::kg( 'row' )->state() );

		$guard->rewrap();
		$this->assertStringStartsWith( 'kg2:', self::raw_option() );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
	}

	/**
	 * With KEY_GUARD_ENCRYPTION_KEY defined, rows written under the salts still open and are re-encrypted
	 * with the constant; KEY_GUARD_ENCRYPTION_KEY_PREVIOUS rows too.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_rotation_to_a_constant_key() {
		$key        = Sim_Keys::random();
		$salts_only = new Key_Cipher( array( Key_Cipher::derive( wp_salt( 'logged_in' ) ) ), Key_Store::OPTION );
		$previous   = str_repeat( 'p', 32 );
		$by_prev    = new Key_Cipher( array( Key_Cipher::derive( $previous ) ), Key_Store::OPTION );
		define( 'KEY_GUARD_ENCRYPTION_KEY', str_repeat( 'c', 40 ) );
		define( 'KEY_GUARD_ENCRYPTION_KEY_PREVIOUS', $previous );
		$current = new Key_Cipher( array( Key_Cipher::derive( KEY_GUARD_ENCRYPTION_KEY ) ), Key_Store::OPTION );

		foreach ( array( $salts_only, $by_prev ) as $old ) {
			self::write_raw( $old->encrypt( $key ) );
			$guard = self::kg( 'writes' );
			$this->assertSame( $key, self::kg( 'row' )->open( self::raw_option() ) );
			$guard->rewrap();
			$this->assertSame( $key, $current->decrypt( self::raw_option() )['plaintext'], 'Re-encrypted with the constant.' );
			$this->assertNull( $old->decrypt( self::raw_option() ) );
		}
	}
}
