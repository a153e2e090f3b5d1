<?php
/**
 * Which model the connection test uses.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * Chooses the model a connection test runs with: the admin's, or else the cheapest model of the
 * catalog's list that the key can see (its Model_List). Says which models are retiring, and which
 * visible model to suggest instead of a missing one.
 *
 * @since 0.4.0
 */
final class Model_Choice {

	/** What a model name looks like (OpenAI's ids and fine-tune ids). */
	const PATTERN = '/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}\z/';

	/**
	 * The plugin's model data.
	 *
	 * @var Model_Catalog
	 */
	private $catalog;

	/**
	 * Keeps the model data.
	 *
	 * @param Model_Catalog $catalog The plugin's model data.
	 */
	public function __construct( Model_Catalog $catalog ) {
		$this->catalog = $catalog;
	}

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
	 * The model the site chose for every test, or '' when each test chooses from the key's models.
	 *
	 * @since 0.1.0
	 *
	 * @return string
	 */
	public function default_model() {
		/**
		 * Filters the model the connection test uses when the admin names none; '' (the default)
		 * lets the test pick the cheapest model of key_guard_test_models that the key can see.
		 *
		 * @since 0.1.0
		 * @since 0.5.0 Defaults to '' instead of a model name.
		 *
		 * @param string $model A model name, or ''.
		 */
		$model = apply_filters( 'key_guard_default_model', '' );
		return self::is_valid( $model ) ? $model : '';
	}

	/**
	 * The model a test asks for: the one given, else the site's choice, else '' (choose per key).
	 *
	 * @since 0.5.0
	 *
	 * @param string|null $model The model named in the request, if any.
	 * @return string
	 */
	public function requested( $model ) {
		return self::is_valid( $model ) ? (string) $model : $this->default_model();
	}

	/**
	 * The catalog's test models in the order to try them: those without an announced shutdown
	 * first, then those retiring, then those past their date, each group cheapest first. With a
	 * models list, only the models it holds.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, int|null>|null $listed The key's models list, or null when unknown.
	 * @return string[]
	 */
	public function candidates( $listed = null ) {
		$ranked = array();
		foreach ( $this->catalog->test_models() as $order => $model ) {
			if ( null === $listed || array_key_exists( $model, $listed ) ) {
				$ranked[ $model ] = array( $this->stage( $model, $listed ), $order );
			}
		}
		asort( $ranked );
		return array_keys( $ranked );
	}

	/**
	 * A model the key can see to suggest instead of one it cannot use, or null when unknown.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, int|null>|null $listed      The key's models list, or null when unknown.
	 * @param string[]                     $unavailable The models that turned out not to be available.
	 * @return string|null
	 */
	public function suggestion( $listed, array $unavailable ) {
		if ( null === $listed ) {
			return null;
		}
		$others = array_values( array_diff( array_merge( $this->candidates( $listed ), array_keys( $listed ) ), $unavailable ) );
		return $others ? (string) $others[0] : null;
	}

	/**
	 * The cheapest request that proves key, billing, scopes and model access: 16 output tokens (the
	 * minimum), not stored, and the lowest reasoning effort the model accepts.
	 *
	 * @since 0.5.0
	 *
	 * @param string $model     Model name.
	 * @param bool   $reasoning Whether to send the model's reasoning effort, if it has one.
	 * @return array{model: string, input: string, max_output_tokens: int, store: bool, reasoning?: array{effort: string}}
	 */
	public function request_body( $model, $reasoning = true ) {
		$body   = array(
			'model'             => $model,
			'input'             => 'ping',
			'max_output_tokens' => 16,
			'store'             => false,
		);
		$effort = $reasoning ? $this->catalog->reasoning( $model ) : null;
		if ( null !== $effort ) {
			$body['reasoning'] = array( 'effort' => $effort );
		}
		return $body;
	}

	/**
	 * The retirement of a model, from its models list entry or else from the catalog, with the
	 * replacement to suggest (the catalog's, else a model the key can see that is not retiring).
	 *
	 * @since 0.5.0
	 *
	 * @param string                       $model    Model name.
	 * @param int|null                     $announce The shutdown time OpenAI lists for the model, if any.
	 * @param array<string, int|null>|null $listed   The key's models list, or null when unknown.
	 * @return array{model: string, shutdown: int, replacement: string|null, source: string}|null
	 */
	public function retirement( $model, $announce, $listed = null ) {
		$known = $this->catalog->retirement( $model );
		if ( null === $announce && null === $known ) {
			return null;
		}
		$replacement = $known['replacement'] ?? null;
		if ( null === $replacement ) {
			foreach ( $this->candidates( $listed ) as $candidate ) {
				if ( $candidate !== $model && 0 === $this->stage( $candidate, $listed ) ) {
					$replacement = $candidate;
					break;
				}
			}
		}
		return array(
			'model'       => $model,
			'shutdown'    => null !== $announce ? $announce : $known['shutdown'],
			'replacement' => $replacement,
			'source'      => null !== $announce ? 'openai' : $known['source'],
		);
	}

	/**
	 * 0: no shutdown announced; 1: shutdown ahead; 2: shutdown date passed.
	 *
	 * @param string                       $model  Model name.
	 * @param array<string, int|null>|null $listed The key's models list, or null.
	 * @return int
	 */
	private function stage( $model, $listed ) {
		$when = is_array( $listed ) && isset( $listed[ $model ] ) ? $listed[ $model ] : ( $this->catalog->retirement( $model )['shutdown'] ?? null );
		if ( null === $when ) {
			return 0;
		}
		return $when > time() ? 1 : 2;
	}
}
