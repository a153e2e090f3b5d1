<?php
/**
 * Tests for Key_Writes: the plugin's own writes on deactivation and activation.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;
use Key_Guard\Key\Key_Writes;
use Key_Guard\Storage\Key_Cipher;

/**
 * Deactivation hands core a key it can send, or no key at all: never ciphertext.
 */
final class Key_Writes_Test extends TestCase {

	/**
	 * Leaves no parked row behind.
	 */
	protected function tear_down() {
		delete_option( Key_Writes::PARKED_OPTION );
		parent::tear_down();
	}

	/**
	 * A held key (production key on this local copy) cannot be handed to core in plaintext: the row
	 * is parked, core's option emptied, and activation puts it back, still held.
	 */
	public function test_a_held_row_is_parked_on_deactivation_and_back_on_activation() {
		$key = Sim_Keys::key( 'ok', 'parked' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		update_option( Key_Metadata::OPTION, $meta );
		$row = self::raw_option();
		$this->assertSame( '', get_option( Key_Store::OPTION ), 'held' );

		self::kg( 'activation' )->deactivate( false );
		$this->assertSame( '', (string) self::raw_option(), 'core gets no key, not ciphertext' );
		$this->assertSame( $row, get_option( Key_Writes::PARKED_OPTION ) );
		$this->assertSame( $meta, get_option( Key_Metadata::OPTION ), 'no removal recorded' );

		self::kg( 'activation' )->activate( false );
		$this->assertSame( $key, self::kg( 'row' )->plaintext(), 'back, re-encrypted by activation' );
		$this->assertFalse( get_option( Key_Writes::PARKED_OPTION ) );
		$this->assertSame( $meta, get_option( Key_Metadata::OPTION ) );
		$this->assertTrue( self::kg( 'hold' )->is_holding() );
	}

	/**
	 * A row that cannot be decrypted is parked too; a key saved while the plugin was inactive wins
	 * over the parked row on activation.
	 */
	public function test_a_key_saved_meanwhile_wins_over_the_parked_row() {
		$other = new Key_Cipher( array( Key_Cipher::derive( 'elsewhere ' . wp_generate_password( 40 ) ) ), Key_Store::OPTION );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'before' ), 1 );
		global $wpdb;
		$wpdb->update( $wpdb->options, array( 'option_value' => $other->encrypt( Sim_Keys::random() ) ), array( 'option_name' => Key_Store::OPTION ) );
		wp_cache_delete( Key_Store::OPTION, 'options' );
		self::kg( 'option' )->forget_answers();
		$this->assertSame( 'undecryptable', self::kg( 'row' )->state() );

		self::kg( 'activation' )->deactivate( false );
		$this->assertSame( '', (string) self::raw_option() );
		$this->assertStringStartsWith( 'kg2:', (string) get_option( Key_Writes::PARKED_OPTION ) );

		$meanwhile = Sim_Keys::key( 'ok', 'meanwhile' );
		$wpdb->update( $wpdb->options, array( 'option_value' => $meanwhile ), array( 'option_name' => Key_Store::OPTION ) );
		wp_cache_delete( Key_Store::OPTION, 'options' );
		self::kg( 'activation' )->activate( false );
		$this->assertSame( $meanwhile, get_option( Key_Store::OPTION ) );
		$this->assertStringStartsWith( 'kg2:', self::raw_option(), 'encrypted on activation' );
		$this->assertFalse( get_option( Key_Writes::PARKED_OPTION ) );
	}
}
