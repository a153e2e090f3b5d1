<?php
/**
 * What every key-guard/v1 route shares.
 *
 * @package Key_Guard
 */

namespace Key_Guard\REST;

use Key_Guard\Plugin;
use WP_Error;
use WP_REST_Request;

/**
 * The namespace, the permission check and the refusal of fields a route does not know.
 *
 * @since 0.4.0
 */
abstract class Controller {

	const NAMESPACE = 'key-guard/v1';

	/** Longer than any key; anything longer is refused by the schema before our code sees it. */
	const MAX_INPUT = 4096;

	/**
	 * Registers the controller's routes, whose callbacks are stand-ins (the controller is made when
	 * one of its routes is dispatched).
	 *
	 * @since 0.4.0
	 *
	 * @param callable $on Gives what a route calls for one of the controller's methods.
	 * @return void
	 */
	abstract public static function register_routes( callable $on );

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
	 * The schema of a key in a request body.
	 *
	 * @since 0.4.0
	 *
	 * @param bool $required Whether the route needs it.
	 * @return array{type: string, maxLength: int, required: bool, description: string}
	 */
	protected static function key_arg( $required ) {
		return array(
			'type'        => 'string',
			'maxLength'   => self::MAX_INPUT,
			'required'    => $required,
			'description' => __( 'An OpenAI API key.', 'key-guard-for-openai' ),
		);
	}

	/**
	 * Refuses body fields the route does not know (the schema's additionalProperties: false), and a
	 * key sent in the URL.
	 *
	 * @since 0.4.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @param string[]        $allowed Known fields.
	 * @return WP_Error|null
	 */
	protected static function reject_unknown_fields( WP_REST_Request $request, array $allowed ) {
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

	/**
	 * A 400 naming a parameter.
	 *
	 * @param string $param   The parameter.
	 * @param string $message Why.
	 * @return WP_Error
	 */
	protected static function invalid( $param, $message ) {
		return new WP_Error(
			'rest_invalid_param',
			$message,
			array(
				'status' => 400,
				'params' => array( $param => $message ),
			)
		);
	}
}
