<?php
/**
 * Tests for Audit_Log and the events the key store and REST API record.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Key\Key_Store;
use Key_Guard\Storage\Key_Cipher;


/**
 * Saved, refused, tested, removed and failed-decrypt events; the cap; never the key.
 */
final class Audit_Log_Test extends TestCase {

	/**
	 * A save, a refusal, two tests and a removal through the REST API, newest first, without the key.
	 */
	public function test_events_through_the_rest_api() {
		wp_set_current_user( self::user( 'administrator' ) );
		$_SERVER['REMOTE_ADDR'] = '203.0.113.7';
		$key                    = Sim_Keys::random();
		self::rest( 'POST', '/key', array( 'key' => $key ) );
		self::rest( 'POST', '/key', array( 'key' => 'sk-admin-' . str_repeat( 'a', 40 ) ) );
		self::rest( 'POST', '/test', array() );
		self::rest( 'POST', '/test', array( 'key' => Sim_Keys::key( 'invalid_key' ) ) );
		self::rest( 'DELETE', '/key' );

		$events = self::rest( 'GET', '/audit' )->get_data();
		$this->assertSame( array( 'removed', 'tested', 'tested', 'refused_save', 'saved' ), wp_list_pluck( $events, 'event' ) );
		$this->assertSame( array( '', 'typed_invalid_key', 'connected', 'key_guard_admin_key', 'project' ), wp_list_pluck( $events, 'outcome' ) );
		$this->assertSame( self::user( 'administrator' ), $events[0]['user']['id'] );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{12}$/', $events[0]['ip_hash'] );
		$this->assertStringNotContainsString( '203.0.113.7', wp_json_encode( $events ) );
		$stored = maybe_serialize( get_option( Audit_Log::OPTION ) );
		$last   = strlen( $key ) - 20;
		for ( $i = 0; $i <= $last; $i++ ) {
			$this->assertStringNotContainsString( substr( $key, $i, 20 ), $stored );
		}
		unset( $_SERVER['REMOTE_ADDR'] );
	}

	/**
	 * Only the last 50 events are kept.
	 */
	public function test_keeps_the_last_fifty() {
		$log = self::kg( 'audit' );
		for ( $i = 0; $i < 55; $i++ ) {
			$log->record( 'tested', 'n' . $i );
		}
		$events = $log->events();
		$this->assertCount( 50, $events );
		$this->assertSame( 'n54', $events[0]['outcome'] );
		$this->assertSame( 'n5', $events[49]['outcome'] );
	}

	/**
	 * An undecryptable row is recorded once per row, at the end of a request that read it; reading the status writes nothing.
	 */
	public function test_failed_decrypt_is_recorded_once() {
		$other = new Key_Cipher( array( Key_Cipher::derive( 'elsewhere ' . wp_generate_password( 40 ) ) ), Key_Store::OPTION );
		update_option( Key_Store::OPTION, Sim_Keys::random(), false );
		global $wpdb;
		$wpdb->update( $wpdb->options, array( 'option_value' => $other->encrypt( 'sk-x' ) ), array( 'option_name' => Key_Store::OPTION ) );
		wp_cache_delete( Key_Store::OPTION, 'options' );
		$shutdown = count( $GLOBALS['wp_filter']['shutdown']->callbacks[10] ?? array() );

		self::kg( 'status' )->describe();
		$this->assertSame( array( 'saved' ), wp_list_pluck( self::kg( 'audit' )->events(), 'event' ), 'Reading the status writes nothing.' );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		$this->assertCount( $shutdown + 1, $GLOBALS['wp_filter']['shutdown']->callbacks[10], 'Reads of a broken row schedule one record for the end of the request.' );

		self::kg( 'option' )->record_failed_decrypt();
		$queries = $wpdb->num_queries;
		self::kg( 'option' )->record_failed_decrypt();
		$this->assertSame( array( 'failed_decrypt', 'saved' ), wp_list_pluck( self::kg( 'audit' )->events(), 'event' ), 'Once per row.' );
		$this->assertSame( $queries, $wpdb->num_queries, 'Already recorded: no lock taken, nothing written.' );

		$wpdb->update( $wpdb->options, array( 'option_value' => $other->encrypt( 'sk-y' ) ), array( 'option_name' => Key_Store::OPTION ) );
		wp_cache_delete( Key_Store::OPTION, 'options' );
		self::kg( 'option' )->record_failed_decrypt();
		$this->assertSame( array( 'failed_decrypt', 'failed_decrypt', 'saved' ), wp_list_pluck( self::kg( 'audit' )->events(), 'event' ), 'A changed row is recorded again.' );
	}

	/**
	 * Unknown events and junk in the stored option are ignored.
	 */
	public function test_ignores_unknown_events_and_junk() {
		update_option(
			Audit_Log::OPTION,
			array(
				'junk',
				array( 'event' => 'hacked' ),
				array(
					'event' => 'saved',
					'time'  => 1,
				),
			)
		);
		self::kg( 'audit' )->record( 'deleted_everything' );
		$this->assertSame( array( 'saved' ), wp_list_pluck( self::kg( 'audit' )->events(), 'event' ) );
	}
}
