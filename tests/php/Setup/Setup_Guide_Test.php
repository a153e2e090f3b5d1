<?php
/**
 * The set-up guide and the least-privilege evidence, through REST and Site Health.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Setup\Key_Evidence;
use Key_Guard\Setup\Setup_Guide;

require_once dirname( __DIR__ ) . '/Usage/Resets_Usage.php';

/**
 * The steps tick themselves where the plugin can see them done, are ticked by hand otherwise
 * (remembered per site); the traffic of the last 30 days names the permissions a restricted key
 * needs, and a missing-scope refusal is named in words.
 */
final class Setup_Guide_Test extends TestCase {

	use Resets_Usage;

	/**
	 * Starts with no ticks, no evidence, no usage.
	 */
	protected function set_up() {
		parent::set_up();
		self::reset_usage();
		delete_option( Setup_Guide::OPTION );
		delete_option( Key_Evidence::OPTION );
		wp_set_current_user( self::user( 'administrator' ) );
	}

	/**
	 * Leaves nothing behind.
	 */
	protected function tear_down() {
		self::reset_usage();
		delete_option( Setup_Guide::OPTION );
		delete_option( Key_Evidence::OPTION );
		parent::tear_down();
	}

	/**
	 * The steps in the guide's order, each hand step with its platform page; automatic ones tick
	 * themselves as the key is saved, tested and a budget set; hand ones are remembered; the guide is
	 * done without the optional step.
	 */
	public function test_steps_tick_themselves_or_by_hand_and_the_guide_gets_done() {
		$guide = self::rest( 'GET', '/setup' );
		$this->assertSame( 200, $guide->get_status() );
		$steps = array_column( $guide->get_data()['steps'], null, 'id' );
		$this->assertSame( array( 'dashboard', 'project', 'billing', 'create_key', 'paste_key', 'test', 'openai_limits', 'our_budget', 'data_controls' ), array_keys( $steps ) );
		$this->assertSame( 'https://platform.openai.com/api-keys', $steps['create_key']['link'] );
		$this->assertStringStartsWith( 'https://platform.openai.com/', $steps['data_controls']['link'] );
		$this->assertTrue( $steps['data_controls']['optional'] );
		$this->assertFalse( $guide->get_data()['done'] );
		$this->assertSame( array(), array_keys( array_filter( wp_list_pluck( $steps, 'done' ) ) ) );

		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'setup' ), self::user( 'administrator' ) );
		$this->assertTrue( self::rest( 'POST', '/test', array() )->get_data()['ok'] );
		self::limit( array( 'monthly_budget_usd' => 10 ) );
		foreach ( array( 'dashboard', 'project', 'billing', 'create_key' ) as $step ) {
			$this->assertSame(
				200,
				self::rest(
					'POST',
					'/setup',
					array(
						'step' => $step,
						'done' => true,
					)
				)->get_status()
			);
		}
		$data = self::rest( 'GET', '/setup' )->get_data();
		$this->assertFalse( $data['done'], 'OpenAI\'s own limits are still to set' );
		$after = self::rest(
			'POST',
			'/setup',
			array(
				'step' => 'openai_limits',
				'done' => true,
			)
		)->get_data();
		$this->assertTrue( $after['done'] );
		$this->assertSame( array( 'dashboard', 'project', 'billing', 'create_key', 'paste_key', 'test', 'openai_limits', 'our_budget' ), array_keys( array_filter( wp_list_pluck( array_column( $after['steps'], null, 'id' ), 'done' ) ) ) );

		$undone = self::rest(
			'POST',
			'/setup',
			array(
				'step' => 'billing',
				'done' => false,
			)
		)->get_data();
		$this->assertFalse( $undone['done'] );
		$this->assertTrue( self::rest( 'POST', '/setup', array( 'closed' => true ) )->get_data()['closed'] );
		$this->assertSame( array( 'dashboard', 'project', 'create_key', 'openai_limits' ), get_option( Setup_Guide::OPTION )['ticked'] );
	}

	/**
	 * Bad changes are refused in words and change nothing; others than administrators get 403.
	 */
	public function test_bad_changes_are_refused() {
		$cases = array(
			array(
				'step' => 'paste_key',
				'done' => true,
			),
			array(
				'step' => 'no_such_step',
				'done' => true,
			),
			array( 'step' => 'dashboard' ),
			array( 'done' => true ),
			array(),
			array(
				'step' => 'dashboard',
				'done' => 'maybe',
			),
			array(
				'step'   => 'dashboard',
				'done'   => true,
				'colour' => 'red',
			),
		);
		foreach ( $cases as $body ) {
			$response = self::rest( 'POST', '/setup', $body );
			$this->assertSame( 400, $response->get_status(), wp_json_encode( $body ) );
			$this->assertDoesNotMatchRegularExpression( '/^[a-z_]+$/', $response->get_data()['message'], 'a sentence' );
		}
		$this->assertFalse( get_option( Setup_Guide::OPTION ) );
		wp_set_current_user( self::user( 'editor' ) );
		$this->assertSame( 403, self::rest( 'GET', '/setup' )->get_status() );
		$this->assertSame( 403, self::rest( 'POST', '/setup', array( 'closed' => true ) )->get_status() );
	}

	/**
	 * What the site's plugins sent names the permissions and models; the daily roll-up keeps it after
	 * the request log lost it, for 30 days.
	 */
	public function test_the_traffic_names_the_permissions_a_restricted_key_needs() {
		$base = self::simulator_url();
		self::through_hooks(
			$base . '/responses',
			self::request(
				'POST',
				array(
					'model' => 'gpt-4o-mini',
					'input' => 'Hi',
				)
			),
			self::answer( '{"model":"gpt-4o-mini","usage":{"input_tokens":5,"output_tokens":5}}' )
		);
		self::through_hooks(
			$base . '/embeddings',
			self::request(
				'POST',
				array(
					'model' => 'text-embedding-3-small',
					'input' => 'Hi',
				)
			),
			self::answer( '{"model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}' )
		);
		self::through_hooks( $base . '/models', self::request( 'GET' ), self::answer( '{"object":"list","data":[]}' ) );

		$evidence = self::rest( 'GET', '/setup' )->get_data()['evidence'];
		$this->assertSame( 30, $evidence['days'] );
		$this->assertSame( array( 'models', 'model_capabilities', 'responses' ), array_column( $evidence['permissions'], 'id' ), 'in the dialog\'s order' );
		$by_id = array_column( $evidence['permissions'], null, 'id' );
		$this->assertSame( array( 'Read' ), $by_id['models']['access'] );
		$this->assertSame( array( 'Write' ), $by_id['responses']['access'] );
		$this->assertSame( array( 'gpt-4o-mini', 'text-embedding-3-small' ), $evidence['models'] );
		$this->assertSame( array(), $evidence['missing'] );

		self::kg( 'evidence' )->roll_up();
		global $wpdb;
		$wpdb->query( 'DELETE FROM ' . self::kg( 'requests' )->name() ); // phpcs:ignore WordPress.DB -- The log lost them.
		$this->assertSame( array( 'models', 'model_capabilities', 'responses' ), array_column( self::kg( 'evidence' )->describe()['permissions'], 'id' ), 'kept by the roll-up' );

		$old                            = get_option( Key_Evidence::OPTION );
		$old['uses']['responses|write'] = gmdate( 'Y-m-d', time() - 31 * DAY_IN_SECONDS );
		$old['models']['gpt-4o-mini']   = gmdate( 'Y-m-d', time() - 31 * DAY_IN_SECONDS );
		update_option( Key_Evidence::OPTION, $old );
		$now = self::kg( 'evidence' )->describe();
		$this->assertSame( array( 'models', 'model_capabilities' ), array_column( $now['permissions'], 'id' ), 'older than 30 days: gone' );
		$this->assertSame( array( 'text-embedding-3-small' ), $now['models'] );
	}

	/**
	 * A restricted key refused for a missing scope: named in words on the guide and in Site Health;
	 * a refusal from before the key in use was saved does not count.
	 */
	public function test_a_missing_scope_seen_in_traffic_is_named() {
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'restricted' ), self::user( 'administrator' ) );
		$health = self::kg( 'health' )->tests( array() )['direct']['key_guard_permissions']['test'];
		$this->assertSame( 'good', $health()['status'] );

		$refusal = '{"error":{"message":"You have insufficient permissions for this operation. Missing scopes: api.responses.write. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you\'re using a restricted API key, that it has the necessary scopes.","type":"invalid_request_error","param":null,"code":null}}';
		$body    = array(
			'model' => 'gpt-4o-mini',
			'input' => 'Hi',
		);
		// Another key refused (a typed key being tried, another plugin's own key): not this key's evidence.
		self::through_hooks( self::simulator_url() . '/responses', self::request( 'POST', $body, Sim_Keys::key( 'ok', 'someone-else' ) ), self::answer( $refusal, 'application/json', 401 ) );
		$this->assertSame( array(), self::rest( 'GET', '/setup' )->get_data()['evidence']['missing'] );
		self::through_hooks( self::simulator_url() . '/responses', self::request( 'POST', $body, Sim_Keys::key( 'ok', 'restricted' ) ), self::answer( $refusal, 'application/json', 401 ) );

		$missing = self::rest( 'GET', '/setup' )->get_data()['evidence']['missing'];
		$this->assertSame( array( 'api.responses.write' ), array_column( $missing, 'scope' ) );
		$this->assertSame( 'Responses API: Write', $missing[0]['label'] );
		$result = $health();
		$this->assertSame( 'recommended', $result['status'] );
		$this->assertStringContainsString( 'Responses API: Write', $result['description'] );

		$stored                                   = get_option( Key_Evidence::OPTION );
		$stored['missing']['api.responses.write'] = gmdate( 'Y-m-d', time() - 2 * DAY_IN_SECONDS );
		update_option( Key_Evidence::OPTION, $stored );
		$this->assertSame( array(), self::rest( 'GET', '/setup' )->get_data()['evidence']['missing'], 'refused to the key before this one' );
	}

	/**
	 * HTTP API arguments of a request to the API.
	 *
	 * @param string     $method The method.
	 * @param array|null $body   The JSON body.
	 * @param string     $key    The key it is sent with.
	 * @return array<string, mixed>
	 */
	private static function request( $method, $body = null, $key = '' ) {
		return array(
			'method'  => $method,
			'headers' => array(
				'Content-Type'  => 'application/json',
				'Authorization' => 'Bearer ' . $key,
			),
			'body'    => null === $body ? null : wp_json_encode( $body ),
		);
	}
}
