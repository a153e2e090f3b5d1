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
use Key_Guard\Key\Key_Refusal;
use Key_Guard\Key\Key_Store;
use Key_Guard\Network\Network_Status;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET/POST/DELETE /key, POST /key/confirm, POST/DELETE /environments/{type}, GET /audit: each
 * validates, calls one service and answers with the key's status (never the key). On a network,
 * /key?scope=network is the network key, for network administrators only.
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
	 * Gives the network key, on a network; null on a single site.
	 *
	 * @var (callable(): Network_Status)|null
	 */
	private $network;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Store        $store        The key store.
	 * @param Key_Status       $status       The key's status.
	 * @param Copy_Hold        $hold         The copy hold.
	 * @param Environment_Keys $environments Keys prepared for environment types.
	 * @param Audit_Log        $audit        The key events log.
	 * @param Endpoint         $endpoint     Where keys are sent.
	 * @param callable|null    $network      Gives the network key; null on a single site.
	 */
	public function __construct( Key_Store $store, Key_Status $status, Copy_Hold $hold, Environment_Keys $environments, Audit_Log $audit, Endpoint $endpoint, $network = null ) {
		$this->network      = $network;
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
		$route = static function ( $methods, $callback, array $args = array(), $permission = 'can_manage' ) use ( $on ) {
			return array(
				'methods'             => $methods,
				'callback'            => $on( $callback ),
				'permission_callback' => $on( $permission ),
				'args'                => $args,
			);
		};
		$scope = array(
			'scope' => array(
				'type'        => 'string',
				'enum'        => array( 'site', 'network' ),
				'default'     => 'site',
				'description' => __( 'This site\'s key, or the key of the whole network (network administrators only).', 'key-guard-for-openai' ),
			),
		);
		register_rest_route(
			self::NAMESPACE,
			'/key',
			array(
				$route( WP_REST_Server::READABLE, 'get_key', $scope, 'can_manage_scope' ),
				$route( WP_REST_Server::CREATABLE, 'save_key', array( 'key' => self::key_arg( true ) ) + $scope, 'can_manage_scope' ),
				$route( WP_REST_Server::DELETABLE, 'delete_key', $scope, 'can_manage_scope' ),
			)
		);
		register_rest_route( self::NAMESPACE, '/key/confirm', $route( WP_REST_Server::CREATABLE, 'confirm_key', $scope, 'can_manage_scope' ) );
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
	 * The permission of /key: the site's key for its managers; the network key (scope=network) for
	 * network administrators only, and only on a network.
	 *
	 * @since 0.5.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function can_manage_scope( WP_REST_Request $request ) {
		if ( 'network' !== $request['scope'] ) {
			return $this->can_manage();
		}
		if ( ! is_multisite() || null === $this->network ) {
			return new WP_Error( 'key_guard_not_network', __( 'This site is not part of a network, so it has no network key.', 'key-guard-for-openai' ), array( 'status' => 400 ) );
		}
		return Network_Controller::can_manage_network();
	}

	/**
	 * GET /key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_key( WP_REST_Request $request ) {
		$network = $this->network_key( $request );
		return rest_ensure_response( $network ? $network->describe() : $this->status->describe() );
	}

	/**
	 * POST /key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function save_key( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array( 'key' ) );
		$network = $this->network_key( $request );
		if ( $refused || ! $network ) {
			return $this->status_with( $refused ? $refused : $this->store->save( (string) $request['key'], get_current_user_id() ) );
		}
		$saved = $network->store()->save( (string) $request['key'], get_current_user_id() );
		return is_wp_error( $saved ) ? $saved : rest_ensure_response( array_merge( $network->describe(), $saved ) );
	}

	/**
	 * DELETE /key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function delete_key( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array() );
		$network = $this->network_key( $request );
		if ( $refused || ! $network ) {
			return $this->status_with( $refused ? $refused : $this->store->delete() );
		}
		$removed = $network->store()->delete();
		return is_wp_error( $removed ) ? $removed : rest_ensure_response( $network->describe() );
	}

	/**
	 * The network key when the request is about it (scope=network); null for the site's key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return Network_Status|null
	 */
	private function network_key( WP_REST_Request $request ) {
		return 'network' === $request['scope'] && null !== $this->network ? ( $this->network )() : null;
	}

	/**
	 * POST /key/confirm: lets this copy of the site (or with scope=network, of the network) use a held production key.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function confirm_key( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array() );
		$network = $this->network_key( $request );
		if ( $refused || ! $network ) {
			return $this->status_with( $refused ? $refused : $this->hold->confirm_here() );
		}
		$confirmed = $network->store()->confirm_here();
		return is_wp_error( $confirmed ) ? $confirmed : rest_ensure_response( $network->describe() );
	}

	/**
	 * POST /environments/{type}: prepares the key a copy of this site in that environment will use.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function save_environment_key( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array( 'key' ) );
		$refused = $refused ? $refused : ( $this->store->site_keys_allowed() ? null : Key_Refusal::site_keys_off() );
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
