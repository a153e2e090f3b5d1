<?php
/**
 * Tests for Core_Save_Guard: core's own save route, with the real AI Provider for OpenAI plugin.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;
use WP_REST_Request;
use WP_REST_Response;

/**
 * POST /wp/v2/settings stores the submitted key, then core checks it with a live GET /models and empties
 * the option on anything but a clear yes. The tests marked "with the provider" run in a separate process
 * that boots WordPress with the provider plugin active (KEY_GUARD_TEST_ACTIVATE, read by the bootstrap),
 * so core registers the setting, exposes it in /wp/v2/settings and runs its own check exactly as on a
 * site. The fixture comes from KEY_GUARD_SHARED_DIR (default: the folder `shared` next to the
 * repository) + /fixtures/ai-provider-for-openai; without it those tests are skipped.
 *
 * The provider plugin sends its requests to https://api.openai.com/v1, fixed in its code
 * (OpenAiProvider::baseUrl(); it reads no OPENAI_BASE_URL), so a pre_http_request filter scoped to that
 * host forwards them to the simulator, or to a refused port for "OpenAI unreachable".
 */
final class Core_Save_Guard_Test extends TestCase {

	/** The provider plugin's basename. */
	const PROVIDER = 'ai-provider-for-openai/plugin.php';

	/** A port nothing listens on: the connection is refused. */
	const REFUSED = 'http://127.0.0.1:9/v1';

	/**
	 * Whether this process linked the fixture into the site's plugins folder (and so removes it).
	 *
	 * @var bool
	 */
	private static $linked = false;

	/**
	 * Links the fixture into the test site and has the separate processes boot with it active.
	 */
	public static function set_up_before_class() {
		parent::set_up_before_class();
		$link = WP_PLUGIN_DIR . '/' . dirname( self::PROVIDER );
		if ( ! is_dir( self::fixture() ) ) {
			return;
		}
		if ( ! file_exists( $link ) && ! is_link( $link ) ) {
			self::$linked = symlink( self::fixture(), $link );
		}
		putenv( 'KEY_GUARD_TEST_ACTIVATE=' . self::PROVIDER );
	}

	/**
	 * Leaves the site and the environment as they were.
	 */
	public static function tear_down_after_class() {
		putenv( 'KEY_GUARD_TEST_ACTIVATE' );
		if ( self::$linked ) {
			unlink( WP_PLUGIN_DIR . '/' . dirname( self::PROVIDER ) );
			self::$linked = false;
		}
		parent::tear_down_after_class();
	}

	/**
	 * With the provider: a key OpenAI rejects (401) leaves the previous key, its row, its metadata
	 * (age, author, last test) and its events; the refusal is recorded with the diagnosis.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_a_key_openai_rejects_leaves_the_previous_key() {
		$this->with_provider();
		$before = $this->previous_key();
		self::answer_openai_from( self::simulator_url() );

		$response = self::post_to_core( Sim_Keys::key( 'invalid_key', 'core-route' ) );
		$this->assertSame( self::core_mask( $before['key'] ), $response->get_data()[ Key_Store::OPTION ], "core's check said no: its screen shows the key still in use" );
		$this->assert_previous_key_kept( $before, 'invalid_key' );
	}

	/**
	 * With the provider: a key that cannot be checked (OpenAI unreachable: connection refused) leaves
	 * the previous key in place too.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_a_key_that_cannot_be_checked_leaves_the_previous_key() {
		$this->with_provider();
		$before = $this->previous_key();
		self::answer_openai_from( self::REFUSED );

		$response = self::post_to_core( Sim_Keys::key( 'ok', 'unchecked' ) );
		$this->assertSame( self::core_mask( $before['key'] ), $response->get_data()[ Key_Store::OPTION ], "core's check could not run: its screen shows the key still in use" );
		$this->assert_previous_key_kept( $before, 'connection_failed' );
	}

	/**
	 * With the provider: a key OpenAI accepts replaces the previous one as any save does: new row,
	 * new metadata by the user who posted it, a saved event.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_a_key_openai_accepts_replaces_the_previous_key() {
		$this->with_provider();
		$before = $this->previous_key();
		self::answer_openai_from( self::simulator_url() );

		$key      = Sim_Keys::key( 'ok', 'accepted' );
		$response = self::post_to_core( $key );
		$this->assertSame( substr( $key, -4 ), substr( $response->get_data()[ Key_Store::OPTION ], -4 ), 'core masks the key it accepted' );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertNotSame( $before['row'], self::raw_option() );
		$meta = get_option( Key_Metadata::OPTION );
		$this->assertSame( self::kg( 'meta' )->fingerprint( $key ), $meta['fingerprint'] );
		$this->assertSame( self::user( 'administrator' ), $meta['saved_by'] );
		$this->assertNull( $meta['last_test'] );
		$this->assertSame( array( 'saved', 'saved' ), wp_list_pluck( self::kg( 'audit' )->events(), 'event' ) );
	}

	/**
	 * With the provider: core's AI client (wp_ai_client_prompt()) generates text with the key we keep
	 * encrypted: it reads the option, gets the plaintext, sends it as its Bearer token, and the usage
	 * meter counts the request.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_cores_ai_client_works_with_the_encrypted_key() {
		$this->with_provider();
		$this->assertTrue( function_exists( 'wp_ai_client_prompt' ), "WordPress 7's AI client" );
		$key = Sim_Keys::key( 'ok', 'ai-client' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$this->assertTrue( \Key_Guard\Storage\Key_Cipher::is_ciphertext( self::raw_option() ), 'stored encrypted' );
		self::answer_openai_from( self::simulator_url() );
		// Core hands the stored key to its AI client on init (priority 20), as the next request would.
		_wp_connectors_pass_default_keys_to_ai_client();
		$bearer = array();
		add_action(
			'http_api_debug',
			static function ( $response, $context, $transport, $args ) use ( &$bearer ) {
				$bearer[] = $args['headers']['Authorization'] ?? $args['headers']['authorization'] ?? '';
			},
			10,
			4
		);
		$before = (int) self::kg( 'usage' )->sum( 'requests', wp_date( 'Y-m-d' ), wp_date( 'Y-m-d' ) );

		$text = wp_ai_client_prompt( 'Say hello.' )->generate_text();

		$this->assertIsString( $text, is_wp_error( $text ) ? $text->get_error_message() : '' );
		$this->assertNotSame( '', trim( $text ) );
		$this->assertContains( 'Bearer ' . $key, $bearer, 'the plaintext key was sent, not the ciphertext' );
		$this->assertGreaterThan( $before, (int) self::kg( 'usage' )->sum( 'requests', wp_date( 'Y-m-d' ), wp_date( 'Y-m-d' ) ), 'the meter counted it' );

		if ( is_multisite() ) { // A site without its own key: the network key, the same way.
			self::kg( 'store' )->delete();
			$network = Sim_Keys::key( 'ok', 'ai-client-network' );
			$this->assertIsArray( self::kg( 'network_store' )->save( $network, self::user( 'administrator' ) ) );
			_wp_connectors_pass_default_keys_to_ai_client();
			$this->assertNotSame( '', trim( (string) wp_ai_client_prompt( 'Say hello.' )->generate_text() ) );
			$this->assertSame( 'Bearer ' . $network, end( $bearer ) );
		}
	}

	/**
	 * With the provider: core's AI client keeps the models list of an earlier check (a day, for every
	 * key, with a persistent object cache; here within the process); a wrong key is still sent to
	 * OpenAI, refused, and the accepted key stays.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_a_models_list_kept_from_an_earlier_check_lets_no_wrong_key_through() {
		$this->with_provider();
		wp_set_current_user( self::user( 'administrator' ) );
		self::answer_openai_from( self::simulator_url() );
		$accepted = Sim_Keys::key( 'ok', 'listed' );
		self::post_to_core( $accepted );
		$this->assertSame( $accepted, get_option( Key_Store::OPTION ) );

		self::post_to_core( Sim_Keys::key( 'invalid_key', 'after-list' ) );
		$this->assertSame( $accepted, get_option( Key_Store::OPTION ) );
		$this->assertSame( array( 'refused_save', 'saved' ), wp_list_pluck( self::kg( 'audit' )->events(), 'event' ) );
	}

	/**
	 * With the provider: with no key before, a rejected key leaves no key (what core's answer shows),
	 * and the refusal is recorded, not a save.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_a_rejected_first_key_leaves_no_key() {
		$this->with_provider();
		wp_set_current_user( self::user( 'administrator' ) );
		self::answer_openai_from( self::simulator_url() );

		self::post_to_core( Sim_Keys::key( 'invalid_key', 'first' ) );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		$this->assertSame( 'none', self::kg( 'row' )->state() );
		$this->assertFalse( get_option( Key_Metadata::OPTION ) );
		$events = self::kg( 'audit' )->events();
		$this->assertSame( array( 'refused_save' ), wp_list_pluck( $events, 'event' ) );
		$this->assertSame( 'invalid_key', $events[0]['outcome'] );
	}

	/**
	 * Dispatched without core's check (rest_do_request() skips rest_post_dispatch), the key written
	 * through the settings route stays and is recorded as saved before the next write is recorded.
	 */
	public function test_a_save_without_cores_check_is_recorded_before_the_next_write() {
		$registered = get_registered_settings()[ Key_Store::OPTION ];
		unregister_setting( $registered['group'], Key_Store::OPTION );
		register_setting(
			'connectors',
			Key_Store::OPTION,
			array(
				'type'              => 'string',
				'default'           => '',
				'show_in_rest'      => true,
				'sanitize_callback' => 'sanitize_text_field',
			)
		);
		try {
			wp_set_current_user( self::user( 'administrator' ) );
			$first   = Sim_Keys::key( 'ok', 'no-check' );
			$request = self::settings_request( $first );
			$this->assertSame( 200, rest_do_request( $request )->get_status() );
			$this->assertSame( $first, get_option( Key_Store::OPTION ) );

			$second = Sim_Keys::key( 'ok', 'next-write' );
			update_option( Key_Store::OPTION, $second );
			$this->assertSame( array( 'saved', 'saved' ), wp_list_pluck( self::kg( 'audit' )->events(), 'event' ) );
			$this->assertTrue( self::kg( 'meta' )->describes( $second ), 'the later write is recorded last' );
		} finally {
			unregister_setting( 'connectors', Key_Store::OPTION );
			register_setting( $registered['group'], Key_Store::OPTION, $registered );
		}
	}

	/**
	 * Skips without the fixture; otherwise proves the provider made core own the setting.
	 */
	private function with_provider() {
		$this->needs_connectors();
		if ( ! is_dir( self::fixture() ) ) {
			$this->markTestSkipped( 'No AI Provider for OpenAI fixture at ' . self::fixture() . ': set KEY_GUARD_SHARED_DIR to the folder that holds fixtures/.' );
		}
		$this->assertTrue( wp_is_connector_registered( 'openai' ) );
		$this->assertSame( 'connectors', get_registered_settings()[ Key_Store::OPTION ]['group'], 'core registered the setting: the provider plugin is active' );
	}

	/**
	 * A key as core's Connectors screen masks it: bullets (at most 16), then the last four characters.
	 *
	 * @param string $key The key.
	 * @return string
	 */
	private static function core_mask( $key ) {
		return str_repeat( "\u{2022}", min( strlen( $key ) - 4, 16 ) ) . substr( $key, -4 );
	}

	/**
	 * Saves a key on our screen, makes it 40 days old and tested, as the administrator who then posts.
	 *
	 * @return array{key: string, row: string, meta: array, events: array} What must stay.
	 */
	private function previous_key() {
		$key = Sim_Keys::key( 'ok', 'previous' );
		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertSame( 200, self::rest( 'POST', '/key', array( 'key' => $key ) )->get_status() );
		self::kg( 'store' )->record_test( array( 'code' => 'connected' ), $key );
		$meta             = get_option( Key_Metadata::OPTION );
		$meta['saved_at'] = time() - 40 * DAY_IN_SECONDS;
		update_option( Key_Metadata::OPTION, $meta );
		return array(
			'key'    => $key,
			'row'    => self::raw_option(),
			'meta'   => get_option( Key_Metadata::OPTION ),
			'events' => self::kg( 'audit' )->events(),
		);
	}

	/**
	 * Asserts the previous key, row, metadata and events are what they were, plus one refusal.
	 *
	 * @param array  $before What previous_key() returned.
	 * @param string $reason The refusal's expected outcome.
	 */
	private function assert_previous_key_kept( array $before, $reason ) {
		$this->assertSame( $before['key'], get_option( Key_Store::OPTION ) );
		$this->assertSame( $before['row'], self::raw_option(), 'the very row that was there' );
		$this->assertSame( $before['meta'], get_option( Key_Metadata::OPTION ), 'age, author and last test' );
		$status = self::kg( 'status' )->describe();
		$this->assertSame( 40, $status['age_days'] );
		$this->assertSame( 'connected', $status['last_test']['code'] );
		$events = self::kg( 'audit' )->events();
		$this->assertSame( array( 'refused_save' ), wp_list_pluck( array_slice( $events, 0, 1 ), 'event' ) );
		$this->assertSame( $reason, $events[0]['outcome'] );
		$this->assertSame( $before['events'], array_slice( $events, 1 ), 'no saved event for the refused key' );

		wp_cache_flush();
		$this->assertSame( $before['key'], get_option( Key_Store::OPTION ), 'the database agrees' );
	}

	/**
	 * Sends the provider plugin's requests for OpenAI's API to another base URL.
	 *
	 * @param string $base The base URL that answers instead (…/v1).
	 */
	private static function answer_openai_from( $base ) {
		add_filter(
			'pre_http_request',
			static function ( $pre, $args, $url ) use ( $base ) {
				$openai = 'https://api.openai.com/v1';
				if ( false !== $pre || 0 !== strpos( $url, $openai . '/' ) ) {
					return $pre;
				}
				$args['reject_unsafe_urls'] = false; // The simulator is on this machine.
				return wp_remote_request( $base . substr( $url, strlen( $openai ) ), $args );
			},
			10,
			3
		);
	}

	/**
	 * Posts a key to core's settings route as a browser does: dispatched, then rest_post_dispatch, where
	 * core checks the key (WP_REST_Server::serve_request()).
	 *
	 * @param string $key The key.
	 * @return WP_REST_Response
	 */
	private static function post_to_core( $key ) {
		$request  = self::settings_request( $key );
		$server   = rest_get_server();
		$response = apply_filters( 'rest_post_dispatch', rest_ensure_response( $server->dispatch( $request ) ), $server, $request ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's own filter.
		return $response;
	}

	/**
	 * A POST /wp/v2/settings request that submits a key.
	 *
	 * @param string $key The key.
	 * @return WP_REST_Request
	 */
	private static function settings_request( $key ) {
		$request = new WP_REST_Request( 'POST', '/wp/v2/settings' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( wp_json_encode( array( Key_Store::OPTION => $key ) ) );
		return $request;
	}

	/**
	 * The provider plugin's folder: KEY_GUARD_SHARED_DIR, else `shared` next to the repository.
	 *
	 * @return string
	 */
	private static function fixture() {
		$shared = getenv( 'KEY_GUARD_SHARED_DIR' );
		$shared = $shared ? $shared : dirname( __DIR__, 4 ) . '/shared';
		return untrailingslashit( $shared ) . '/fixtures/ai-provider-for-openai';
	}
}
