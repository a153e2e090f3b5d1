<?php
/**
 * Tests for the plugin's Site Health tests and Info section.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;
use Key_Guard\Storage\Key_Cipher;

require_once __DIR__ . '/../Usage/Resets_Usage.php';

/**
 * Each direct test (key_guard_…) in each state it reports, through core's own list of tests, and
 * the Info section: facts in words, the mask kept private, never the key.
 */
final class Site_Health_Test extends TestCase {

	use Resets_Usage;

	/**
	 * Every test id the plugin adds.
	 */
	const IDS = array( 'key_guard_key', 'key_guard_connection', 'key_guard_encryption', 'key_guard_decryption', 'key_guard_copy', 'key_guard_empty_env', 'key_guard_test_model', 'key_guard_budget', 'key_guard_callers' );

	/**
	 * Empty usage tables and no limits; an administrator.
	 */
	protected function set_up() {
		parent::set_up();
		self::reset_usage();
		wp_set_current_user( self::user( 'administrator' ) );
		require_once ABSPATH . 'wp-admin/includes/class-wp-site-health.php';
	}

	/**
	 * Leaves no rows behind.
	 */
	protected function tear_down() {
		self::reset_usage();
		parent::tear_down();
	}

	/**
	 * Core lists every test as a direct one (no live request, so none is async), and each result
	 * has the shape Site Health shows: label, a known status, the shared badge, its own id.
	 */
	public function test_core_lists_every_test_with_a_well_formed_result() {
		$tests = \WP_Site_Health::get_tests();
		foreach ( self::IDS as $id ) {
			$this->assertArrayHasKey( $id, $tests['direct'], $id );
			$this->assertArrayNotHasKey( $id, $tests['async'] );
			$result = self::result( $id );
			$this->assertSame( $id, $result['test'] );
			$this->assertContains( $result['status'], array( 'good', 'recommended', 'critical' ), $id );
			$this->assertNotSame( '', $result['label'] );
			$this->assertStringStartsWith( '<p>', $result['description'] );
			$this->assertSame( 'OpenAI', $result['badge']['label'] );
			$this->assertDoesNotMatchRegularExpression( '/\b[a-z]+_[a-z_]+\b/', wp_strip_all_tags( $result['label'] . $result['description'] ), 'words, never a raw code: ' . $id );
		}
	}

	/**
	 * No key: recommended, with a link to the screen; a saved key: good, where from and masked.
	 */
	public function test_the_key() {
		$none = self::result( 'key_guard_key' );
		$this->assertSame( 'recommended', $none['status'] );
		$this->assertStringContainsString( 'options-general.php?page=key-guard-for-openai', $none['actions'] );
		$this->assertSame( 'good', self::result( 'key_guard_connection' )['status'], 'nothing to test yet' );

		$key = Sim_Keys::key( 'ok', 'health' );
		self::kg( 'store' )->save( $key, get_current_user_id() );
		$saved = self::result( 'key_guard_key' );
		$this->assertSame( 'good', $saved['status'] );
		$this->assertStringContainsString( 'this site&#039;s settings', $saved['description'] );
		$this->assertStringContainsString( substr( $key, -4 ), $saved['description'] );
		$this->assertStringNotContainsString( substr( $key, 8, 20 ), $saved['description'] );

		putenv( 'OPENAI_API_KEY=not-a-key' );
		$bad = self::result( 'key_guard_key' );
		$this->assertSame( 'critical', $bad['status'], 'an environment value that cannot be a key' );
	}

	/**
	 * The last connection test: none yet, passed, failed.
	 */
	public function test_the_connection() {
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'health' ), get_current_user_id() );
		$this->assertSame( 'recommended', self::result( 'key_guard_connection' )['status'] );

		$this->assertTrue( self::rest( 'POST', '/test' )->get_data()['ok'] );
		$passed = self::result( 'key_guard_connection' );
		$this->assertSame( 'good', $passed['status'] );
		$this->assertStringContainsString( 'Tested ', $passed['description'] );

		self::kg( 'limiter' )->reset( get_current_user_id() );
		self::kg( 'store' )->save( Sim_Keys::key( 'invalid_key', 'health' ), get_current_user_id() );
		$this->assertFalse( self::rest( 'POST', '/test' )->get_data()['ok'] );
		$failed = self::result( 'key_guard_connection' );
		$this->assertSame( 'critical', $failed['status'] );
		$this->assertStringContainsString( 'failed', $failed['label'] );
	}

	/**
	 * Encryption: nothing stored, then encrypted (good, or recommended while the secret lives in
	 * the database); a row that cannot be decrypted is critical and says so in words.
	 */
	public function test_encryption_and_decryption() {
		$this->assertSame( 'good', self::result( 'key_guard_encryption' )['status'] );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'health' ), get_current_user_id() );
		$this->assertSame( Key_Cipher::secret_in_database() ? 'recommended' : 'good', self::result( 'key_guard_encryption' )['status'] );
		$this->assertSame( 'good', self::result( 'key_guard_decryption' )['status'] );

		$other = new Key_Cipher( array( Key_Cipher::derive( 'elsewhere ' . wp_generate_password( 40 ) ) ), Key_Store::OPTION );
		global $wpdb;
		$wpdb->update( $wpdb->options, array( 'option_value' => $other->encrypt( Sim_Keys::random() ) ), array( 'option_name' => Key_Store::OPTION ) );
		wp_cache_delete( Key_Store::OPTION, 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		self::kg( 'option' )->forget_answers();
		$broken = self::result( 'key_guard_decryption' );
		$this->assertSame( 'critical', $broken['status'] );
		$this->assertStringContainsString( 'cannot be decrypted', $broken['description'] );

		$wpdb->update( $wpdb->options, array( 'option_value' => Sim_Keys::key( 'ok', 'plain' ) ), array( 'option_name' => Key_Store::OPTION ) );
		wp_cache_delete( Key_Store::OPTION, 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		self::kg( 'option' )->forget_answers();
		$this->assertSame( 'recommended', self::result( 'key_guard_encryption' )['status'], 'a key written unencrypted' );
	}

	/**
	 * A copy of the site that holds back the production key is critical; a site of its own, good.
	 */
	public function test_a_copy_of_the_site() {
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'prod' ), get_current_user_id() );
		$this->assertSame( 'good', self::result( 'key_guard_copy' )['status'] );
		$meta                = get_option( Key_Metadata::OPTION );
		$meta['site']        = 'https://www.example.com';
		$meta['environment'] = 'production';
		update_option( Key_Metadata::OPTION, $meta );
		$held = self::result( 'key_guard_copy' );
		$this->assertSame( 'critical', $held['status'] );
		$this->assertStringContainsString( 'https://www.example.com', $held['description'] );
		$this->assertSame( 'critical', self::result( 'key_guard_key' )['status'], 'no key in use while held' );
	}

	/**
	 * An OPENAI_API_KEY set but empty.
	 */
	public function test_an_empty_environment_variable() {
		$this->assertSame( 'good', self::result( 'key_guard_empty_env' )['status'] );
		putenv( 'OPENAI_API_KEY=' );
		$this->assertSame( 'recommended', self::result( 'key_guard_empty_env' )['status'] );
	}

	/**
	 * The test model: retiring within three months is recommended, retired is critical, with the
	 * replacement named.
	 */
	public function test_the_test_model_retiring() {
		$this->assertSame( '', self::kg( 'models' )->default_model() );
		$auto = self::result( 'key_guard_test_model' );
		$this->assertSame( 'good', $auto['status'], 'no model set: each test picks one not retired' );
		$this->assertStringContainsString( 'picks one', $auto['description'] );

		$model  = 'gpt-6-luna';
		$chosen = static function () use ( $model ) {
			return $model;
		};
		add_filter( 'key_guard_default_model', $chosen );
		$this->assertSame( 'good', self::result( 'key_guard_test_model' )['status'] );
		$when = gmdate( 'Y-m-d', time() + 30 * DAY_IN_SECONDS );
		$set  = static function () use ( $model, &$when ) {
			return array(
				$model => array(
					'shutdown'    => $when,
					'replacement' => 'gpt-replacement-1',
					'source'      => 'openai',
				),
			);
		};
		add_filter( 'key_guard_model_retirements', $set );
		try {
			$soon = self::result( 'key_guard_test_model' );
			$this->assertSame( 'recommended', $soon['status'] );
			$this->assertStringContainsString( 'gpt-replacement-1', $soon['description'] );
			$when = gmdate( 'Y-m-d', time() - DAY_IN_SECONDS );
			$this->assertSame( 'critical', self::result( 'key_guard_test_model' )['status'] );
		} finally {
			remove_filter( 'key_guard_model_retirements', $set );
			remove_filter( 'key_guard_default_model', $chosen );
		}
	}

	/**
	 * Budgets: none set is recommended; within, good; from 80 %, recommended; used up, critical.
	 */
	public function test_the_budget() {
		$this->assertSame( 'recommended', self::result( 'key_guard_budget' )['status'] );
		self::limit( array( 'monthly_budget_usd' => 10 ) );
		$this->assertSame( 'good', self::result( 'key_guard_budget' )['status'] );
		self::kg( 'usage' )->add(
			wp_date( 'Y-m-d' ),
			'gpt-4o-mini',
			'core',
			array(
				'requests'    => 1,
				'cost_micros' => 8500000,
			)
		);
		$near = self::result( 'key_guard_budget' );
		$this->assertSame( 'recommended', $near['status'] );
		$this->assertStringContainsString( '$8.50', $near['description'] );
		$this->assertStringContainsString( '$10.00', $near['description'] );
		self::limit( array( 'daily_budget_usd' => 5 ) );
		$over = self::result( 'key_guard_budget' );
		$this->assertSame( 'critical', $over['status'], 'the day\'s budget is used up' );
		$this->assertStringContainsString( 'Today', $over['label'] );

		self::limit(
			array(
				'daily_budget_usd'   => null,
				'monthly_budget_usd' => 0,
			)
		);
		$nothing = self::result( 'key_guard_budget' );
		$this->assertSame( 'critical', $nothing['status'], 'a budget of nothing holds back every paid request' );
		$this->assertStringContainsString( 'monthly', $nothing['label'] );
	}

	/**
	 * Callers waiting for approval are named; approved ones, or no approval policy, are good.
	 */
	public function test_callers_waiting_for_approval() {
		self::kg( 'usage' )->add( wp_date( 'Y-m-d' ), 'gpt-4o-mini', 'hello-dolly', array( 'blocked' => 1 ) );
		$this->assertSame( 'good', self::result( 'key_guard_callers' )['status'] );
		self::limit( array( 'unknown_callers' => 'approve' ) );
		self::limit( array( 'callers' => array( 'hello-dolly' => array( 'approved' => false ) ) ) );
		$waiting = self::result( 'key_guard_callers' );
		$this->assertSame( 'recommended', $waiting['status'] );
		$this->assertStringContainsString( 'hello-dolly', $waiting['description'] );
		self::limit( array( 'callers' => array( 'hello-dolly' => array( 'approved' => true ) ) ) );
		$this->assertSame( 'good', self::result( 'key_guard_callers' )['status'] );
	}

	/**
	 * The Info section: facts in words, the mask private, never the key.
	 */
	public function test_the_info_section_never_holds_the_key() {
		$key = Sim_Keys::key( 'ok', 'info' );
		self::kg( 'store' )->save( $key, get_current_user_id() );
		$info = apply_filters( 'debug_information', array() ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- Site Health's own filter, applied as core applies it.
		$this->assertArrayHasKey( 'key-guard-for-openai', $info );
		$fields = $info['key-guard-for-openai']['fields'];
		$this->assertSame( 'database', $fields['key_source']['debug'] );
		$this->assertTrue( $fields['key_masked']['private'] );
		$this->assertStringEndsWith( substr( $key, -4 ), $fields['key_masked']['value'] );
		$this->assertStringNotContainsString( substr( $key, 8, 20 ), (string) wp_json_encode( $info ) );
		foreach ( $fields as $name => $field ) {
			$this->assertNotSame( '', $field['label'], $name );
			$this->assertIsString( $field['value'], $name );
		}
	}

	/**
	 * A test's result, through the tests WordPress lists.
	 *
	 * @param string $id The test's id.
	 * @return array
	 */
	private static function result( $id ) {
		$tests = apply_filters(
			'site_status_tests', // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- Site Health's own filter, applied as core applies it.
			array(
				'direct' => array(),
				'async'  => array(),
			)
		);
		return call_user_func( $tests['direct'][ $id ]['test'] );
	}
}
