<?php
/**
 * Tests for Key_Store on real WordPress.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Shape;
use Key_Guard\Key\Key_Store;
use Key_Guard\Storage\Key_Cipher;


/**
 * Precedence, saving, metadata, read-only sources and the setting registration.
 */
final class Key_Store_Test extends TestCase {

	/**
	 * The precedence table (without the constant; see the separate-process tests below).
	 *
	 * @return array env value (null: unset), option value, expected source, expected key.
	 */
	public function precedence_cases() {
		return array(
			'nothing'                 => array( null, '', 'none', '' ),
			'option only'             => array( null, Sim_Keys::key( 'ok', 'option' ), 'database', Sim_Keys::key( 'ok', 'option' ) ),
			'env only'                => array( 'sk-env', '', 'env', 'sk-env' ),
			'env beats option'        => array( 'sk-env', Sim_Keys::key( 'ok', 'option' ), 'env', 'sk-env' ),
			'empty env is ignored'    => array( '', Sim_Keys::key( 'ok', 'option' ), 'database', Sim_Keys::key( 'ok', 'option' ) ),
			'empty env and no option' => array( '', '', 'none', '' ),
		);
	}

	/**
	 * Env → option → none.
	 *
	 * @dataProvider precedence_cases
	 *
	 * @param string|null $env    OPENAI_API_KEY value.
	 * @param string      $option Stored option.
	 * @param string      $source Expected source.
	 * @param string      $key    Expected key.
	 */
	public function test_precedence( $env, $option, $source, $key ) {
		if ( null !== $env ) {
			putenv( 'OPENAI_API_KEY=' . $env );
		}
		update_option( Key_Store::OPTION, $option );
		$this->assertSame(
			array(
				'key'    => $key,
				'source' => $source,
			),
			self::kg( 'resolver' )->resolve()
		);
	}

	/**
	 * A set-but-empty env var is ignored, with a warning (core and its AI client disagree).
	 */
	public function test_empty_env_warns() {
		putenv( 'OPENAI_API_KEY=' );
		$codes = wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'code' );
		$this->assertContains( 'empty_env', $codes );
	}

	/**
	 * The constant beats the option and makes the key read-only.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_constant_beats_option_and_is_read_only() {
		define( 'OPENAI_API_KEY', 'sk-constant-' . str_repeat( 'c', 30 ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- the constant core reads.
		update_option( Key_Store::OPTION, Sim_Keys::key( 'ok', 'option' ) );
		$store = self::kg( 'store' );
		$this->assertSame( 'constant', self::kg( 'resolver' )->resolve()['source'] );
		$this->assertFalse( self::kg( 'resolver' )->is_editable() );
		$this->assertSame( 'key_guard_read_only', $store->save( Sim_Keys::key( 'ok' ), 1 )->get_error_code() );
		$this->assertSame( 'key_guard_read_only', $store->delete()->get_error_code() );
		$this->assertSame( Sim_Keys::key( 'ok', 'option' ), get_option( Key_Store::OPTION ) );
		$this->assertContains( 'shadowed_database_key', wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'code' ) );
	}

	/**
	 * The env var beats the constant.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_env_beats_constant() {
		define( 'OPENAI_API_KEY', 'sk-constant' ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- the constant core reads.
		putenv( 'OPENAI_API_KEY=sk-env' );
		$this->assertSame( 'env', self::kg( 'resolver' )->resolve()['source'] );
	}

	/**
	 * An empty or non-string constant does not count.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_empty_constant_is_ignored() {
		define( 'OPENAI_API_KEY', '' ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- the constant core reads.
		update_option( Key_Store::OPTION, Sim_Keys::key( 'ok', 'option' ) );
		$this->assertSame( 'database', self::kg( 'resolver' )->resolve()['source'] );
	}

	/**
	 * Saving normalises, stores in core's option, records metadata and reports what was removed.
	 */
	public function test_save_normalises_and_records_metadata() {
		$key    = Sim_Keys::key( 'ok' );
		$store  = self::kg( 'store' );
		$result = $store->save( "  \"$key\"\n", 7 );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertEqualsCanonicalizing( array( 'removed_whitespace', 'removed_quotes', 'removed_line_breaks' ), wp_list_pluck( $result['notices'], 'code' ) );

		$meta = get_option( Key_Metadata::OPTION );
		$this->assertSame( 7, $meta['saved_by'] );
		$this->assertEqualsWithDelta( time(), $meta['saved_at'], 5 );
		$this->assertSame( self::kg( 'meta' )->fingerprint( $key ), $meta['fingerprint'] );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{16}$/', $meta['fingerprint'] );
		$this->assertStringNotContainsString( substr( $key, 8, 20 ), maybe_serialize( $meta ) );
	}

	/**
	 * A refused save leaves the stored key exactly as it was.
	 */
	public function test_refused_save_keeps_stored_key() {
		$key   = Sim_Keys::key( 'ok' );
		$store = self::kg( 'store' );
		$store->save( $key, 1 );
		foreach ( array( '', Key_Shape::mask( $key ), 'sk-admin-' . str_repeat( 'a', 40 ), "sk-\u{0430}" . str_repeat( 'a', 30 ) ) as $bad ) {
			$this->assertWPError( $store->save( $bad, 1 ) );
			$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		}
	}

	/**
	 * On OpenAI's own API, two keys pasted together, another provider's key and a key without
	 * "sk-" are refused, by save() and by a write from anyone else (core's Connectors screen,
	 * another plugin), and the stored key stays; a gateway (OPENAI_BASE_URL elsewhere) takes the
	 * last two with a warning, never two keys.
	 */
	public function test_which_keys_are_taken_depends_on_the_base_url() {
		$key   = Sim_Keys::key( 'ok' );
		$pair  = $key . "\n" . Sim_Keys::key( 'ok', 'b2' );
		$groq  = 'gsk_' . str_repeat( 'Qq', 26 );
		$token = 'my-gateway-token-0123456789';
		$store = self::kg( 'store' );
		$store->save( $key, 1 );

		putenv( 'OPENAI_BASE_URL' );
		foreach ( array(
			'key_guard_several_keys'   => $pair,
			'key_guard_foreign_key'    => $groq,
			'key_guard_not_openai_key' => $token,
		) as $code => $bad ) {
			$this->assertSame( $code, $store->save( $bad, 1 )->get_error_code() );
			update_option( Key_Store::OPTION, $bad );
			$this->assertSame( $key, get_option( Key_Store::OPTION ), "$code: kept on a write by others" );
		}

		putenv( 'OPENAI_BASE_URL=' . self::simulator_url() );
		$this->assertSame( 'key_guard_several_keys', $store->save( $pair, 1 )->get_error_code() );
		update_option( Key_Store::OPTION, $pair );
		$this->assertSame( $key, get_option( Key_Store::OPTION ), 'two keys are never joined into one' );
		$this->assertSame( array( 'foreign_key' ), wp_list_pluck( $store->save( $groq, 1 )['notices'], 'code' ) );
		$this->assertSame( $groq, get_option( Key_Store::OPTION ) );
		$this->assertSame( array( 'unexpected_prefix' ), wp_list_pluck( $store->save( $token, 1 )['notices'], 'code' ) );
		$this->assertSame( $token, get_option( Key_Store::OPTION ) );
	}

	/**
	 * A key from the environment is not refused, but the status names another provider's key:
	 * as unusable while the base URL is OpenAI's, as a warning on a gateway.
	 */
	public function test_status_names_a_foreign_env_key() {
		putenv( 'OPENAI_BASE_URL' );
		putenv( 'OPENAI_API_KEY=gsk_' . str_repeat( 'Qq', 26 ) );
		$warnings = wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'message', 'code' );
		$this->assertArrayHasKey( 'malformed_key', $warnings );
		$this->assertStringContainsString( 'Groq', $warnings['malformed_key'] );
		$this->assertSame( "gsk_\u{2026}QqQq", self::kg( 'status' )->describe()['masked'] );

		putenv( 'OPENAI_BASE_URL=' . self::simulator_url() );
		$warnings = wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'message', 'code' );
		$this->assertArrayNotHasKey( 'malformed_key', $warnings );
		$this->assertStringContainsString( 'Groq', $warnings['foreign_key'] );
	}

	/**
	 * Status never carries the key, only facts about it.
	 */
	public function test_status_has_facts_not_the_key() {
		$key = Sim_Keys::key( 'ok' );
		wp_set_current_user( self::user( 'administrator' ) );
		self::kg( 'store' )->save( $key, get_current_user_id() );
		$status = self::kg( 'status' )->describe();
		$this->assertTrue( $status['configured'] );
		$this->assertSame( 'database', $status['source'] );
		$this->assertTrue( $status['editable'] );
		$this->assertSame( 'project', $status['kind'] );
		$this->assertSame( Key_Shape::mask( $key ), $status['masked'] );
		$this->assertSame( self::user( 'administrator' ), $status['saved_by'] );
		$this->assertSame( get_userdata( self::user( 'administrator' ) )->display_name, $status['saved_by_name'] );
		$this->assertNotNull( $status['saved_at'] );
		$this->assertStringNotContainsString( substr( $key, 8, 20 ), wp_json_encode( $status ) );
	}

	/**
	 * Delete removes the key and our metadata.
	 */
	public function test_delete() {
		$store = self::kg( 'store' );
		$store->save( Sim_Keys::key( 'ok' ), 1 );
		$this->assertTrue( $store->delete() );
		$this->assertNull( self::raw_option() );
		$this->assertFalse( get_option( Key_Metadata::OPTION ) );
		$this->assertSame( 'none', self::kg( 'status' )->describe()['source'] );
	}

	/**
	 * The option is registered as a setting but kept out of /wp/v2/settings.
	 */
	public function test_setting_is_registered_but_not_in_rest() {
		$this->assertArrayHasKey( Key_Store::OPTION, get_registered_settings() );
		$this->assertFalse( get_registered_settings()[ Key_Store::OPTION ]['show_in_rest'] );
		update_option( Key_Store::OPTION, Sim_Keys::key( 'ok' ) );
		wp_set_current_user( self::user( 'administrator' ) );
		$response = self::rest( 'GET', '/wp/v2/settings' );
		$this->assertArrayNotHasKey( Key_Store::OPTION, $response->get_data() );
	}

	/**
	 * If someone else registered the setting first, ours does not replace it.
	 */
	public function test_existing_registration_is_respected() {
		self::as_core_registers(
			function () {
				\Key_Guard\Key\Key_Resolver::register_setting();
				$this->assertSame( 'connectors', get_registered_settings()[ Key_Store::OPTION ]['group'] );
			}
		);
	}

	/**
	 * Runs a check while the setting is registered the way core 7.x does with the OpenAI provider
	 * active (shown in /wp/v2/settings, sanitize_text_field), then puts our registration back.
	 *
	 * @param callable $check The check.
	 */
	private static function as_core_registers( callable $check ) {
		$registered = get_registered_settings()[ Key_Store::OPTION ];
		unregister_setting( 'key_guard', Key_Store::OPTION );
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
			$check();
		} finally {
			unregister_setting( 'connectors', Key_Store::OPTION );
			register_setting( 'key_guard', Key_Store::OPTION, $registered );
		}
	}

	/**
	 * A mask written through the Settings API (core 7.0's pitfall) does not replace the key.
	 */
	public function test_settings_api_write_of_a_mask_keeps_key() {
		$key = Sim_Keys::key( 'ok' );
		update_option( Key_Store::OPTION, $key );
		update_option( Key_Store::OPTION, "\u{2022}\u{2022}\u{2022}\u{2022}" . substr( $key, -4 ) );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
	}

	/**
	 * The metadata records the site and environment; a copied database is noticed.
	 */
	public function test_copied_database_is_noticed() {
		$store = self::kg( 'store' );
		$store->save( Sim_Keys::key( 'ok' ), 1 );
		$meta = get_option( Key_Metadata::OPTION );
		$this->assertSame( home_url(), $meta['site'] );
		$this->assertSame( wp_get_environment_type(), $meta['environment'] );
		$this->assertNull( self::kg( 'hold' )->moved_from() );
		$this->assertNotContains( 'saved_elsewhere', wp_list_pluck( self::kg( 'status' )->describe()['warnings'], 'code' ) );

		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'staging';
		update_option( Key_Metadata::OPTION, $meta );
		$this->assertSame(
			array(
				'site'        => 'https://www.example.com',
				'environment' => 'staging',
			),
			self::kg( 'hold' )->moved_from()
		);
		$warning = wp_list_filter( self::kg( 'status' )->describe()['warnings'], array( 'code' => 'saved_elsewhere' ) );
		$this->assertCount( 1, $warning );
		$this->assertStringContainsString( 'https://www.example.com (staging)', current( $warning )['message'] );
		$this->assertSame( Sim_Keys::key( 'ok' ), get_option( Key_Store::OPTION ), 'Noticed, not yet held back.' );
	}

	/**
	 * A key saved on production and read on a non-production copy is held back from everyone
	 * (core's get_option() included) until an admin confirms it here; a new key is never held.
	 */
	public function test_production_key_is_held_on_a_copy() {
		wp_set_current_user( self::user( 'administrator' ) );
		$key   = Sim_Keys::key( 'ok', 'prod' );
		$store = self::kg( 'store' );
		$store->save( $key, get_current_user_id() );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		update_option( Key_Metadata::OPTION, $meta );

		$this->assertSame( 'local', wp_get_environment_type() );
		$this->assertSame( '', get_option( Key_Store::OPTION ), 'Held from every PHP caller.' );
		$status = self::rest( 'GET', '/key' )->get_data();
		$this->assertFalse( $status['configured'] );
		$this->assertContains( 'held_copy', wp_list_pluck( $status['warnings'], 'code' ) );
		$this->assertTrue( $status['held'] );
		$this->assertSame( 'encrypted', $status['storage'] );
		$this->assertSame( 'none', self::kg( 'resolver' )->resolve()['source'] );
		$this->assertTrue( self::kg( 'hold' )->is_holding() );

		$confirmed = self::rest( 'POST', '/key/confirm' );
		$this->assertSame( 200, $confirmed->get_status() );
		$this->assertTrue( $confirmed->get_data()['configured'] );
		$this->assertFalse( $confirmed->get_data()['held'] );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertContains( 'saved_elsewhere', wp_list_pluck( $confirmed->get_data()['warnings'], 'code' ) );
		$this->assertSame( 409, self::rest( 'POST', '/key/confirm' )->get_status() );
		$this->assertSame( array( 'confirmed', 'local' ), array_values( array_intersect_key( self::kg( 'audit' )->events()[0], array_flip( array( 'event', 'outcome' ) ) ) ) );

		$meta              = get_option( Key_Metadata::OPTION );
		$meta['confirmed'] = '';
		update_option( Key_Metadata::OPTION, $meta );
		$this->assertSame( '', get_option( Key_Store::OPTION ) );
		$fresh = Sim_Keys::key( 'ok', 'staging' );
		$this->assertIsArray( $store->save( $fresh, get_current_user_id() ), 'A key for this environment is saved.' );
		$this->assertSame( $fresh, get_option( Key_Store::OPTION ) );
	}

	/**
	 * Testing a key from the environment leaves the shadowed database key's metadata alone: its
	 * fingerprint and age stay, and so does its hold on a copy; the env key's result is kept apart.
	 */
	public function test_testing_an_env_key_keeps_the_stored_keys_metadata() {
		wp_set_current_user( self::user( 'administrator' ) );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'prod-shadowed' ), get_current_user_id() );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		update_option( Key_Metadata::OPTION, $meta );
		$before = get_option( Key_Metadata::OPTION );

		putenv( 'OPENAI_API_KEY=' . Sim_Keys::key( 'ok', 'from-env' ) );
		$tested = self::rest( 'POST', '/test', array() );
		$this->assertSame( 'connected', $tested->get_data()['code'] );
		$after = get_option( Key_Metadata::OPTION );
		foreach ( array( 'fingerprint', 'saved_at', 'saved_by', 'site', 'environment', 'last_test' ) as $field ) {
			$this->assertSame( $before[ $field ], $after[ $field ], "The stored key's $field stays." );
		}
		$this->assertSame( 'connected', self::kg( 'status' )->describe()['last_test']['code'], "The env key's result is shown for the env key." );

		putenv( 'OPENAI_API_KEY' );
		$this->assertTrue( self::kg( 'hold' )->is_holding(), 'The shadowed production key is still held on this copy.' );
		$this->assertNull( self::kg( 'status' )->describe()['last_test'], "The env key's result is not the stored key's." );
	}

	/**
	 * A key saved on another non-production site is noticed but not held.
	 */
	public function test_staging_key_on_another_copy_is_not_held() {
		$key   = Sim_Keys::key( 'ok', 'staging' );
		$store = self::kg( 'store' );
		$store->save( $key, 1 );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://staging.example.com';
		$meta['environment'] = 'staging';
		update_option( Key_Metadata::OPTION, $meta );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertFalse( self::kg( 'hold' )->is_holding() );
	}

	/**
	 * A test that ends after another request saved a new key does not touch the new key's metadata.
	 */
	public function test_test_finishing_after_a_new_save_changes_nothing() {
		$store = self::kg( 'store' );
		$store->save( Sim_Keys::key( 'ok', 'old' ), 1 );
		$tested = self::kg( 'resolver' )->resolve()['key'];
		$store->save( Sim_Keys::key( 'ok', 'new' ), 2 );
		$meta = get_option( Key_Metadata::OPTION );
		$store->record_test( array( 'code' => 'connected' ), $tested );
		$this->assertSame( $meta, get_option( Key_Metadata::OPTION ) );
		$this->assertSame( 2, self::kg( 'status' )->describe()['saved_by'] );
	}

	/**
	 * A value that cannot be the key, written by another path (a plugin, WP-CLI, core's screen),
	 * keeps the stored key and is recorded as refused with the reason; a mask posted back (core 7.0
	 * does that) is no attempt at a key and records nothing.
	 */
	public function test_refused_writes_by_other_paths_are_recorded() {
		putenv( 'OPENAI_BASE_URL' ); // OpenAI's own API: another provider's key is refused.
		$key = Sim_Keys::key( 'ok', 'kept' );
		self::kg( 'store' )->save( $key, 1 );
		$anthropic = 'sk-ant-api03-' . str_repeat( 'x', 40 );
		update_option( Key_Store::OPTION, $anthropic );
		update_option( Key_Store::OPTION, $key . "\n" . Sim_Keys::key( 'ok', 'other' ) );
		update_option( Key_Store::OPTION, Key_Shape::mask( $key ) );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$events = array_slice( self::kg( 'audit' )->events(), 0, 3 );
		$this->assertSame( array( 'refused_save', 'refused_save', 'saved' ), wp_list_pluck( $events, 'event' ) );
		$this->assertSame( array( 'several_keys', 'foreign_key', 'project' ), wp_list_pluck( $events, 'outcome' ) );
	}

	/**
	 * A key saved while a test's result is being written (after the result's first check, before
	 * its write) keeps its own metadata: the check is made again under the metadata's lock.
	 */
	public function test_a_save_racing_the_result_keeps_its_metadata() {
		$store = self::kg( 'store' );
		$old   = Sim_Keys::key( 'ok', 'raceold' );
		$new   = Sim_Keys::key( 'ok', 'racenew' );
		$store->save( $old, 1 );
		$meta_option = Key_Metadata::OPTION;
		$racer       = static function ( $pre ) use ( $store, $new, &$racer, $meta_option ) {
			remove_filter( "pre_option_{$meta_option}", $racer );
			$store->save( $new, 2 ); // Another request's save, landing inside the result's write.
			return $pre;
		};
		add_filter( "pre_option_{$meta_option}", $racer );
		$store->record_test( array( 'code' => 'connected' ), $old );
		remove_filter( "pre_option_{$meta_option}", $racer );
		$this->assertSame( $new, get_option( Key_Store::OPTION ) );
		$this->assertSame( self::kg( 'meta' )->fingerprint( $new ), get_option( Key_Metadata::OPTION )['fingerprint'] );
		$status = self::kg( 'status' )->describe();
		$this->assertSame( 2, $status['saved_by'] );
		$this->assertNull( $status['last_test'], "The old key's result is not the new key's." );
	}

	/**
	 * When core (or the OpenAI provider plugin) owns the setting and exposes it in /wp/v2/settings,
	 * posting the mask back there does not overwrite the key (core 7.0 would store the mask).
	 */
	public function test_core_settings_route_cannot_store_a_mask() {
		self::as_core_registers(
			function () {
				$key = Sim_Keys::key( 'ok', 'core' );
				update_option( Key_Store::OPTION, $key );
				wp_set_current_user( self::user( 'administrator' ) );
				$response = self::rest( 'POST', '/wp/v2/settings', array( Key_Store::OPTION => "\u{2022}\u{2022}\u{2022}\u{2022}" . substr( $key, -4 ) ) );
				$this->assertSame( 200, $response->get_status() );
				$this->assertSame( $key, get_option( Key_Store::OPTION ) );
			}
		);
	}

	/**
	 * A test result is kept for the key it tested and dropped when the key changes.
	 */
	public function test_last_test_follows_the_key() {
		$store = self::kg( 'store' );
		$store->save( Sim_Keys::key( 'ok' ), 1 );
		$store->record_test( array( 'code' => 'connected' ), Sim_Keys::key( 'ok' ) );
		$this->assertSame( 'connected', self::kg( 'status' )->describe()['last_test']['code'] );
		putenv( 'OPENAI_API_KEY=' . Sim_Keys::key( 'ok', 'other' ) );
		$this->assertNull( self::kg( 'status' )->describe()['last_test'] );
	}

	/**
	 * The stored key written back by someone else (a kept mask, a settings import) is not a new
	 * key: its age, who saved it and its last test stay, and no event is recorded.
	 */
	public function test_same_key_written_back_keeps_its_history() {
		$key = Sim_Keys::key( 'ok', 'history' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$meta             = get_option( Key_Metadata::OPTION );
		$meta['saved_at'] = time() - 200 * DAY_IN_SECONDS;
		update_option( Key_Metadata::OPTION, $meta );
		delete_option( 'key_guard_audit' );

		wp_set_current_user( self::user( 'editor' ) );
		update_option( Key_Store::OPTION, get_option( Key_Store::OPTION ) );
		add_option( Key_Store::OPTION, Sim_Keys::key( 'ok', 'ignored' ) );
		update_option( Key_Store::OPTION, "\u{2022}\u{2022}\u{2022}\u{2022}" . substr( $key, -4 ) );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertSame( $meta, get_option( Key_Metadata::OPTION ) );
		$this->assertSame( array(), self::kg( 'audit' )->events() );
		$this->assertSame( 200, self::kg( 'status' )->describe()['age_days'] );
	}

	/**
	 * Saving on a held copy whose row was autoloaded (saved by core's screen or WP-CLI) makes
	 * update_option() fall back to add_option(); the new key is what everybody gets afterwards,
	 * not the production key left in the autoloaded options cache.
	 */
	public function test_save_on_a_held_copy_with_an_autoloaded_row() {
		$production = Sim_Keys::key( 'ok', 'prod-autoload' );
		add_option( Key_Store::OPTION, $production, '', true );
		$store               = self::kg( 'store' );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		update_option( Key_Metadata::OPTION, $meta );
		wp_load_alloptions( true );
		$this->assertSame( '', get_option( Key_Store::OPTION ), 'held' );

		wp_set_current_user( self::user( 'administrator' ) );
		$fresh = Sim_Keys::key( 'ok', 'staging-autoload' );
		$this->assertSame( 200, self::rest( 'POST', '/key', array( 'key' => $fresh ) )->get_status() );
		$this->assertSame( $fresh, get_option( Key_Store::OPTION ) );
		wp_cache_flush();
		$this->assertSame( $fresh, get_option( Key_Store::OPTION ), 'the database agrees' );
		$this->assertFalse( self::kg( 'status' )->describe()['held'] );
	}

	/**
	 * A key stored before the plugin ran (core's screen) is encrypted on activation and adopted:
	 * its site and environment are recorded, so a copy of the database holds it back.
	 */
	public function test_key_stored_before_activation_is_adopted() {
		global $wpdb;
		$key = Sim_Keys::key( 'ok', 'before-activation' );
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => Key_Store::OPTION,
				'option_value' => $key,
				'autoload'     => 'auto',
			)
		);
		wp_cache_flush();
		do_action( 'activate_' . plugin_basename( KEY_GUARD_FILE ), false ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's own hook for our plugin.
		$this->assertStringStartsWith( 'kg2:', self::raw_option() );
		$meta = get_option( Key_Metadata::OPTION );
		$this->assertSame( self::kg( 'meta' )->fingerprint( $key ), $meta['fingerprint'] );
		$this->assertSame( home_url(), $meta['site'] );
		$this->assertNull( $meta['saved_at'] );
		$this->assertSame( array(), self::kg( 'audit' )->events(), 'not a save' );

		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		update_option( Key_Metadata::OPTION, $meta );
		$this->assertSame( '', get_option( Key_Store::OPTION ), 'a copy holds it back' );
	}

	/**
	 * Core empties the key when its live check fails or cannot run (a network error included):
	 * the key stays, nothing is recorded as removed.
	 */
	public function test_cores_validation_wipe_keeps_the_key() {
		$key = Sim_Keys::key( 'ok', 'core-wipe' );
		self::kg( 'store' )->save( $key, self::user( 'administrator' ) );
		$row  = self::raw_option();
		$wipe = static function ( $response ) {
			update_option( Key_Store::OPTION, '' ); // What core's connectors code does after a failed check.
			return $response;
		};
		add_filter( 'rest_post_dispatch', $wipe );
		apply_filters( 'rest_post_dispatch', new \WP_REST_Response( array() ), rest_get_server(), new \WP_REST_Request( 'POST', '/wp/v2/settings' ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's own filter.
		remove_filter( 'rest_post_dispatch', $wipe );
		$this->assertSame( $row, self::raw_option() );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertNotContains( 'removed', wp_list_pluck( self::kg( 'audit' )->events(), 'event' ) );

		update_option( Key_Store::OPTION, '' );
		$this->assertSame( '', get_option( Key_Store::OPTION ), 'outside that check, emptying the key removes it' );
	}

	/**
	 * Repairing an undecryptable row records one save, and removing nothing records nothing.
	 */
	public function test_repair_and_empty_removal_record_only_what_happened() {
		global $wpdb;
		$other = new \Key_Guard\Storage\Key_Cipher( array( \Key_Guard\Storage\Key_Cipher::derive( 'elsewhere ' . wp_generate_password( 40 ) ) ), Key_Store::OPTION );
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => Key_Store::OPTION,
				'option_value' => $other->encrypt( Sim_Keys::key( 'ok', 'elsewhere' ) ),
				'autoload'     => 'off',
			)
		);
		wp_cache_flush();
		wp_set_current_user( self::user( 'administrator' ) );
		$key = Sim_Keys::key( 'ok', 'repair' );
		$this->assertSame( 200, self::rest( 'POST', '/key', array( 'key' => $key ) )->get_status() );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertSame( array( 'saved' ), array_values( array_diff( wp_list_pluck( self::kg( 'audit' )->events(), 'event' ), array( 'failed_decrypt' ) ) ) );

		self::rest( 'DELETE', '/key' );
		delete_option( 'key_guard_audit' );
		$this->assertSame( 200, self::rest( 'DELETE', '/key' )->get_status() );
		$this->assertSame( array(), self::kg( 'audit' )->events(), 'nothing was there to remove' );
	}
}
