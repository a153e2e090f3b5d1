<?php
/**
 * The network's routes: its settings and what its sites used.
 *
 * @package Key_Guard
 */

namespace Key_Guard\REST;

use Key_Guard\Network\Network_Status;
use Key_Guard\Network\Network_Settings;
use Key_Guard\Network\Network_Usage;
use Key_Guard\Usage\Usage_Report;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET/POST /network (whether sites may use their own key, the network-wide monthly budget, and the
 * network key's status) and GET /network/usage (total and per site), for network administrators
 * (manage_network_options) only, and only on a network. The network key itself is
 * GET/POST/DELETE /key?scope=network (Key_Controller).
 *
 * @since 0.5.0
 */
final class Network_Controller extends Controller {

	/**
	 * The network key's facts.
	 *
	 * @var Network_Status
	 */
	private $key;

	/**
	 * The network's settings.
	 *
	 * @var Network_Settings
	 */
	private $settings;

	/**
	 * What the network's sites used.
	 *
	 * @var Network_Usage
	 */
	private $usage;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Network_Status   $key      The network key's facts.
	 * @param Network_Settings $settings The network's settings.
	 * @param Network_Usage    $usage    What the network's sites used.
	 */
	public function __construct( Network_Status $key, Network_Settings $settings, Network_Usage $usage ) {
		$this->key      = $key;
		$this->settings = $settings;
		$this->usage    = $usage;
	}

	/**
	 * Registers the routes, on a network only.
	 *
	 * @since 0.5.0
	 *
	 * @param callable $on Gives what a route calls for one of this controller's methods.
	 * @return void
	 */
	public static function register_routes( callable $on ) {
		if ( ! is_multisite() ) {
			return;
		}
		$permission = array( self::class, 'can_manage_network' );
		register_rest_route(
			self::NAMESPACE,
			'/network',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => $on( 'get_network' ),
					'permission_callback' => $permission,
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => $on( 'update_network' ),
					'permission_callback' => $permission,
					'args'                => array(
						'allow_site_keys'    => array(
							'type'        => 'boolean',
							'description' => __( 'Whether a site may use a key of its own instead of the network key.', 'key-guard-for-openai' ),
						),
						'monthly_budget_usd' => array(
							'type'        => array( 'number', 'null' ),
							'minimum'     => 0,
							'description' => __( 'The most all sites together may spend on OpenAI in a month (UTC), in US dollars; null for no network budget.', 'key-guard-for-openai' ),
						),
					),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/network/usage',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => $on( 'get_usage' ),
				'permission_callback' => $permission,
				'args'                => array(
					'from' => array(
						'type'        => 'string',
						'description' => __( 'First day, YYYY-MM-DD (default: the first of this month).', 'key-guard-for-openai' ),
					),
					'to'   => array(
						'type'        => 'string',
						'description' => __( 'Last day, YYYY-MM-DD (default: today).', 'key-guard-for-openai' ),
					),
					'page' => array(
						'type'        => 'integer',
						'minimum'     => 1,
						'default'     => 1,
						'description' => __( 'Which page of sites, when the network has more than 500.', 'key-guard-for-openai' ),
					),
				),
			)
		);
	}

	/**
	 * Allows network administrators only: 401 when logged out, 403 for everyone else.
	 *
	 * @since 0.5.0
	 *
	 * @return true|WP_Error
	 */
	public static function can_manage_network() {
		if ( is_multisite() && current_user_can( 'manage_network_options' ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Only network administrators can manage the network key and its settings.', 'key-guard-for-openai' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * GET /network.
	 *
	 * @return WP_REST_Response
	 */
	public function get_network() {
		return rest_ensure_response( $this->key->describe() );
	}

	/**
	 * POST /network.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_network( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array_keys( Network_Settings::FIELDS ) );
		if ( $refused ) {
			return $refused;
		}
		$changes = array();
		foreach ( array_keys( Network_Settings::FIELDS ) as $field ) {
			if ( $request->has_param( $field ) ) {
				$changes[ $field ] = $request->get_param( $field ); // As the schema checked and typed it.
			}
		}
		$updated = $this->settings->update( $changes );
		return is_wp_error( $updated ) ? $updated : rest_ensure_response( $this->key->describe() );
	}

	/**
	 * GET /network/usage.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_usage( WP_REST_Request $request ) {
		$range = Usage_Report::range( $request->get_param( 'from' ), $request->get_param( 'to' ), time() );
		if ( is_wp_error( $range ) ) {
			return self::invalid( (string) $range->get_error_data()['param'], $range->get_error_message() );
		}
		$report                       = $this->usage->report( $range[0], $range[1], (int) $request['page'] );
		$report['monthly_budget_usd'] = $this->settings->monthly_budget_usd();
		return rest_ensure_response( $report );
	}
}
