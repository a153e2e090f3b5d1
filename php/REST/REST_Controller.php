<?php
/**
 * The key-guard/v1 REST routes.
 *
 * @package Key_Guard
 */

namespace Key_Guard\REST;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Connection\Connection_Tester;
use Key_Guard\Connection\Rate_Limiter;
use Key_Guard\Key\Environment_Keys;
use Key_Guard\Key\Key_Shape;
use Key_Guard\Key\Key_Store;
use Key_Guard\Plugin;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Exposes the key's status, saving, removal and the connection test to administrators.
 *
 * @since 0.1.0
 */
final class REST_Controller {

	const NAMESPACE = 'key-guard/v1';

	/** Longer than any key; anything longer is refused by the schema before our code sees it. */
	const MAX_INPUT = 4096;

	/**
	 * The key store.
	 *
	 * @var Key_Store
	 */
	private $store;

	/**
	 * The connection tester.
	 *
	 * @var Connection_Tester
	 */
	private $tester;

	/**
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * The per-user limit on tests.
	 *
	 * @var Rate_Limiter
	 */
	private $limiter;

	/**
	 * Keys prepared for other environment types.
	 *
	 * @var Environment_Keys
	 */
	private $environments;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Store             $store        The key store.
	 * @param Connection_Tester     $tester       The connection tester.
	 * @param Audit_Log             $audit        The key events log.
	 * @param Rate_Limiter|null     $limiter      The per-user limit on tests; new when omitted.
	 * @param Environment_Keys|null $environments Keys per environment type; new when omitted.
	 */
	public function __construct( Key_Store $store, Connection_Tester $tester, Audit_Log $audit, $limiter = null, $environments = null ) {
		$this->store        = $store;
		$this->tester       = $tester;
		$this->audit        = $audit;
		$this->limiter      = $limiter instanceof Rate_Limiter ? $limiter : new Rate_Limiter();
		$this->environments = $environments instanceof Environment_Keys ? $environments : new Environment_Keys( $audit );
	}

	/**
	 * Registers the routes.
	 *
	 * @since 0.1.0
	 */
	public function register_routes() {
		$key_arg = array(
			'type'        => 'string',
			'maxLength'   => self::MAX_INPUT,
			'description' => __( 'An OpenAI API key.', 'key-guard-for-openai' ),
		);
		register_rest_route(
			self::NAMESPACE,
			'/key',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_key' ),
					'permission_callback' => array( $this, 'can_manage' ),
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'save_key' ),
					'permission_callback' => array( $this, 'can_manage' ),
					'args'                => array( 'key' => array_merge( $key_arg, array( 'required' => true ) ) ),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_key' ),
					'permission_callback' => array( $this, 'can_manage' ),
					'args'                => array(),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/key/confirm',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'confirm_key' ),
				'permission_callback' => array( $this, 'can_manage' ),
				'args'                => array(),
			)
		);
		$environment_arg = array(
			'type'        => 'string',
			'enum'        => Environment_Keys::TYPES,
			'description' => __( 'An environment type, as wp_get_environment_type() returns it.', 'key-guard-for-openai' ),
		);
		register_rest_route(
			self::NAMESPACE,
			'/environments/(?P<environment>[a-z]+)',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'save_environment_key' ),
					'permission_callback' => array( $this, 'can_manage' ),
					'args'                => array(
						'environment' => $environment_arg,
						'key'         => array_merge( $key_arg, array( 'required' => true ) ),
					),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_environment_key' ),
					'permission_callback' => array( $this, 'can_manage' ),
					'args'                => array( 'environment' => $environment_arg ),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/audit',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_audit' ),
				'permission_callback' => array( $this, 'can_manage' ),
				'args'                => array(),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/test',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'test' ),
				'permission_callback' => array( $this, 'can_manage' ),
				'args'                => array(
					'key'   => $key_arg,
					'model' => array(
						'type'        => 'string',
						'pattern'     => trim( Connection_Tester::MODEL_PATTERN, '/' ),
						'description' => __( 'The model to test with.', 'key-guard-for-openai' ),
					),
				),
			)
		);
	}

	/**
	 * Allows administrators only (network administrators on multisite): 401 when logged out, 403
	 * when logged in without the capability.
	 *
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	public function can_manage() {
		if ( current_user_can( Plugin::capability() ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			is_multisite()
				? __( 'Only network administrators can manage the OpenAI key.', 'key-guard-for-openai' )
				: __( 'Only administrators can manage the OpenAI key.', 'key-guard-for-openai' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * GET /key.
	 *
	 * @return WP_REST_Response
	 */
	public function get_key() {
		return rest_ensure_response( $this->store->status() );
	}

	/**
	 * POST /key/confirm: lets this copy of the site use a held production key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function confirm_key( WP_REST_Request $request ) {
		$unknown = $this->reject_unknown_fields( $request, array() );
		if ( $unknown ) {
			return $unknown;
		}
		$confirmed = $this->store->confirm_here();
		return is_wp_error( $confirmed ) ? $confirmed : rest_ensure_response( $this->store->status() );
	}

	/**
	 * GET /audit: the last key events, newest first.
	 *
	 * @return WP_REST_Response
	 */
	public function get_audit() {
		return rest_ensure_response( $this->audit->events() );
	}

	/**
	 * POST /key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function save_key( WP_REST_Request $request ) {
		$unknown = $this->reject_unknown_fields( $request, array( 'key' ) );
		if ( $unknown ) {
			return $unknown;
		}
		$saved = $this->store->save( (string) $request['key'], get_current_user_id() );
		if ( is_wp_error( $saved ) ) {
			return $saved;
		}
		return rest_ensure_response( array_merge( $this->store->status(), $saved ) );
	}

	/**
	 * POST /environments/{type}: prepares the key a copy of this site in that environment will use.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function save_environment_key( WP_REST_Request $request ) {
		$unknown = $this->reject_unknown_fields( $request, array( 'key' ) );
		if ( $unknown ) {
			return $unknown;
		}
		$saved = $this->environments->save( (string) $request['environment'], (string) $request['key'], get_current_user_id() );
		if ( is_wp_error( $saved ) ) {
			return $saved;
		}
		return rest_ensure_response( array_merge( $this->store->status(), $saved ) );
	}

	/**
	 * DELETE /environments/{type}.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_environment_key( WP_REST_Request $request ) {
		$unknown = $this->reject_unknown_fields( $request, array() );
		if ( $unknown ) {
			return $unknown;
		}
		$deleted = $this->environments->delete( (string) $request['environment'] );
		return is_wp_error( $deleted ) ? $deleted : rest_ensure_response( $this->store->status() );
	}

	/**
	 * DELETE /key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_key( WP_REST_Request $request ) {
		$unknown = $this->reject_unknown_fields( $request, array() );
		if ( $unknown ) {
			return $unknown;
		}
		$deleted = $this->store->delete();
		return is_wp_error( $deleted ) ? $deleted : rest_ensure_response( $this->store->status() );
	}

	/**
	 * POST /test: tests the stored key, or a typed key before it is saved. Never changes the stored key.
	 *
	 * A typed key that cannot be a key (empty, a mask, an admin key, bad characters) gets its
	 * diagnosis (no_key, malformed_key, admin_key) with status 400, like a refused save.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function test( WP_REST_Request $request ) {
		$unknown = $this->reject_unknown_fields( $request, array( 'key', 'model' ) );
		if ( $unknown ) {
			return $unknown;
		}
		$model     = isset( $request['model'] ) && '' !== $request['model'] ? (string) $request['model'] : Connection_Tester::default_model();
		$candidate = null === $request['key'] ? null : Key_Shape::normalise( (string) $request['key'] )['key'];
		if ( null !== $candidate && ( '' === $candidate || Key_Shape::refusal( $candidate ) ) ) {
			// Not a key OpenAI could accept: diagnosed offline, answered 400, nothing sent or recorded.
			$result         = $this->tester->run( $candidate, $model, 'candidate' );
			$result['data'] = array( 'status' => 400 );
			return new WP_REST_Response( $result, 400 );
		}
		$wait = $this->limiter->hit( get_current_user_id() );
		if ( $wait > 0 ) {
			return $this->too_many_tests( $wait );
		}
		if ( null !== $candidate ) {
			$result = $this->tester->run( $candidate, $model, 'candidate' );
		} else {
			$key    = $this->store->resolve()['key'];
			$result = $this->tester->run( $key, $model, 'stored' );
			$this->store->record_test( $result, $key );
		}
		$this->audit->record( 'tested', ( 'candidate' === $result['key_source'] ? 'typed_' : '' ) . $result['code'] );
		return rest_ensure_response( $result );
	}

	/**
	 * The 429 answer for a user over the test limit, with Retry-After.
	 *
	 * @param int $wait Seconds until the next test may run.
	 * @return WP_REST_Response
	 */
	private function too_many_tests( $wait ) {
		$response = rest_convert_error_to_response(
			new WP_Error(
				'key_guard_rate_limited',
				sprintf(
					/* translators: %d: how many connection tests one user may run per minute. */
					_n( 'Too many connection tests: %d per minute is allowed.', 'Too many connection tests: %d per minute are allowed.', Rate_Limiter::per_minute(), 'key-guard-for-openai' ),
					Rate_Limiter::per_minute()
				) . ' ' . sprintf(
					/* translators: %d: seconds to wait. */
					_n( 'Try again in %d second.', 'Try again in %d seconds.', $wait, 'key-guard-for-openai' ),
					$wait
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

	/**
	 * Refuses body fields the route does not know (the schema's additionalProperties: false).
	 *
	 * @param WP_REST_Request $request The request.
	 * @param string[]        $allowed Known fields.
	 * @return WP_Error|null
	 */
	private function reject_unknown_fields( WP_REST_Request $request, array $allowed ) {
		$query = $request->get_query_params();
		if ( isset( $query['key'] ) ) {
			return new WP_Error(
				'key_guard_key_in_url',
				__( 'Send the key in the request body, never in the URL: URLs end up in server logs.', 'key-guard-for-openai' ),
				array( 'status' => 400 )
			);
		}
		$json   = $request->get_json_params();
		$fields = array_merge( array_keys( is_array( $json ) ? $json : array() ), array_keys( $request->get_body_params() ) );
		$extra  = array_diff( $fields, $allowed );
		if ( ! $extra ) {
			return null;
		}
		return new WP_Error(
			'rest_additional_properties_forbidden',
			/* translators: %s: comma-separated field names. */
			sprintf( __( 'Unknown field(s): %s.', 'key-guard-for-openai' ), implode( ', ', array_map( 'sanitize_key', $extra ) ) ),
			array( 'status' => 400 )
		);
	}
}
