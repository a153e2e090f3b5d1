<?php
/**
 * Tests for Key_Cipher with deterministic keys.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Store;
use Key_Guard\Storage\Key_Cipher;


/**
 * Round trips, fresh nonces, tampering, wrong keys, rotation, the format.
 */
final class Key_Cipher_Test extends TestCase {

	/**
	 * A cipher over fixed keys.
	 *
	 * @param string[] $secrets Secrets, current first.
	 * @param string   $context Authenticated data.
	 * @return Key_Cipher
	 */
	private static function cipher( array $secrets, $context = 'connectors_ai_openai_api_key' ) {
		return new Key_Cipher( array_map( array( Key_Cipher::class, 'derive' ), $secrets ), $context );
	}

	/**
	 * Encrypts to the versioned format and decrypts back, with a fresh nonce each time.
	 */
	public function test_round_trip_with_fresh_nonce() {
		$key    = Sim_Keys::key( 'ok' );
		$cipher = self::cipher( array( str_repeat( 'a', 32 ) ) );
		$one    = $cipher->encrypt( $key );
		$two    = $cipher->encrypt( $key );
		$this->assertStringStartsWith( 'kg2:', $one );
		$this->assertNotSame( $one, $two, 'A fresh nonce per write.' );
		$this->assertStringNotContainsString( substr( $key, 8, 20 ), $one );
		$this->assertSame(
			array(
				'plaintext' => $key,
				'key_index' => 0,
			),
			$cipher->decrypt( $one )
		);
		// 24-byte nonce + 16-byte tag around the plaintext.
		$this->assertSame( 24 + strlen( $key ) + 16, strlen( base64_decode( substr( $one, 4 ) ) ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
	}

	/**
	 * Any flipped byte is detected, never decrypted to garbage.
	 */
	public function test_tampering_is_detected() {
		$cipher = self::cipher( array( str_repeat( 'a', 32 ) ) );
		$raw    = base64_decode( substr( $cipher->encrypt( Sim_Keys::key( 'ok' ) ), 4 ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
		foreach ( array( 0, 23, 24, 60, strlen( $raw ) - 1 ) as $at ) {
			$bad        = $raw;
			$bad[ $at ] = chr( ord( $bad[ $at ] ) ^ 1 );
			$this->assertNull( $cipher->decrypt( 'kg2:' . base64_encode( $bad ) ), "byte $at" ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		}
		$this->assertNull( $cipher->decrypt( 'kg2:' . base64_encode( substr( $raw, 0, 30 ) ) ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		$this->assertNull( $cipher->decrypt( 'kg1:not base64!' ) );
		$this->assertNull( $cipher->decrypt( 'plain-text-key' ) );
	}

	/**
	 * Another site's key or another option name cannot open it.
	 */
	public function test_wrong_key_or_context_fails() {
		$sealed = self::cipher( array( str_repeat( 'a', 32 ) ) )->encrypt( 'sk-secret' );
		$this->assertNull( self::cipher( array( str_repeat( 'b', 32 ) ) )->decrypt( $sealed ) );
		$this->assertNull( self::cipher( array( str_repeat( 'a', 32 ) ), 'other_option' )->decrypt( $sealed ) );
	}

	/**
	 * An older key still decrypts and says so, so the row can be re-encrypted.
	 */
	public function test_previous_key_decrypts_with_its_index() {
		$sealed  = self::cipher( array( str_repeat( 'old', 11 ) ) )->encrypt( 'sk-secret' );
		$rotated = self::cipher( array( str_repeat( 'new', 11 ), str_repeat( 'old', 11 ) ) );
		$this->assertSame(
			array(
				'plaintext' => 'sk-secret',
				'key_index' => 1,
			),
			$rotated->decrypt( $sealed )
		);
		$this->assertSame( 0, $rotated->decrypt( $rotated->encrypt( 'sk-secret' ) )['key_index'] );
	}

	/**
	 * HKDF gives 32 bytes, different for different secrets, the same for the same.
	 */
	public function test_derive() {
		$this->assertSame( 32, strlen( Key_Cipher::derive( 'x' ) ) );
		$this->assertSame( Key_Cipher::derive( 'x' ), Key_Cipher::derive( 'x' ) );
		$this->assertNotSame( Key_Cipher::derive( 'x' ), Key_Cipher::derive( 'y' ) );
	}

	/**
	 * Salt constants as wp_salt() reads them: which leave the encryption secret in the database.
	 *
	 * @return array
	 */
	public function salt_cases() {
		$good = array(
			'AUTH_KEY'       => 'a1',
			'LOGGED_IN_KEY'  => 'l1',
			'LOGGED_IN_SALT' => 'l2',
		);
		return array(
			'both defined, unique'       => array( $good, false ),
			'no salt at all'             => array( array(), true ),
			'LOGGED_IN_SALT missing'     => array( array( 'LOGGED_IN_KEY' => 'l1' ), true ),
			'empty LOGGED_IN_KEY'        => array( array_merge( $good, array( 'LOGGED_IN_KEY' => '' ) ), true ),
			'the sample phrase'          => array( array_merge( $good, array( 'LOGGED_IN_SALT' => 'put your unique phrase here' ) ), true ),
			'same value as AUTH_KEY'     => array( array_merge( $good, array( 'LOGGED_IN_KEY' => 'a1' ) ), true ),
			'an unrelated salt repeated' => array(
				array_merge(
					$good,
					array(
						'NONCE_KEY'  => 'x',
						'NONCE_SALT' => 'x',
					)
				),
				false,
			),
		);
	}

	/**
	 * Every way WordPress ends up generating the logged-in salts and storing them in the database.
	 *
	 * @dataProvider salt_cases
	 *
	 * @param array<string, string> $salts    Salt constants.
	 * @param bool                  $expected Whether the secret is in the database.
	 */
	public function test_salts_in_the_database_are_recognised( array $salts, $expected ) {
		$this->assertSame( $expected, Key_Cipher::logged_in_salts_from_database( $salts ) );
	}

	/**
	 * This test site's wp-config.php defines its own salts: no warning in the status.
	 */
	public function test_status_has_no_storage_warning_with_salts_in_config() {
		self::kg( 'store' )->save( Sim_Keys::random(), 1 );
		$this->assertFalse( Key_Cipher::secret_in_database() );
		$status = self::kg( 'status' )->describe();
		$this->assertNull( $status['storage_warning'] );
		$this->assertNotContains( 'salts_in_database', wp_list_pluck( $status['warnings'], 'code' ) );
	}

	/**
	 * A row bound to another site of the network (same salts) does not open here; a kg1: row, bound
	 * to the option name alone, still opens and is marked for re-encryption in the kg2: format.
	 */
	public function test_rows_are_bound_to_their_site() {
		$key     = Sim_Keys::random();
		$keys    = array( Key_Cipher::derive( wp_salt( 'logged_in' ) ) );
		$here    = new Key_Cipher( $keys, Key_Store::OPTION );
		$other   = new Key_Cipher( $keys, Key_Store::OPTION, get_current_blog_id() + 1 );
		$network = new Key_Cipher( $keys, Key_Store::OPTION, null, get_current_network_id() + 1 );
		$this->assertSame( $key, $here->decrypt( $here->encrypt( $key ) )['plaintext'] );
		$this->assertNull( $here->decrypt( $other->encrypt( $key ) ), 'Another site of the network.' );
		$this->assertNull( $here->decrypt( $network->encrypt( $key ) ), 'Another network.' );

		self::write_raw_row( $other->encrypt( $key ) );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		$this->assertSame( 'undecryptable', self::kg( 'row' )->state() );

		$nonce = random_bytes( SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES );
		$kg1   = 'kg1:' . base64_encode( $nonce . sodium_crypto_aead_xchacha20poly1305_ietf_encrypt( $key, Key_Store::OPTION, $nonce, $keys[0] ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		$this->assertSame(
			array(
				'plaintext' => $key,
				'key_index' => 1,
			),
			$here->decrypt( $kg1 ),
			'Read, and to be re-encrypted.'
		);
		self::write_raw_row( $kg1 );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertStringStartsWith( 'kg1:', self::raw_option(), 'A read writes nothing.' );
		self::kg( 'option' )->rewrap_stale(); // The next admin page load.
		$this->assertStringStartsWith( 'kg2:', self::raw_option() );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
	}

	/**
	 * Writes the row as it is, past every filter.
	 *
	 * @param string $value The row.
	 */
	private static function write_raw_row( $value ) {
		global $wpdb;
		if ( null === self::raw_option() ) {
			add_option( Key_Store::OPTION, 'sk-placeholder-to-replace-0000', '', false );
		}
		$wpdb->update( $wpdb->options, array( 'option_value' => $value ), array( 'option_name' => Key_Store::OPTION ) );
		wp_cache_delete( Key_Store::OPTION, 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		key_guard()->get( 'option' )->forget_answers();
	}
}
