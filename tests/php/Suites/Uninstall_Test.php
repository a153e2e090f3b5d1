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
use Key_Guard\Key\Key_Writes;
use Key_Guard\Storage\Key_Cipher;
use Key_Guard\Storage\Option_Lock;
use Key_Guard\Usage\Request_Log;

/**
 * Uninstalling removes every row of ours, on every site of every network, and leaves core's key
 * option to core in a form core can use: plaintext, or no row at all.
 *
 * Each test runs the real uninstall_plugin() in a PHP process of its own in which the plugin is not
 * loaded (tests/php/Suites/uninstall-runner.php), as WordPress uninstalls an inactive plugin.
 */
final class Uninstall_Test extends TestCase {

	/**
	 * A second network made by a test, removed afterwards: network ID and its site's ID.
	 *
	 * @var array{network: int, site: int}|null
	 */
	private $other_network = null;

	/**
	 * Logs in as an administrator.
	 */
	protected function set_up() {
		parent::set_up();
		wp_set_current_user( self::user( 'administrator' ) );
	}

	/**
	 * Removes a second network made by a test.
	 */
	protected function tear_down() {
		global $wpdb;
		if ( $this->other_network ) {
			if ( $this->other_network['site'] ) {
				wp_delete_site( $this->other_network['site'] );
			}
			$wpdb->delete( $wpdb->sitemeta, array( 'site_id' => $this->other_network['network'] ) );
			$wpdb->delete( $wpdb->site, array( 'id' => $this->other_network['network'] ) );
			wp_cache_flush();
		}
		// Later tests find the plugin installed again, as on a site where it is active.
		\Key_Guard\Lifecycle\Sites::on_each_site( true, array( self::kg( 'installer' ), 'install' ) );
		parent::tear_down();
	}

	/**
	 * Deactivated first, as WordPress requires: every row of ours goes (options, user meta, the
	 * models lists and the test limiter's counts with their timeouts, lock rows) and the plaintext
	 * key that deactivation wrote back stays for core and other plugins.
	 */
	public function test_uninstall_removes_our_data_and_keeps_the_plaintext_key() {
		$admin = self::user( 'administrator' );
		$key   = Sim_Keys::key( 'ok', 'uninstall' );
		self::kg( 'store' )->save( $key, $admin );
		$this->assertSame( 200, self::rest( 'POST', '/environments/staging', array( 'key' => Sim_Keys::key( 'ok', 'uninstall-staging' ) ) )->get_status() );
		self::leave_rows_of_every_kind( $key );
		if ( is_multisite() ) {
			$this->assertIsArray( self::kg( 'network_store' )->save( Sim_Keys::key( 'ok', 'uninstall-network' ), $admin ), 'a network key to remove' );
		}
		$this->assertNotFalse( get_option( 'key_guard_audit' ) );
		$this->assertNotSame( array(), self::our_rows() );

		$this->assertSame( array( true, true, true ), self::our_tables_exist() );
		$this->assertNotFalse( wp_next_scheduled( Request_Log::CRON ) );

		self::kg( 'activation' )->deactivate( false );
		$this->assertSame( $key, self::raw_option(), 'deactivation wrote the plaintext back' );
		$this->assertFalse( wp_next_scheduled( Request_Log::CRON ), 'deactivation stops the clean-up' );
		self::uninstall();

		$this->assertSame( array(), self::our_rows() );
		$this->assertSame( array( false, false, false ), self::our_tables_exist(), 'the usage tables are dropped' );
		$this->assertSame( '', get_user_meta( $admin, Rotation_Advice::DISMISSED_META, true ) );
		$this->assertSame( $key, self::raw_option(), 'the key stays for core and other plugins' );
	}

	/**
	 * Uninstalled without deactivation (which WordPress requires, but a site may have skipped it,
	 * e.g. a network of another network's deactivation): the ciphertext becomes the key in use,
	 * in plaintext: the row's own key, or the key prepared for this site's environment type.
	 */
	public function test_uninstall_without_deactivation_writes_the_key_in_use_back() {
		$key = Sim_Keys::key( 'ok', 'not-deactivated' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$this->assertTrue( Key_Cipher::is_ciphertext( self::raw_option() ) );
		self::uninstall();
		$this->assertSame( $key, self::raw_option() );

		self::allow_site_keys(); // Uninstalling removed the network's settings too.
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$this->assertTrue( Key_Cipher::is_ciphertext( self::raw_option() ) );
		$prepared = Sim_Keys::key( 'ok', 'prepared-for-local' );
		update_option(
			Environment_Keys::OPTION,
			array(
				wp_get_environment_type() => array(
					'key'      => Key_Cipher::for_site( Environment_Keys::OPTION . '|' . wp_get_environment_type() )->encrypt( $prepared ),
					'saved_at' => time(),
					'saved_by' => self::user( 'administrator' ),
					'site'     => 'https://www.example.com',
				),
			),
			false
		);
		$this->assertSame( $prepared, get_option( Key_Store::OPTION ), 'this site runs on the prepared key' );
		self::uninstall();
		$this->assertSame( $prepared, self::raw_option(), 'what deactivation would have written' );
	}

	/**
	 * A production key held back on this copy, and a row that no longer decrypts, cannot be turned
	 * back into the key: the ciphertext is removed rather than left for core to send as a key.
	 */
	public function test_rows_that_cannot_become_plaintext_are_removed() {
		$key = Sim_Keys::key( 'ok', 'held' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		update_option( Key_Metadata::OPTION, $meta );
		$this->assertTrue( self::kg( 'hold' )->is_holding(), 'held on this local copy' );
		self::kg( 'activation' )->deactivate( false );
		$this->assertSame( '', (string) self::raw_option(), 'deactivation gives core no key, not the ciphertext' );
		$this->assertTrue( Key_Cipher::is_ciphertext( get_option( Key_Writes::PARKED_OPTION ) ), 'the held row is parked' );
		self::uninstall();
		$this->assertFalse( Key_Cipher::is_ciphertext( self::raw_option() ), 'no ciphertext for core' );
		$this->assertNull( self::raw_row( Key_Writes::PARKED_OPTION ), 'the parked row is removed' );
		delete_option( Key_Store::OPTION );

		self::allow_site_keys(); // Uninstalling removed the network's settings too.
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$other = new Key_Cipher( array( Key_Cipher::derive( str_repeat( 'another site\'s secret ', 3 ) ) ), Key_Store::OPTION );
		self::write_raw( $other->encrypt( $key ) );
		$this->assertSame( 'undecryptable', self::kg( 'row' )->state() );
		self::uninstall();
		$this->assertNull( self::raw_option(), 'the undecryptable row is removed' );
	}

	/**
	 * An option row as stored, or null.
	 *
	 * @param string $name Option name.
	 * @return string|null
	 */
	private static function raw_row( $name ) {
		global $wpdb;
		return $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $name ) );
	}

	/**
	 * On a network: every site of every network, and every network's own rows (the reason to
	 * rotate, the test limiter's counts). A second network is made for the test.
	 */
	public function test_every_site_of_every_network() {
		global $wpdb;
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Multisite only: scripts/test.sh runs this on the network site.' );
		}
		$admin = self::user( 'administrator' );
		$wpdb->insert(
			$wpdb->site,
			array(
				'domain' => 'network2.example.test',
				'path'   => '/',
			)
		);
		$network             = (int) $wpdb->insert_id;
		$this->other_network = array(
			'network' => $network,
			'site'    => 0,
		);
		// Uploads as on the first network (core's default for a network without the row is the old ms-files).
		$wpdb->insert(
			$wpdb->sitemeta,
			array(
				'site_id'    => $network,
				'meta_key'   => 'ms_files_rewriting', // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- a fixture row.
				'meta_value' => '0', // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_value -- a fixture row.
			)
		);
		$_SERVER['REMOTE_ADDR'] = '127.0.0.1'; // Core logs who made the site.
		$site                   = wp_insert_site(
			array(
				'domain'     => 'network2.example.test',
				'path'       => '/',
				'network_id' => $network,
				'user_id'    => $admin,
			)
		);
		unset( $_SERVER['REMOTE_ADDR'] );
		$this->assertIsInt( $site );
		switch_to_blog( $site );
		$this->assertSame( array( true, true, true ), self::our_tables_exist(), 'a site made later has the usage tables at once' );
		restore_current_blog();
		$this->other_network['site'] = $site;

		$keys  = array();
		$sites = get_sites(
			array(
				'fields' => 'ids',
				'number' => 0,
			)
		);
		foreach ( $sites as $site_id ) {
			switch_to_blog( $site_id );
			$keys[ $site_id ] = Sim_Keys::key( 'ok', "site-$site_id" );
			self::kg( 'store' )->save( $keys[ $site_id ], $admin );
			self::leave_rows_of_every_kind( $keys[ $site_id ] );
			restore_current_blog();
		}
		foreach ( array( get_current_network_id(), $network ) as $network_id ) {
			update_network_option( $network_id, Rotation_Advice::OPTION, self::reason() );
			update_network_option( $network_id, '_site_transient_' . Rate_Limiter::TRANSIENT . $admin, array( microtime( true ) ) );
			update_network_option( $network_id, '_site_transient_timeout_' . Rate_Limiter::TRANSIENT . $admin, time() + 60 );
		}
		$this->assertGreaterThan( 2, count( $sites ) );

		self::uninstall();

		$this->assertSame( array(), self::our_rows() );
		foreach ( $sites as $site_id ) {
			switch_to_blog( $site_id );
			$raw = self::raw_option();
			restore_current_blog();
			$this->assertSame( $keys[ $site_id ], $raw, "site $site_id: the key in plaintext" );
			switch_to_blog( $site_id );
			$tables = self::our_tables_exist();
			restore_current_blog();
			$this->assertSame( array( false, false, false ), $tables, "site $site_id: the usage tables are dropped" );
		}
	}

	/**
	 * Whether each of the plugin's tables exists on the current site.
	 *
	 * @return bool[]
	 */
	private static function our_tables_exist() {
		return array_map(
			static function ( $name ) {
				return self::kg( $name )->exists();
			},
			array( 'usage', 'requests', 'quota' )
		);
	}

	/**
	 * Leaves a row of each kind the plugin writes on the current site: a reason to rotate, a
	 * dismissal, a count of tests, a models list, lock rows.
	 *
	 * @param string $key The site's key.
	 */
	private static function leave_rows_of_every_kind( $key ) {
		global $wpdb;
		$admin = self::user( 'administrator' );
		update_option( Rotation_Advice::OPTION, self::reason() );
		update_user_meta( $admin, Rotation_Advice::DISMISSED_META, array( 'key_old' => 1 ) );
		self::kg( 'limiter' )->hit( $admin );
		self::kg( 'lists' )->remember( $key, array( 'gpt-test' => null ) );
		self::kg( 'limits' )->update( array( 'requests_per_day' => 100 ) );
		self::kg( 'usage' )->add( wp_date( 'Y-m-d' ), 'gpt-test', 'core', array( 'requests' => 1 ) );
		self::kg( 'setup' )->change(
			array(
				'step' => 'dashboard',
				'done' => true,
			)
		);
		self::kg( 'requests' )->add(
			array(
				'caller'   => 'core',
				'method'   => 'POST',
				'endpoint' => 'responses',
				'model'    => 'gpt-test',
				'outcome'  => 'sent',
			)
		);
		self::kg( 'evidence' )->roll_up();
		foreach ( array(
			$wpdb->base_prefix . 'options' => Rate_Limiter::LOCK . $admin,
			$wpdb->options                 => Option_Lock::PREFIX . 'audit',
		) as $table => $name ) {
			$wpdb->replace(
				$table,
				array(
					'option_name'  => $name,
					'option_value' => '1.000',
					'autoload'     => 'off',
				)
			);
		}
	}

	/**
	 * A reason to rotate, as Rotation_Advice stores it.
	 *
	 * @return array{user: string, at: int}
	 */
	private static function reason() {
		return array(
			'user' => 'someone who left',
			'at'   => time(),
		);
	}

	/**
	 * Our rows left anywhere: every site's options and the network options (key_guard_dev_* rows
	 * belong to the dev sites' must-use plugin, not to the plugin).
	 *
	 * @return string[] Table and row names.
	 */
	private static function our_rows() {
		global $wpdb;
		$tables = array( $wpdb->options => 'option_name' );
		if ( is_multisite() ) {
			$tables = array( $wpdb->sitemeta => 'meta_key' );
			foreach ( get_sites( array( 'number' => 0 ) ) as $site ) {
				$tables[ $wpdb->get_blog_prefix( $site->blog_id ) . 'options' ] = 'option_name';
			}
		}
		$rows = array();
		foreach ( $tables as $table => $column ) {
			$names = $wpdb->get_col( $wpdb->prepare( "SELECT {$column} FROM {$table} WHERE {$column} LIKE %s AND {$column} NOT LIKE %s", '%' . $wpdb->esc_like( 'key_guard_' ) . '%', $wpdb->esc_like( 'key_guard_dev_' ) . '%' ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- core's tables.
			foreach ( $names as $name ) {
				$rows[] = "$table: $name";
			}
		}
		return $rows;
	}

	/**
	 * Writes the key row as it is, past every filter.
	 *
	 * @param string $value The row's value.
	 */
	private static function write_raw( $value ) {
		global $wpdb;
		$wpdb->update( $wpdb->options, array( 'option_value' => $value ), array( 'option_name' => Key_Store::OPTION ) );
		wp_cache_flush();
	}

	/**
	 * Uninstalls the plugin in a process of its own where it is not loaded; this process's cache
	 * is dropped afterwards (the database changed behind it).
	 *
	 * @throws \RuntimeException When the uninstall fails or prints anything.
	 */
	private static function uninstall() {
		$command = array( PHP_BINARY, __DIR__ . '/uninstall-runner.php', untrailingslashit( ABSPATH ), plugin_basename( KEY_GUARD_FILE ) );
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- WordPress uninstalls in a request of its own.
		$process = proc_open( $command, array( array( 'file', '/dev/null', 'r' ), array( 'pipe', 'w' ), array( 'pipe', 'w' ) ), $pipes );
		$output  = stream_get_contents( $pipes[1] ) . stream_get_contents( $pipes[2] );
		$code    = proc_close( $process );
		wp_cache_flush();
		if ( 0 !== $code || '' !== trim( $output ) ) {
			throw new \RuntimeException( "Uninstall exited $code: $output" );
		}
	}
}
