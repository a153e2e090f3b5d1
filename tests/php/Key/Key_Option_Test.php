<?php
/**
 * Tests for Key_Option: what a reader of core's key option costs and gets.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Environment_Keys;
use Key_Guard\Key\Key_Facts;
use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;
use Key_Guard\Storage\Key_Cipher;

/**
 * Another plugin reading the key (get_option) pays at most one query for the first read of a
 * request and none after, whatever the copy and environment checks need; answers follow changes.
 */
final class Key_Option_Test extends TestCase {

	/**
	 * Starts each measured request as a new one: an empty object cache, the autoloaded options loaded.
	 */
	private static function new_request() {
		wp_cache_flush();
		key_guard()->get( 'option' )->forget_answers();
		wp_load_alloptions();
	}

	/**
	 * Queries and result of reading the key $times times in a fresh request.
	 *
	 * @param int $times How many reads.
	 * @return array{first: int, later: int, key: mixed}
	 */
	private static function reads( $times ) {
		global $wpdb;
		self::new_request();
		$before = $wpdb->num_queries;
		$key    = get_option( Key_Store::OPTION );
		$first  = $wpdb->num_queries - $before;
		for ( $i = 1; $i < $times; $i++ ) {
			get_option( Key_Store::OPTION );
		}
		return array(
			'first' => $first,
			'later' => $wpdb->num_queries - $before - $first,
			'key'   => $key,
		);
	}

	/**
	 * The facts are written with the metadata, autoloaded and small.
	 */
	public function test_facts_follow_the_metadata_and_stay_small() {
		$key = Sim_Keys::key( 'ok', 'facts' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$facts = get_option( Key_Facts::OPTION );
		$this->assertSame( self::kg( 'meta' )->fingerprint( $key ), $facts['fingerprint'] );
		$this->assertSame( array(), $facts['prepared'] );
		$this->assertLessThanOrEqual( 512, strlen( maybe_serialize( $facts ) ), 'Autoloaded bytes added.' );
		global $wpdb;
		$autoload = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", Key_Facts::OPTION ) );
		$this->assertContains( $autoload, array( 'on', 'yes' ), 'Autoloaded: reading it costs no query.' );

		self::kg( 'store' )->delete();
		$this->assertSame( '', get_option( Key_Facts::OPTION )['fingerprint'], 'Removing the key clears its facts.' );
	}

	/**
	 * A saved key (not autoloaded): one query for the row (and on a network one for the network's
	 * settings, whether site keys count), then none, however many reads.
	 */
	public function test_a_saved_key_costs_one_query_then_none() {
		$key = Sim_Keys::key( 'ok', 'one-query' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$reads = self::reads( 50 );
		$this->assertSame( $key, $reads['key'] );
		$this->assertLessThanOrEqual( is_multisite() ? 2 : 1, $reads['first'] );
		$this->assertSame( 0, $reads['later'] );
	}

	/**
	 * A production key on this (local) copy: held back, decided without reading the metadata.
	 */
	public function test_the_hold_is_decided_without_a_query() {
		$key = Sim_Keys::key( 'ok', 'held-cheaply' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		update_option( Key_Metadata::OPTION, $meta );

		$reads = self::reads( 20 );
		$this->assertSame( '', $reads['key'], 'Held.' );
		$this->assertLessThanOrEqual( is_multisite() ? 2 : 1, $reads['first'] );
		$this->assertSame( 0, $reads['later'] );

		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertTrue( self::kg( 'hold' )->confirm_here() );
		$this->assertSame( $key, get_option( Key_Store::OPTION ), 'A confirmation changes the answer in the same request.' );
	}

	/**
	 * A key prepared for this environment type: one query (the prepared keys), the row not read.
	 */
	public function test_a_prepared_key_costs_one_query() {
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'row' ), self::user( 'administrator' ) );
		$local = Sim_Keys::key( 'ok', 'prepared-local' );
		update_option(
			Environment_Keys::OPTION,
			array(
				'local' => array(
					'key'      => Key_Cipher::for_site( Environment_Keys::OPTION . '|local' )->encrypt( $local ),
					'saved_at' => time(),
					'saved_by' => 1,
					'site'     => 'https://www.example.com',
				),
			),
			false
		);
		$this->assertSame( array( 'local' ), get_option( Key_Facts::OPTION )['prepared'] );
		$reads = self::reads( 20 );
		$this->assertSame( $local, $reads['key'] );
		$this->assertLessThanOrEqual( is_multisite() ? 2 : 1, $reads['first'] );
		$this->assertSame( 0, $reads['later'] );
	}

	/**
	 * Before the facts exist (an upgraded site whose upgrade has not run), reads still hold back a
	 * production key: the metadata is read instead.
	 */
	public function test_without_facts_the_metadata_decides() {
		$key = Sim_Keys::key( 'ok', 'legacy' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		global $wpdb;
		$wpdb->update( $wpdb->options, array( 'option_value' => maybe_serialize( $meta ) ), array( 'option_name' => Key_Metadata::OPTION ) );
		$wpdb->delete( $wpdb->options, array( 'option_name' => Key_Facts::OPTION ) );
		$this->assertSame( '', self::reads( 2 )['key'] );

		delete_option( 'key_guard_version' );
		self::kg( 'installer' )->upgrade();
		$this->assertSame( 'production', get_option( Key_Facts::OPTION )['environment'], 'The upgrade writes the facts.' );
	}
}
