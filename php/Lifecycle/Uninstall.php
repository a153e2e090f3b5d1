<?php
/**
 * What uninstalling removes, and what it leaves to core.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Lifecycle;

use Key_Guard\Admin\Network_Page;
use Key_Guard\Admin\Setup_Notice;
use Key_Guard\Audit\Audit_Log;
use Key_Guard\Audit\Rotation_Advice;
use Key_Guard\Connection\Model_List;
use Key_Guard\Connection\Rate_Limiter;
use Key_Guard\Key\Copy_Hold;
use Key_Guard\Key\Environment_Slots;
use Key_Guard\Key\Key_Facts;
use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Resolver;
use Key_Guard\Key\Key_Writes;
use Key_Guard\Network\Network_Key;
use Key_Guard\Network\Network_Settings;
use Key_Guard\Setup\Key_Evidence;
use Key_Guard\Setup\Setup_Guide;
use Key_Guard\Storage\Encrypted_Option;
use Key_Guard\Storage\Installer;
use Key_Guard\Storage\Key_Cipher;
use Key_Guard\Storage\Option_Lock;
use Key_Guard\Usage\Limits;
use Key_Guard\Usage\Quota_Table;
use Key_Guard\Usage\Request_Log;
use Key_Guard\Usage\Spend_Alert_Notice;
use Key_Guard\Usage\Usage_Table;

/**
 * Removes every row of ours on every site of every network, and every network's own rows. Core's
 * key option stays for core and other plugins, in a form they can use: a plaintext key stays (
 * deactivation wrote it back); ciphertext is turned back into the key this site uses when it can
 * be, and removed when it cannot (held back on a copy, or undecryptable), since core would send
 * the ciphertext to OpenAI as a Bearer token. Run by uninstall.php, with the plugin not loaded:
 * it adds no hook.
 *
 * @since 0.5.0
 */
final class Uninstall {

	/** Our options on each site, the facts last (they mirror the metadata and the prepared keys). */
	const OPTIONS = array( Key_Metadata::OPTION, Installer::VERSION_OPTION, Audit_Log::OPTION, Rotation_Advice::OPTION, Environment_Slots::OPTION, Key_Writes::PARKED_OPTION, Setup_Notice::OPTION, Limits::OPTION, Spend_Alert_Notice::OPTION, Setup_Guide::OPTION, Key_Evidence::OPTION, Key_Facts::OPTION );

	/**
	 * Name prefixes of our other rows in a site's options table: the models lists and their
	 * timeouts, the test limiter's counts on a single site (its site transients live there) and
	 * the lock rows (the limiter's are in the main site's table).
	 */
	const PREFIXES = array(
		'_transient_' . Model_List::CACHE,
		'_transient_timeout_' . Model_List::CACHE,
		'_site_transient_' . Rate_Limiter::TRANSIENT,
		'_site_transient_timeout_' . Rate_Limiter::TRANSIENT,
		Rate_Limiter::LOCK,
		Option_Lock::PREFIX,
	);

	/** Name prefixes of our rows in the network options table: the test limiter's counts on multisite, the network screen's last outcome. */
	const NETWORK_PREFIXES = array( '_site_transient_' . Rate_Limiter::TRANSIENT, '_site_transient_timeout_' . Rate_Limiter::TRANSIENT, '_site_transient_' . Network_Page::ACTION . '_', '_site_transient_timeout_' . Network_Page::ACTION . '_' );

	/**
	 * The key option's row.
	 *
	 * @var Encrypted_Option
	 */
	private $row;

	/**
	 * The keys prepared for environment types.
	 *
	 * @var Environment_Slots
	 */
	private $slots;

	/**
	 * The copy hold.
	 *
	 * @var Copy_Hold
	 */
	private $hold;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Encrypted_Option  $row   The key option's row.
	 * @param Environment_Slots $slots The keys prepared for environment types.
	 * @param Copy_Hold         $hold  The copy hold.
	 */
	public function __construct( Encrypted_Option $row, Environment_Slots $slots, Copy_Hold $hold ) {
		$this->row   = $row;
		$this->slots = $slots;
		$this->hold  = $hold;
	}

	/**
	 * Uninstalls from the whole install: each site of each network, then each network.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function run() {
		delete_metadata( 'user', 0, Rotation_Advice::DISMISSED_META, '', true );
		delete_metadata( 'user', 0, Setup_Notice::DISMISSED_META, '', true );
		delete_metadata( 'user', 0, Spend_Alert_Notice::DISMISSED_META, '', true );
		if ( ! is_multisite() ) {
			$this->site();
			return;
		}
		foreach ( self::all( 'get_sites' ) as $site_id ) {
			switch_to_blog( $site_id );
			try {
				$this->site();
			} finally {
				restore_current_blog();
			}
		}
		foreach ( self::all( 'get_networks' ) as $network_id ) {
			$this->network( $network_id );
		}
	}

	/**
	 * Uninstalls from the current site: the key row first (deciding needs our metadata), then our rows.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function site() {
		global $wpdb;
		$this->settle_key();
		array_map( 'delete_option', self::OPTIONS );
		self::delete_prefixed( $wpdb->options, 'option_name', self::PREFIXES );
		foreach ( array( new Usage_Table(), new Request_Log(), new Quota_Table() ) as $table ) {
			$table->drop();
		}
		wp_clear_scheduled_hook( Request_Log::CRON );
	}

	/**
	 * Uninstalls from a network: its key and settings, its reason to rotate and the test limiter's
	 * counts. Each site's own row already holds the key it used in plaintext (deactivation wrote it).
	 *
	 * @since 0.5.0
	 *
	 * @param int $network_id The network.
	 * @return void
	 */
	public function network( $network_id ) {
		global $wpdb;
		foreach ( array( Rotation_Advice::OPTION, Network_Key::OPTION, Network_Settings::OPTION ) as $option ) {
			delete_network_option( $network_id, $option );
		}
		self::delete_prefixed( $wpdb->sitemeta, 'meta_key', self::NETWORK_PREFIXES, (int) $network_id );
	}

	/**
	 * Leaves core's key row as core can use it without the plugin. Only ciphertext is changed: a
	 * plaintext row (or none) is what deactivation or core wrote and stays as it is.
	 *
	 * @return void
	 */
	private function settle_key() {
		$stored = $this->row->raw();
		if ( ! Key_Cipher::is_ciphertext( $stored ) ) {
			return;
		}
		$key = $this->key_in_use( $stored );
		if ( '' === $key ) {
			delete_option( Key_Resolver::OPTION );
		} else {
			update_option( Key_Resolver::OPTION, $key );
		}
	}

	/**
	 * The key readers of the option got while the plugin ran (what deactivation writes back): the
	 * key prepared for this environment type, else the row's own key unless it is held back here;
	 * '' when none can be given.
	 *
	 * @param string $stored The stored ciphertext.
	 * @return string
	 */
	private function key_in_use( $stored ) {
		$type     = wp_get_environment_type();
		$entries  = $this->slots->entries();
		$prepared = isset( $entries[ $type ] ) ? $this->slots->open( $type, $entries[ $type ]['key'] ) : null;
		if ( $prepared ) {
			return $prepared['plaintext'];
		}
		$key = $this->row->open( $stored );
		return is_string( $key ) && ! $this->hold->is_held( $key ) ? $key : '';
	}

	/**
	 * The IDs of every site, or every network, of the install (of all networks, not only this one).
	 *
	 * @param string $query get_sites or get_networks.
	 * @return int[]
	 */
	private static function all( $query ) {
		return array_map(
			'intval',
			$query(
				array(
					'fields' => 'ids',
					'number' => 0,
				)
			)
		);
	}

	/**
	 * Deletes the rows of a table whose name column starts with one of the prefixes.
	 *
	 * @param string   $table      The table (core's).
	 * @param string   $column     Its name column.
	 * @param string[] $prefixes   The prefixes.
	 * @param int|null $network_id Only this network's rows (network options), or null.
	 * @return void
	 */
	private static function delete_prefixed( $table, $column, array $prefixes, $network_id = null ) {
		global $wpdb;
		foreach ( $prefixes as $prefix ) {
			$like = $wpdb->esc_like( $prefix ) . '%';
			// phpcs:disable WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- transients and lock rows by prefix, in core's tables.
			if ( null === $network_id ) {
				$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE {$column} LIKE %s", $like ) );
			} else {
				$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE {$column} LIKE %s AND site_id = %d", $like, $network_id ) );
			}
			// phpcs:enable
		}
	}
}
