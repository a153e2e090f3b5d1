<?php
/**
 * What OpenAI charges per model: data/prices.json, dated and filterable.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Storage\Data_File;

/**
 * Prices a request from its usage, in micro-dollars (millionths of a USD, whole numbers, so sums
 * stay exact). Prices are data with their date, never code; a dated snapshot (a model name
 * ending in -YYYY-MM-DD) costs what its base model costs; a model the table does not know is
 * unpriced, never guessed.
 *
 * @since 0.5.0
 */
final class Price_Table {

	/** A dated snapshot's suffix, e.g. -2024-07-18. */
	const SNAPSHOT = '/-\d{4}-\d{2}-\d{2}$/';

	/**
	 * The data file (data/prices.json).
	 *
	 * @var Data_File
	 */
	private $file;

	/**
	 * The filtered prices, once built for this request.
	 *
	 * @var array<string, array<mixed>>|null
	 */
	private $models = null;

	/**
	 * Keeps the path; reads nothing yet.
	 *
	 * @param string $file Path of data/prices.json.
	 */
	public function __construct( $file ) {
		$this->file = new Data_File( $file );
	}

	/**
	 * The date the prices describe (Y-m-d), '' when unknown.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function as_of() {
		$date = $this->file->read()['prices_as_of'] ?? '';
		return is_string( $date ) && preg_match( '/^\d{4}-\d{2}-\d{2}$/', $date ) ? $date : '';
	}

	/**
	 * The prices of a model (USD per 1M tokens), for a service tier where the table has that
	 * tier's prices; null when the model is unpriced.
	 *
	 * @since 0.5.0
	 *
	 * @param string      $model The model the answer names.
	 * @param string|null $tier  The answer's service_tier (default, flex, priority…), or null.
	 * @return array{input: float, cached: float, output: float, cache_write: float}|null
	 */
	public function prices( $model, $tier = null ) {
		$entry = $this->entry( $model );
		if ( null === $entry ) {
			return null;
		}
		$tiers = isset( $entry['tiers'] ) && is_array( $entry['tiers'] ) ? $entry['tiers'] : array();
		if ( is_string( $tier ) && isset( $tiers[ $tier ] ) ) {
			$priced = self::valid( $tiers[ $tier ] );
			$entry  = $priced ? $priced : $entry;
		}
		return self::valid( $entry );
	}

	/**
	 * What a request cost, in micro-dollars; null when its model is unpriced.
	 *
	 * Cached tokens are part of the input count and billed at the cached price, tokens written to
	 * the prompt cache at the cache-write price where the table has one (else the input price);
	 * reasoning tokens are part of the output count.
	 *
	 * @since 0.5.0
	 *
	 * @param string                                                                                        $model The model the answer names.
	 * @param string|null                                                                                   $tier  The answer's service_tier, or null.
	 * @param array{input_tokens?: int, cached_tokens?: int, cache_write_tokens?: int, output_tokens?: int} $usage input_tokens, cached_tokens, cache_write_tokens, output_tokens (missing = 0).
	 * @return int|null
	 */
	public function cost_micros( $model, $tier, array $usage ) {
		$prices = $this->prices( $model, $tier );
		if ( null === $prices ) {
			return null;
		}
		$input  = max( 0, (int) ( $usage['input_tokens'] ?? 0 ) );
		$cached = min( $input, max( 0, (int) ( $usage['cached_tokens'] ?? 0 ) ) );
		$writes = min( $input - $cached, max( 0, (int) ( $usage['cache_write_tokens'] ?? 0 ) ) );
		$output = max( 0, (int) ( $usage['output_tokens'] ?? 0 ) );
		// USD per 1M tokens × tokens = micro-dollars.
		return (int) round( ( $input - $cached - $writes ) * $prices['input'] + $cached * $prices['cached'] + $writes * $prices['cache_write'] + $output * $prices['output'] );
	}

	/**
	 * The most a request can cost, in micro-dollars, at the dearest of the model's tiers: every
	 * input token at the uncached price. Null when the model is unpriced.
	 *
	 * @since 0.5.0
	 *
	 * @param string $model  The model asked for.
	 * @param int    $input  The most input tokens.
	 * @param int    $output The most output tokens.
	 * @return int|null
	 */
	public function ceiling_micros( $model, $input, $output ) {
		$entry  = $this->entry( $model );
		$prices = null === $entry ? null : self::valid( $entry );
		if ( null === $prices ) {
			return null;
		}
		$tiers           = isset( $entry['tiers'] ) && is_array( $entry['tiers'] ) ? $entry['tiers'] : array();
		$prices['input'] = max( $prices['input'], $prices['cache_write'] );
		foreach ( array_filter( array_map( array( __CLASS__, 'valid' ), $tiers ) ) as $tier ) {
			$prices['input']  = max( $prices['input'], $tier['input'], $tier['cache_write'] );
			$prices['output'] = max( $prices['output'], $tier['output'] );
		}
		return (int) ceil( max( 0, (int) $input ) * $prices['input'] + max( 0, (int) $output ) * $prices['output'] );
	}

	/**
	 * A model's entry in the table, a dated snapshot found under its base model; null when absent.
	 *
	 * @param string $model A model name.
	 * @return array<mixed>|null
	 */
	private function entry( $model ) {
		$models = $this->models();
		$model  = strtolower( trim( (string) $model ) );
		$entry  = $models[ $model ] ?? $models[ (string) preg_replace( self::SNAPSHOT, '', $model ) ] ?? null;
		return is_array( $entry ) ? $entry : null;
	}

	/**
	 * The table after the key_guard_prices filter, keyed by lower-case model name.
	 *
	 * @return array<string, array<mixed>>
	 */
	private function models() {
		if ( null === $this->models ) {
			$models = $this->file->read()['models'] ?? array();
			/**
			 * Filters the price table: model name => { input, cached?, output?, tiers? } in USD per
			 * 1M tokens, cache_write optional (tiers: service tier name => the same prices). Entries that are not
			 * such prices are ignored (their model counts as unpriced).
			 *
			 * @since 0.5.0
			 *
			 * @param array $models The prices from data/prices.json.
			 */
			$models       = apply_filters( 'key_guard_prices', is_array( $models ) ? $models : array() );
			$this->models = array();
			foreach ( is_array( $models ) ? $models : array() as $name => $entry ) {
				if ( is_string( $name ) && is_array( $entry ) ) {
					$this->models[ strtolower( $name ) ] = $entry;
				}
			}
		}
		return $this->models;
	}

	/**
	 * Prices as numbers ≥ 0, with the cached price defaulting to the input price and the output
	 * price to 0 (embeddings bill input only); null when the input price is missing or wrong.
	 *
	 * @param mixed $entry One model's (or tier's) prices.
	 * @return array{input: float, cached: float, output: float, cache_write: float}|null
	 */
	private static function valid( $entry ) {
		$number = static function ( $value ) {
			return ( is_int( $value ) || is_float( $value ) ) && $value >= 0 && is_finite( (float) $value ) ? (float) $value : null;
		};
		$input  = is_array( $entry ) ? $number( $entry['input'] ?? null ) : null;
		if ( null === $input ) {
			return null;
		}
		$cached      = array_key_exists( 'cached', $entry ) ? $number( $entry['cached'] ) : $input;
		$output      = array_key_exists( 'output', $entry ) ? $number( $entry['output'] ) : 0.0;
		$cache_write = array_key_exists( 'cache_write', $entry ) ? $number( $entry['cache_write'] ) : $input;
		if ( null === $cached || null === $output || null === $cache_write ) {
			return null;
		}
		return compact( 'input', 'cached', 'output', 'cache_write' );
	}
}
