<?php
/**
 * POST /key-guard/v1/test.
 *
 * @package Key_Guard
 */

namespace Key_Guard\REST;

use Key_Guard\Connection\Connection_Check;
use Key_Guard\Connection\Model_Choice;
use Key_Guard\Connection\Rate_Limiter;
use Key_Guard\Key\Environment_Type;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Tests the stored key, or a typed key before it is saved, through the one Connection_Check.
 *
 * @since 0.4.0
 */
final class Test_Controller extends Controller {

	/**
	 * The connection-test workflow.
	 *
	 * @var Connection_Check
	 */
	private $check;

	/**
	 * Keeps the workflow.
	 *
	 * @param Connection_Check $check The connection-test workflow.
	 */
	public function __construct( Connection_Check $check ) {
		$this->check = $check;
	}

	/**
	 * Registers the route.
	 *
	 * @since 0.4.0
	 *
	 * @param callable $on Gives what a route calls for one of this controller's methods: a stand-in
	 *                    that makes the controller when its route is dispatched.
	 * @return void
	 */
	public static function register_routes( callable $on ) {
		register_rest_route(
			self::NAMESPACE,
			'/test',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => $on( 'test' ),
				'permission_callback' => $on( 'can_manage' ),
				'args'                => array(
					'key'         => self::key_arg( false ),
					'environment' => array(
						'type'        => 'string',
						'enum'        => Environment_Type::TYPES,
						'description' => __( 'Another environment type whose prepared key to test, instead of the key in effect.', 'key-guard-for-openai' ),
					),
					'model'       => array(
						'type'        => 'string',
						'pattern'     => trim( Model_Choice::PATTERN, '/' ),
						'description' => __( 'The model to test with.', 'key-guard-for-openai' ),
					),
				),
			)
		);
	}

	/**
	 * POST /test. A typed key that cannot be a key (empty, a mask, an admin key, bad characters) gets
	 * its diagnosis (no_key, malformed_key, admin_key) with status 400, like a refused save.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function test( WP_REST_Request $request ) {
		$refused     = self::reject_unknown_fields( $request, array( 'key', 'model', 'environment' ) );
		$environment = isset( $request['environment'] ) ? (string) $request['environment'] : null;
		if ( ! $refused && null !== $environment ) {
			$refused = null !== $request['key']
				? new WP_Error( 'key_guard_key_and_environment', __( 'Send either a key to test or an environment type, not both.', 'key-guard-for-openai' ), array( 'status' => 400 ) )
				: Environment_Type::refusal( $environment, 'test' );
		}
		if ( $refused ) {
			return $refused;
		}
		$answer = $this->check->run(
			null === $request['key'] ? null : (string) $request['key'],
			isset( $request['model'] ) ? (string) $request['model'] : null,
			get_current_user_id(),
			$environment
		);
		if ( 429 === $answer['status'] ) {
			return self::too_many_tests( $answer['retry_after'] );
		}
		$result = (array) $answer['result'];
		if ( 400 === $answer['status'] ) {
			$result['data'] = array( 'status' => 400 );
		}
		return new WP_REST_Response( $result, $answer['status'] );
	}

	/**
	 * The 429 answer for a user over the test limit, with Retry-After (and data.retry_after, which the
	 * screen counts down: the message itself names no number of seconds that would go stale).
	 *
	 * @param int $wait Seconds until the next test may run.
	 * @return WP_REST_Response
	 */
	private static function too_many_tests( $wait ) {
		$limit    = Rate_Limiter::per_minute();
		$response = rest_convert_error_to_response(
			new WP_Error(
				'key_guard_rate_limited',
				sprintf(
					/* translators: %d: how many connection tests one user may run per minute. */
					_n( 'Too many connection tests: %d per minute is allowed.', 'Too many connection tests: %d per minute are allowed.', $limit, 'key-guard-for-openai' ),
					$limit
				),
				array(
					'status'      => 429,
					'retry_after' => $wait,
				)
			)
		);
		$response->header( 'Retry-After', (string) $wait );
		return $response;
	}
}
