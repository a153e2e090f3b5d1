<?php
/**
 * The key's routes: status, save, remove, confirm on a copy, keys for other environments, events.
 *
 * @package Key_Guard
 */

namespace Key_Guard\REST;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Connection\Endpoint;
use Key_Guard\Key\Copy_Hold;
use Key_Guard\Key\Environment_Keys;
use Key_Guard\Key\Environment_Type;
use Key_Guard\Key\Key_Status;
use Key_Guard\Key\Key_Store;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET/POST/DELETE /key, POST /key/confirm, POST/DELETE /environments/{type}, GET /audit: each
 * validates, calls one service and answers with the key's status (never the key).
 *
 * @since 0.1.0
 */
final class Key_Controller extends Controller {

	/**
	 * The key store.
	 *
	 * @var Key_Store
	 */
	private $store;

	/**
	 * The key's status.
	 *
	 * @var Key_Status
	 */
	private $status;

	/**
	 * The copy hold.
	 *
	 * @var Copy_Hold
	 */
	private $hold;

	/**
	 * Keys prepared for environment types.
	 *
	 * @var Environment_Keys
	 */
	private $environments;

	/**
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * Where keys are sent, which decides the keys a copy's prepared key may be.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Store        $store        The key store.
	 * @param Key_Status       $status       The key's status.
	 * @param Copy_Hold        $hold         The copy hold.
	 * @param Environment_Keys $environments Keys prepared for environment types.
	 * @param Audit_Log        $audit        The key events log.
	 * @param Endpoint         $endpoint     Where keys are sent.
	 */
	public function __construct( Key_Store $store, Key_Status $status, Copy_Hold $hold, Environment_Keys $environments, Audit_Log $audit, Endpoint $endpoint ) {
		$this->store        = $store;
		$this->status       = $status;
		$this->hold         = $hold;
		$this->environments = $environments;
		$this->audit        = $audit;
		$this->endpoint     = $endpoint;
	}

	/**
	 * Registers the routes.
	 *
	 * @since 0.1.0
	 *
	 * @param callable $on Gives what a route calls for one of this controller's methods: a stand-in
	 *                    that makes the controller when its route is dispatched.
	 * @return void
	 */
	public static function register_routes( callable $on ) {
		$route = static function ( $methods, $callback, array $args = array() ) use ( $on ) {
			return array(
				'methods'             => $methods,
				'callback'            => $on( $callback ),
				'permission_callback' => $on( 'can_manage' ),
				'args'                => $args,
			);
		};
		register_rest_route(
			self::NAMESPACE,
			'/key',
			array(
				$route( WP_REST_Server::READABLE, 'get_key' ),
				$route( WP_REST_Server::CREATABLE, 'save_key', array( 'key' => self::key_arg( true ) ) ),
				$route( WP_REST_Server::DELETABLE, 'delete_key' ),
			)
		);
		register_rest_route( self::NAMESPACE, '/key/confirm', $route( WP_REST_Server::CREATABLE, 'confirm_key' ) );
		$environment = array(
			'type'        => 'string',
			'enum'        => Environment_Type::TYPES,
			'description' => __( 'An environment type, as wp_get_environment_type() returns it.', 'key-guard-for-openai' ),
		);
		register_rest_route(
			self::NAMESPACE,
			'/environments/(?P<environment>[a-z]+)',
			array(
				$route(
					WP_REST_Server::CREATABLE,
					'save_environment_key',
					array(
						'environment' => $environment,
						'key'         => self::key_arg( true ),
					)
				),
				$route( WP_REST_Server::DELETABLE, 'delete_environment_key', array( 'environment' => $environment ) ),
			)
		);
		register_rest_route( self::NAMESPACE, '/audit', $route( WP_REST_Server::READABLE, 'get_audit' ) );
	}

	/**
	 * GET /key.
	 *
	 * @return WP_REST_Response
	 */
	public function get_key() {
		return rest_ensure_response( $this->status->describe() );
	}

	/**
	 * POST /key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function save_key( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array( 'key' ) );
		$saved   = $refused ? $refused : $this->store->save( (string) $request['key'], get_current_user_id() );
		return $this->status_with( $saved );
	}

	/**
	 * DELETE /key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function delete_key( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array() );
		return $this->status_with( $refused ? $refused : $this->store->delete() );
	}

	/**
	 * POST /key/confirm: lets this copy of the site use a held production key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function confirm_key( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array() );
		return $this->status_with( $refused ? $refused : $this->hold->confirm_here() );
	}

	/**
	 * POST /environments/{type}: prepares the key a copy of this site in that environment will use.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function save_environment_key( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array( 'key' ) );
		$saved   = $refused ? $refused : $this->environments->save( (string) $request['environment'], (string) $request['key'], get_current_user_id(), $this->endpoint->is_openai_own() );
		return $this->status_with( $saved );
	}

	/**
	 * DELETE /environments/{type}.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function delete_environment_key( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array() );
		return $this->status_with( $refused ? $refused : $this->environments->delete( (string) $request['environment'] ) );
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
	 * The status after a change, with what the change reported (notices); the error when it failed.
	 *
	 * @param mixed $outcome true, an array of extra fields, or a WP_Error.
	 * @return WP_REST_Response|\WP_Error
	 */
	private function status_with( $outcome ) {
		if ( is_wp_error( $outcome ) ) {
			return $outcome;
		}
		return rest_ensure_response( array_merge( $this->status->describe(), is_array( $outcome ) ? $outcome : array() ) );
	}
}
