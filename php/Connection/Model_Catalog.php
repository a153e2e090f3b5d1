<?php
/**
 * What the plugin believes about OpenAI's models: data/models.json, dated and filterable.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use Key_Guard\Storage\Data_File;

/**
 * Reads the shipped model data once: the models a connection test may use (cheapest suitable
 * first), the reasoning effort each accepts, and known retirements. Model names and dates live in
 * the data file, never in code; the live models list of a key wins over this belief.
 *
 * @since 0.5.0
 */
final class Model_Catalog {

	/**
	 * The JSON data file (data/models.json).
	 *
	 * @var Data_File
	 */
	private $file;

	/**
	 * Keeps the path; reads nothing yet.
	 *
	 * @param string $file Path of data/models.json.
	 */
	public function __construct( $file ) {
		$this->file = new Data_File( $file );
	}

	/**
	 * The date the data describes (Y-m-d), '' when the file is missing.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function as_of() {
		$date = $this->data()['as_of'] ?? '';
		return is_string( $date ) ? $date : '';
	}

	/**
	 * The models a test may use when the admin names none, cheapest suitable first.
	 *
	 * @since 0.5.0
	 *
	 * @return string[] Valid model names, each once.
	 */
	public function test_models() {
		$models = $this->data()['test_models'] ?? array();
		/**
		 * Filters the models the connection test may choose from, cheapest suitable first.
		 *
		 * The test uses the first one the key can see (GET /models), or, for a key that may not
		 * list models, tries the first two in order.
		 *
		 * @since 0.5.0
		 *
		 * @param string[] $models Model names from data/models.json.
		 */
		$models = apply_filters( 'key_guard_test_models', is_array( $models ) ? $models : array() );
		return is_array( $models ) ? array_values( array_unique( array_filter( $models, array( Model_Choice::class, 'is_valid' ) ) ) ) : array();
	}

	/**
	 * The lowest reasoning effort a model accepts, or null to send none (models that do not reason,
	 * and models the data does not know).
	 *
	 * @since 0.5.0
	 *
	 * @param string $model Model name.
	 * @return string|null
	 */
	public function reasoning( $model ) {
		$effort = $this->data()['models'][ $model ]['reasoning'] ?? null;
		/**
		 * Filters the reasoning effort the connection test sends for a model (null: none sent).
		 *
		 * @since 0.5.0
		 *
		 * @param string|null $effort none, minimal, low… from data/models.json, or null.
		 * @param string      $model  Model name.
		 */
		$effort = apply_filters( 'key_guard_model_reasoning', is_string( $effort ) ? $effort : null, $model );
		return is_string( $effort ) && preg_match( '/^[a-z]{1,20}$/', $effort ) ? $effort : null;
	}

	/**
	 * A known retirement of a model.
	 *
	 * @since 0.5.0
	 *
	 * @param string $model Model name.
	 * @return array{shutdown: int, replacement: string|null, source: string}|null shutdown: Unix time.
	 */
	public function retirement( $model ) {
		$known = array();
		foreach ( (array) ( $this->data()['models'] ?? array() ) as $name => $facts ) {
			if ( is_array( $facts ) && isset( $facts['retirement'] ) ) {
				$known[ $name ] = $facts['retirement'];
			}
		}
		/**
		 * Filters the known model retirements.
		 *
		 * @since 0.5.0
		 *
		 * @param array<string, array{shutdown: string, replacement: string|null, source: string}> $known
		 *        Model name => shutdown date (Y-m-d), suggested replacement, source (openai or reported).
		 */
		$known = apply_filters( 'key_guard_model_retirements', $known );
		$entry = is_array( $known ) && isset( $known[ $model ] ) && is_array( $known[ $model ] ) ? $known[ $model ] : null;
		$when  = null === $entry ? null : self::time( $entry['shutdown'] ?? null );
		if ( null === $when ) {
			return null;
		}
		$replacement = $entry['replacement'] ?? null;
		return array(
			'shutdown'    => $when,
			'replacement' => Model_Choice::is_valid( $replacement ) && $replacement !== $model ? $replacement : null,
			'source'      => 'openai' === ( $entry['source'] ?? '' ) ? 'openai' : 'reported',
		);
	}

	/**
	 * A date as OpenAI or our data writes it (Unix seconds, or a date string) as Unix time.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $value Unix seconds, or Y-m-d / ISO 8601.
	 * @return int|null
	 */
	public static function time( $value ) {
		if ( is_int( $value ) || ( is_string( $value ) && ctype_digit( $value ) ) ) {
			return (int) $value > 0 ? (int) $value : null;
		}
		if ( ! is_string( $value ) || ! preg_match( '/^\d{4}-\d{2}-\d{2}/', $value ) ) {
			return null;
		}
		$time = strtotime( 10 === strlen( $value ) ? $value . ' 00:00:00 UTC' : $value );
		return false === $time ? null : $time;
	}

	/**
	 * The decoded data file; empty when it is missing or broken (the filters can still supply it).
	 *
	 * @return array<mixed>
	 */
	private function data() {
		return $this->file->read();
	}
}
