<?php
/**
 * The set-up guide's route.
 *
 * @package Key_Guard
 */

namespace Key_Guard\REST;

use Key_Guard\Setup\Setup_Guide;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET /setup (the steps, what is done, and what the traffic says the key needs) and POST /setup
 * ({ step, done } ticks a step done by hand; { closed } closes or opens the guide).
 *
 * @since 0.5.0
 */
final class Setup_Controller extends Controller {

	/**
	 * The set-up guide.
	 *
	 * @var Setup_Guide
	 */
	private $guide;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Setup_Guide $guide The set-up guide.
	 */
	public function __construct( Setup_Guide $guide ) {
		$this->guide = $guide;
	}

	/**
	 * Registers the route.
	 *
	 * @since 0.5.0
	 *
	 * @param callable $on Gives what a route calls for one of this controller's methods.
	 * @return void
	 */
	public static function register_routes( callable $on ) {
		register_rest_route(
			self::NAMESPACE,
			'/setup',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => $on( 'get_setup' ),
					'permission_callback' => $on( 'can_manage' ),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => $on( 'change_setup' ),
					'permission_callback' => $on( 'can_manage' ),
					'args'                => array(
						'step'   => array(
							'type'        => 'string',
							'enum'        => array_keys( Setup_Guide::STEPS ),
							'description' => __( 'A step of the set-up guide that is ticked by hand.', 'key-guard-for-openai' ),
						),
						'done'   => array(
							'type'        => 'boolean',
							'description' => __( 'Whether the step is done.', 'key-guard-for-openai' ),
						),
						'closed' => array(
							'type'        => 'boolean',
							'description' => __( 'Whether the guide is shown closed.', 'key-guard-for-openai' ),
						),
					),
				),
			)
		);
	}

	/**
	 * GET /setup.
	 *
	 * @return WP_REST_Response
	 */
	public function get_setup() {
		return rest_ensure_response( $this->guide->describe() );
	}

	/**
	 * POST /setup.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function change_setup( WP_REST_Request $request ) {
		$refused = self::reject_unknown_fields( $request, array( 'step', 'done', 'closed' ) );
		if ( $refused ) {
			return $refused;
		}
		if ( $request->has_param( 'step' ) !== $request->has_param( 'done' ) ) {
			return self::invalid( $request->has_param( 'step' ) ? 'done' : 'step', __( 'Send a step together with done (true or false).', 'key-guard-for-openai' ) );
		}
		if ( ! $request->has_param( 'step' ) && ! $request->has_param( 'closed' ) ) {
			return self::invalid( 'step', __( 'Send a step and done, or closed.', 'key-guard-for-openai' ) );
		}
		$change = array();
		foreach ( array( 'step', 'done', 'closed' ) as $field ) {
			if ( $request->has_param( $field ) ) {
				$change[ $field ] = $request->get_param( $field );
			}
		}
		$changed = $this->guide->change( $change );
		return is_wp_error( $changed ) ? $changed : rest_ensure_response( $this->guide->describe() );
	}
}
