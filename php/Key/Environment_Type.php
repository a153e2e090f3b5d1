<?php
/**
 * The environment types a key can be prepared for.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use WP_Error;

/**
 * The values wp_get_environment_type() can return, their names in messages, and which of them may
 * hold a prepared key here.
 *
 * @since 0.4.0
 */
final class Environment_Type {

	/** The values wp_get_environment_type() can return. */
	const TYPES = array( 'production', 'staging', 'development', 'local' );

	/**
	 * The translated name of an environment type, for messages.
	 *
	 * @since 0.3.0
	 *
	 * @param string $type Environment type.
	 * @return string
	 */
	public static function label( $type ) {
		$labels = array(
			'production'  => __( 'production', 'key-guard-for-openai' ),
			'staging'     => __( 'staging', 'key-guard-for-openai' ),
			'development' => __( 'development', 'key-guard-for-openai' ),
			'local'       => __( 'local', 'key-guard-for-openai' ),
		);
		return $labels[ $type ] ?? (string) $type;
	}

	/**
	 * Refuses an environment type that is unknown or this site's own (its key is the site's key).
	 *
	 * @since 0.4.0
	 *
	 * @param mixed  $type   Environment type.
	 * @param string $action 'save', 'test' or 'delete': where the refusal sends the admin instead.
	 * @return WP_Error|null
	 */
	public static function refusal( $type, $action ) {
		if ( ! in_array( $type, self::TYPES, true ) ) {
			return new WP_Error(
				'key_guard_unknown_environment',
				/* translators: %s: the list of environment types. */
				sprintf( __( 'Unknown environment type: use one of %s.', 'key-guard-for-openai' ), implode( ', ', self::TYPES ) ),
				array( 'status' => 400 )
			);
		}
		if ( wp_get_environment_type() === $type ) {
			return new WP_Error(
				'key_guard_current_environment',
				self::current_refusal( $type, $action ),
				array( 'status' => 409 )
			);
		}
		return null;
	}

	/**
	 * Why an action on this site's own type belongs elsewhere on the screen.
	 *
	 * @param string $type   This site's environment type.
	 * @param string $action 'save', 'test' or 'delete'.
	 * @return string
	 */
	private static function current_refusal( $type, $action ) {
		switch ( $action ) {
			case 'save':
				/* translators: %s: an environment type (production, staging…). */
				return sprintf( __( 'This site is the %s environment: save its key with the key field, not here.', 'key-guard-for-openai' ), self::label( $type ) );
			case 'test':
				/* translators: %s: an environment type (production, staging…). */
				return sprintf( __( 'This site is the %s environment: test its key with Test connection, not here.', 'key-guard-for-openai' ), self::label( $type ) );
			default:
				/* translators: %s: an environment type (production, staging…). */
				return sprintf( __( 'This site is the %s environment: remove its key with Remove key, not here.', 'key-guard-for-openai' ), self::label( $type ) );
		}
	}
}
