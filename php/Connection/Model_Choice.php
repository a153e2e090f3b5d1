<?php
/**
 * Which model the connection test uses.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * Chooses the model a connection test runs with when the administrator names none, and says which
 * model names are well formed.
 *
 * @since 0.4.0
 */
final class Model_Choice {

	/** What a model name looks like (OpenAI's ids and fine-tune ids). */
	const PATTERN = '/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}\z/';

	/** The model used when no filter names one. */
	const DEFAULT_MODEL = 'gpt-4o-mini';

	/**
	 * Whether a value is a well-formed model name.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $model A model name.
	 * @return bool
	 */
	public static function is_valid( $model ) {
		return is_string( $model ) && 1 === preg_match( self::PATTERN, $model );
	}

	/**
	 * The model a test uses when the admin names none; filterable, always a valid model name.
	 *
	 * @since 0.1.0
	 *
	 * @return string
	 */
	public function default_model() {
		/**
		 * Filters the model the connection test uses by default.
		 *
		 * @since 0.1.0
		 *
		 * @param string $model A cheap current model.
		 */
		$model = apply_filters( 'key_guard_default_model', self::DEFAULT_MODEL );
		return self::is_valid( $model ) ? $model : self::DEFAULT_MODEL;
	}
}
