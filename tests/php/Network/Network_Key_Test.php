<?php
/**
 * The network key on a real subdirectory network: REST, reads by any plugin, site keys, budget.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Network\Network_Key;
use Key_Guard\Network\Network_Settings;
use Key_Guard\Storage\Key_Cipher;

require_once dirname( __DIR__ ) . '/Usage/Resets_Usage.php';

/**
 * Runs on the network site (scripts/test.sh runs the suite there too): the main site and /site2/.
 */
final class Network_Key_Test extends TestCase {

	use Resets_Usage;

	/**
	 * The second site of the network.
	 *
	 * @var int
	 */
	private $site2 = 0;

	/**
	 * Starts from the network's defaults: no network key, site keys refused, no network budget.
	 */
	protected function set_up() {
		parent::set_up();
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Multisite only: scripts/test.sh runs this on the subdirectory network.' );
		}
		delete_network_option( null, Network_Key::OPTION );
		delete_network_option( null, Network_Settings::OPTION );
		$site        = get_site_by_path( wp_parse_url( home_url(), PHP_URL_HOST ), '/site2/' );
		$this->site2 = $site ? (int) $site->blog_id : 0;
		$this->assertGreaterThan( 1, $this->site2, 'The test network has a second site at /site2/.' );
		$this->on_site2(
			static function () {
				delete_option( 'connectors_ai_openai_api_key' );
				delete_option( 'key_guard_key_meta' );
				self::reset_usage();
			}
		);
		self::reset_usage();
	}

	/**
	 * Leaves the network as TestCase expects it.
	 */
	protected function tear_down() {
		if ( is_multisite() ) {
			$this->on_site2(
				static function () {
					delete_option( 'connectors_ai_openai_api_key' );
					self::reset_usage();
				}
			);
			self::reset_usage();
			delete_network_option( null, Network_Key::OPTION );
		}
		parent::tear_down();
	}

	/**
	 * Logged out: 401; a site administrator or editor: 403 on every network route, nothing stored; a network administrator: 200.
	 */
	public function test_only_network_administrators_reach_the_network_key() {
		$this->assertSame( 401, self::rest( 'GET', '/key?scope=network' )->get_status() );

		$editor     = self::user( 'editor' );
		$site_admin = wp_insert_user(
			array(
				'user_login' => 'kg_network_site_admin',
				'user_pass'  => wp_generate_password(),
				'user_email' => 'kg_network_site_admin@example.test',
				'role'       => 'administrator',
			)
		);
		$site_admin = is_wp_error( $site_admin ) ? get_user_by( 'login', 'kg_network_site_admin' )->ID : $site_admin;
		foreach ( array( $editor, $site_admin ) as $user ) { // A site administrator is no network administrator.
			wp_set_current_user( $user );
			foreach ( array( 'GET', 'DELETE' ) as $method ) {
				$this->assertSame( 403, self::rest( $method, '/key?scope=network' )->get_status(), "$method as user $user" );
			}
			$this->assertSame( 403, self::rest( 'POST', '/key?scope=network', array( 'key' => Sim_Keys::random() ) )->get_status() );
			$this->assertSame( 403, self::rest( 'POST', '/network', array( 'allow_site_keys' => true ) )->get_status() );
			$this->assertSame( 403, self::rest( 'GET', '/network/usage' )->get_status() );
		}
		$this->assertFalse( get_network_option( null, Network_Key::OPTION, false ), 'nothing stored by a refused user' );
		$this->assertFalse( get_network_option( null, Network_Settings::OPTION, false ) );

		wp_set_current_user( self::user( 'administrator' ) ); // The super admin of the test network.
		$status = self::rest( 'GET', '/key?scope=network' );
		$this->assertSame( 200, $status->get_status() );
		// No network key yet and nothing decided: a site may still have its own key.
		$this->assertSame( array( 'network', false, 'none', true ), array( $status->get_data()['scope'], $status->get_data()['configured'], $status->get_data()['source'], $status->get_data()['allow_site_keys'] ) );
		$this->assertSame( 400, self::rest( 'GET', '/key?scope=everywhere' )->get_status() );
	}

	/**
	 * A network key saved by REST is ciphertext bound to the network; every site's get_option() and GET /key give it (source network); a site's connection test sends it; removing it leaves sites without a key.
	 */
	public function test_a_site_without_a_key_uses_the_network_key_everywhere() {
		wp_set_current_user( self::user( 'administrator' ) );
		$key   = Sim_Keys::random();
		$saved = self::rest( 'POST', '/key?scope=network', array( 'key' => "  Bearer {$key}\n" ) );
		$this->assertSame( 200, $saved->get_status(), wp_json_encode( $saved->get_data() ) );
		$this->assertSame( 'network', $saved->get_data()['source'] );
		$this->assertSame( substr( $key, -4 ), substr( $saved->get_data()['masked'], -4 ) );
		$this->assertStringNotContainsString( $key, wp_json_encode( $saved->get_data() ) );

		// Stored as ciphertext bound to the network: not the key, and not openable as a site's row.
		$stored = get_network_option( null, Network_Key::OPTION );
		$this->assertTrue( Key_Cipher::is_ciphertext( $stored['ciphertext'] ) );
		$this->assertStringNotContainsString( substr( $key, 8, 40 ), maybe_serialize( $stored ) );
		$this->assertNull( Key_Cipher::for_site( Network_Key::OPTION )->decrypt( $stored['ciphertext'] ), 'a site cipher does not open it' );
		$this->assertNull( self::cipher_of_network( 99 )->decrypt( $stored['ciphertext'] ), 'another network does not open it' );

		foreach ( array( get_main_site_id(), $this->site2 ) as $site ) {
			switch_to_blog( $site );
			try {
				$this->assertSame( $key, get_option( 'connectors_ai_openai_api_key' ), "get_option on site $site" );
				$status = self::rest( 'GET', '/key' )->get_data();
				$this->assertSame( array( true, 'network', false ), array( $status['configured'], $status['source'], $status['editable'] ), "site $site" );
				$this->assertNotNull( $status['saved_at'] );
			} finally {
				restore_current_blog();
			}
		}

		// The connection test of a site sends the network key.
		$seen = null;
		$spy  = static function ( $response, $context, $transport, $args ) use ( &$seen ) {
			$seen = $args['headers']['Authorization'] ?? $seen;
		};
		add_action( 'http_api_debug', $spy, 10, 4 );
		$this->on_site2(
			function () {
				$test = self::rest( 'POST', '/test' );
				$this->assertTrue( $test->get_data()['ok'], wp_json_encode( $test->get_data() ) );
			}
		);
		remove_action( 'http_api_debug', $spy, 10 );
		$this->assertSame( 'Bearer ' . $key, $seen );

		// Removing the network key leaves sites without a key.
		$this->assertSame( 200, self::rest( 'DELETE', '/key?scope=network' )->get_status() );
		$this->on_site2(
			function () {
				$this->assertSame( '', get_option( 'connectors_ai_openai_api_key', '' ) );
				$this->assertSame( 'none', self::rest( 'GET', '/key' )->get_data()['source'] );
			}
		);
		$events = wp_list_pluck( self::kg( 'audit' )->events(), 'event' );
		$this->assertContains( 'network_saved', $events );
		$this->assertContains( 'network_removed', $events );
	}

	/**
	 * Site keys are refused (REST and any writer) until allowed; then a site key overrides on that site only; turned off again, the network key answers and the screen says why.
	 */
	public function test_site_keys_are_refused_until_allowed_then_override_on_that_site_only() {
		wp_set_current_user( self::user( 'administrator' ) );
		$network_key = Sim_Keys::random();
		$site_key    = Sim_Keys::random();
		self::rest( 'POST', '/key?scope=network', array( 'key' => $network_key ) );

		$this->on_site2(
			function () use ( $site_key, $network_key ) {
				$refused = self::rest( 'POST', '/key', array( 'key' => $site_key ) );
				$this->assertSame( 403, $refused->get_status() );
				$this->assertSame( 'key_guard_site_keys_off', $refused->get_data()['code'] );
				wp_set_current_user( 0 ); // A script (WP-CLI, a plugin) writing the option is refused too.
				update_option( 'connectors_ai_openai_api_key', $site_key );
				$this->assertSame( $network_key, get_option( 'connectors_ai_openai_api_key' ) );
				$this->assertFalse( Key_Cipher::is_ciphertext( self::raw_option() ) && '' !== self::kg( 'row' )->plaintext(), 'no site row kept' );
			}
		);
		wp_set_current_user( self::user( 'administrator' ) );

		$bad = self::rest( 'POST', '/network', array( 'allow_site_keys' => 'maybe' ) );
		$this->assertSame( 400, $bad->get_status() );
		$this->assertSame( 400, self::rest( 'POST', '/network', array( 'monthly_budget_usd' => -1 ) )->get_status() );
		$this->assertSame( 400, self::rest( 'POST', '/network', array( 'colour' => 'red' ) )->get_status() );
		$this->assertFalse( get_network_option( null, Network_Settings::OPTION, false ), 'nothing stored by a refused change' );

		$allowed = self::rest( 'POST', '/network', array( 'allow_site_keys' => true ) );
		$this->assertSame( 200, $allowed->get_status() );
		$this->assertTrue( $allowed->get_data()['allow_site_keys'] );

		$this->on_site2(
			function () use ( $site_key ) {
				$saved = self::rest( 'POST', '/key', array( 'key' => $site_key ) );
				$this->assertSame( 200, $saved->get_status(), wp_json_encode( $saved->get_data() ) );
				$this->assertSame( 'database', $saved->get_data()['source'] );
				$this->assertSame( $site_key, get_option( 'connectors_ai_openai_api_key' ) );
			}
		);
		$this->assertSame( $network_key, get_option( 'connectors_ai_openai_api_key' ), 'the main site keeps the network key' );

		// Turned off again: the site's own key is ignored (and said so) until allowed again.
		self::rest( 'POST', '/network', array( 'allow_site_keys' => false ) );
		$this->on_site2(
			function () use ( $network_key ) {
				$this->assertSame( $network_key, get_option( 'connectors_ai_openai_api_key' ) );
				$status = self::rest( 'GET', '/key' )->get_data();
				$this->assertSame( array( 'network', false ), array( $status['source'], $status['editable'] ) );
				$this->assertContains( 'site_key_ignored', wp_list_pluck( $status['warnings'], 'code' ) );
			}
		);
	}

	/**
	 * One site's spend counts against the network budget on another site; GET /network/usage gives each site and the total.
	 */
	public function test_the_network_budget_holds_across_sites_and_the_network_view_adds_them_up() {
		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertSame( 200, self::rest( 'POST', '/network', array( 'monthly_budget_usd' => 0.0001 ) )->get_status() );
		$url  = self::simulator_url() . '/responses';
		$args = array(
			'method'  => 'POST',
			'headers' => array( 'Content-Type' => 'application/json' ),
			'body'    => wp_json_encode(
				array(
					'model'             => 'gpt-4o-mini',
					'input'             => 'Hi',
					'max_output_tokens' => 16,
				)
			),
		);
		// The main site spends more than the budget (its answer reports more than it reserved).
		self::through_hooks( $url, $args, self::answer( '{"model":"gpt-4o-mini","usage":{"input_tokens":200,"output_tokens":300}}' ) );
		// … so the second site, with no limit of its own, is held back by the network's.
		$this->on_site2(
			function () use ( $url, $args ) {
				$held = apply_filters( 'pre_http_request', false, $args, $url ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- The HTTP API's own hook.
				$this->assertWPError( $held );
				$this->assertSame( 'network_monthly_budget', $held->get_error_data()['limit'] );
				$this->assertStringContainsString( 'network', $held->get_error_message() );
			}
		);

		$usage = self::rest( 'GET', '/network/usage' );
		$this->assertSame( 200, $usage->get_status() );
		$data  = $usage->get_data();
		$sites = array_column( $data['sites'], null, 'site_id' );
		$this->assertSame( 1, $sites[ get_main_site_id() ]['requests'] );
		$this->assertSame( 1, $sites[ $this->site2 ]['blocked'] );
		$this->assertSame( 1, $data['total']['requests'] );
		$this->assertSame( 1, $data['total']['blocked'] );
		$this->assertEqualsWithDelta( $sites[ get_main_site_id() ]['cost_usd'], $data['total']['cost_usd'], 1e-9 );
		$this->assertGreaterThan( 0, $data['total']['cost_usd'] );
		$this->assertSame( 0.0001, $data['monthly_budget_usd'] );
		$this->assertSame( 400, self::rest( 'GET', '/network/usage?from=2026-13-01' )->get_status() );

		// No network budget: the second site's request goes.
		self::rest( 'POST', '/network', array( 'monthly_budget_usd' => null ) );
		$this->on_site2(
			function () use ( $url, $args ) {
				$this->assertFalse( apply_filters( 'pre_http_request', false, $args, $url ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- The HTTP API's own hook.
				self::kg( 'meter' )->account_unanswered();
			}
		);
	}

	/**
	 * Deactivation gives each site the network key in plaintext (WordPress keeps working without
	 * the plugin); activation takes those copies back, so a later network key reaches every site.
	 */
	public function test_deactivation_hands_the_network_key_out_and_activation_takes_it_back() {
		wp_set_current_user( self::user( 'administrator' ) );
		$first = Sim_Keys::random();
		self::rest( 'POST', '/key?scope=network', array( 'key' => $first ) );
		self::rest( 'POST', '/network', array( 'allow_site_keys' => true ) );

		self::kg( 'activation' )->deactivate( true );
		$this->on_site2(
			function () use ( $first ) {
				$this->assertSame( $first, self::raw_option(), 'the plaintext key for core' );
			}
		);
		self::kg( 'activation' )->activate( true );
		$this->on_site2(
			function () {
				$this->assertNull( self::raw_option(), 'the copy is taken back' );
				$this->assertSame( 'network', self::rest( 'GET', '/key' )->get_data()['source'] );
			}
		);
		$second = Sim_Keys::random();
		self::rest( 'POST', '/key?scope=network', array( 'key' => $second ) );
		$this->on_site2(
			function () use ( $second ) {
				$this->assertSame( $second, get_option( 'connectors_ai_openai_api_key' ) );
			}
		);
	}

	/**
	 * A network upgraded from a version without network keys, whose sites have keys of their own,
	 * keeps them working: site keys allowed, until a network administrator decides otherwise.
	 */
	public function test_an_upgrade_keeps_existing_site_keys_working() {
		$this->assertFalse( get_network_option( null, Network_Settings::OPTION, false ) );
		self::allow_site_keys();
		$key = Sim_Keys::random();
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		delete_network_option( null, Network_Settings::OPTION ); // As before the upgrade.
		$version = get_option( 'key_guard_version' );
		try {
			self::kg( 'network_upgrade' )->keep_site_keys();
			$this->assertNull( self::kg( 'network_settings' )->site_keys_decision(), 'a site already on this version decides nothing' );

			update_option( 'key_guard_version', '0.4.0' );
			self::kg( 'network_upgrade' )->keep_site_keys();
			$this->assertTrue( self::kg( 'network_settings' )->site_keys_decision() );
			$this->assertSame( $key, get_option( 'connectors_ai_openai_api_key' ) );

			// Once a network administrator decided (even to keep the defaults), a later upgrade leaves it.
			wp_set_current_user( self::user( 'administrator' ) );
			self::rest( 'POST', '/network', array( 'allow_site_keys' => false ) );
			self::kg( 'network_upgrade' )->keep_site_keys();
			$this->assertFalse( self::kg( 'network_settings' )->site_keys_decision() );
		} finally {
			update_option( 'key_guard_version', $version );
		}
	}

	/**
	 * With site keys off, a site's own key is ignored, not lost: deactivation parks it while the
	 * network key is handed out, activation puts it back; and no key for copies can be prepared.
	 */
	public function test_an_ignored_site_key_survives_deactivation() {
		wp_set_current_user( self::user( 'administrator' ) );
		self::allow_site_keys();
		$own = Sim_Keys::random();
		$this->on_site2(
			function () use ( $own ) {
				$this->assertSame( 200, self::rest( 'POST', '/key', array( 'key' => $own ) )->get_status() );
			}
		);
		$network = Sim_Keys::random();
		self::rest( 'POST', '/key?scope=network', array( 'key' => $network ) );
		self::rest( 'POST', '/network', array( 'allow_site_keys' => false ) );
		$this->on_site2(
			function () {
				$prepared = self::rest( 'POST', '/environments/staging', array( 'key' => Sim_Keys::random() ) );
				$this->assertSame( 403, $prepared->get_status() );
				$this->assertSame( 'key_guard_site_keys_off', $prepared->get_data()['code'] );
			}
		);

		self::kg( 'activation' )->deactivate( true );
		$this->on_site2(
			function () use ( $network ) {
				$this->assertSame( $network, self::raw_option(), 'the key in use, in plaintext, for core' );
			}
		);
		self::kg( 'activation' )->activate( true );
		$this->on_site2(
			function () use ( $own, $network ) {
				$this->assertSame( $network, get_option( 'connectors_ai_openai_api_key' ) );
				$this->assertSame( $own, self::kg( 'row' )->plaintext(), 'the own key is back' );
			}
		);
	}

	/**
	 * Until a network administrator decides, a site may have its own key while no network key is
	 * set (as before network keys); once one is set, site keys are refused; a decision either way
	 * stands whatever the network key.
	 */
	public function test_site_keys_follow_the_network_key_until_decided() {
		wp_set_current_user( self::user( 'administrator' ) );
		$this->on_site2(
			function () {
				$this->assertSame( 200, self::rest( 'POST', '/key', array( 'key' => Sim_Keys::random() ) )->get_status(), 'no network key: a site key is taken' );
			}
		);
		self::rest( 'POST', '/key?scope=network', array( 'key' => Sim_Keys::random() ) );
		$this->on_site2(
			function () {
				$this->assertSame( 403, self::rest( 'POST', '/key', array( 'key' => Sim_Keys::random() ) )->get_status(), 'a network key: site keys wait for a decision' );
				$this->assertSame( 'network', self::rest( 'GET', '/key' )->get_data()['source'] );
			}
		);
		self::rest( 'DELETE', '/key?scope=network' );
		self::rest( 'POST', '/network', array( 'allow_site_keys' => false ) );
		$this->on_site2(
			function () {
				$this->assertSame( 403, self::rest( 'POST', '/key', array( 'key' => Sim_Keys::random() ) )->get_status(), 'refused by decision, network key or not' );
			}
		);
		$this->assertSame( 200, self::rest( 'POST', '/network', array( 'monthly_budget_usd' => 5 ) )->get_status() );
		$this->assertFalse( self::kg( 'network_settings' )->site_keys_decision(), 'another setting leaves the decision' );
	}

	/**
	 * A copy of a production network (another address, a local environment) holds the production
	 * network key back, says so, and uses it once a network administrator of the copy allows it.
	 */
	public function test_a_copy_of_the_production_network_holds_its_key_back() {
		wp_set_current_user( self::user( 'administrator' ) );
		$key = Sim_Keys::random();
		self::rest( 'POST', '/key?scope=network', array( 'key' => $key ) );
		$stored                = get_network_option( null, Network_Key::OPTION );
		$stored['environment'] = 'production';
		$stored['site']        = 'https://network.example.com';
		update_network_option( null, Network_Key::OPTION, $stored ); // As saved on the production network.

		$this->on_site2(
			function () {
				$this->assertSame( '', get_option( 'connectors_ai_openai_api_key', '' ), 'held back on the copy' );
				$status = self::rest( 'GET', '/key' )->get_data();
				$this->assertSame( 'none', $status['source'] );
				$this->assertContains( 'network_held', wp_list_pluck( $status['warnings'], 'code' ) );
			}
		);
		$network = self::rest( 'GET', '/key?scope=network' )->get_data();
		$this->assertTrue( $network['held'] );
		$this->assertSame( 'https://network.example.com', $network['saved_site'] );

		wp_set_current_user( self::user( 'editor' ) );
		$this->assertSame( 403, self::rest( 'POST', '/key/confirm?scope=network' )->get_status() );
		wp_set_current_user( self::user( 'administrator' ) );
		$confirmed = self::rest( 'POST', '/key/confirm?scope=network' );
		$this->assertSame( 200, $confirmed->get_status() );
		$this->assertFalse( $confirmed->get_data()['held'] );
		$this->on_site2(
			function () use ( $key ) {
				$this->assertSame( $key, get_option( 'connectors_ai_openai_api_key' ) );
			}
		);
		$this->assertSame( 409, self::rest( 'POST', '/key/confirm?scope=network' )->get_status(), 'nothing held any more' );
	}

	/**
	 * The network key's cipher as another network of the same installation would build it.
	 *
	 * @param int $network_id The other network.
	 * @return Key_Cipher
	 */
	private static function cipher_of_network( $network_id ) {
		return new Key_Cipher( array( Key_Cipher::derive( wp_salt( 'logged_in' ) ) ), Network_Key::OPTION, 0, $network_id );
	}

	/**
	 * Runs a task on the second site.
	 *
	 * @param callable $task What to do.
	 */
	private function on_site2( callable $task ) {
		switch_to_blog( $this->site2 );
		try {
			if ( ! self::kg( 'quota' )->exists() ) {
				self::kg( 'installer' )->install();
			}
			$task();
		} finally {
			restore_current_blog();
		}
	}
}

