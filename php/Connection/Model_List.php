<?php
/**
 * The models a key can see, as GET /models lists them.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use Key_Guard\Key\Key_Metadata;

/**
 * Reads a models list answer and keeps it a day per key, so a second test sends no second
 * GET /models. The transient is named after the key's keyed fingerprint and holds model names and
 * shutdown dates only: never the key.
 *
 * @since 0.5.0
 */
final class Model_List {

	/** Transient prefix; the key's fingerprint completes the name. */
	const CACHE = 'key_guard_models_';

	/** Models kept from one list, more than OpenAI lists today. */
	const MAX_LISTED = 500;

	/**
	 * The key metadata, for the key's fingerprint.
	 *
	 * @var Key_Metadata
	 */
	private $meta;

	/**
	 * Keeps the key metadata.
	 *
	 * @param Key_Metadata $meta The key metadata, for the key's fingerprint.
	 */
	public function __construct( Key_Metadata $meta ) {
		$this->meta = $meta;
	}

	/**
	 * The key's models list kept from an earlier test, or null.
	 *
	 * @since 0.5.0
	 *
	 * @param string $key The key.
	 * @return array<string, int|null>|null Model name => shutdown time (null when none announced).
	 */
	public function cached( $key ) {
		$listed = get_transient( self::CACHE . $this->meta->fingerprint( $key ) );
		return is_array( $listed ) ? $listed : null;
	}

	/**
	 * Keeps a key's models list for a day.
	 *
	 * @since 0.5.0
	 *
	 * @param string                  $key    The key.
	 * @param array<string, int|null> $listed From parse().
	 * @return void
	 */
	public function remember( $key, array $listed ) {
		set_transient( self::CACHE . $this->meta->fingerprint( $key ), $listed, DAY_IN_SECONDS );
	}

	/**
	 * Forgets a key's models list (a listed model turned out to be gone).
	 *
	 * @since 0.5.0
	 *
	 * @param string $key The key.
	 * @return void
	 */
	public function forget( $key ) {
		delete_transient( self::CACHE . $this->meta->fingerprint( $key ) );
	}

	/**
	 * Reads a GET /models (or GET /models/{id}) answer body.
	 *
	 * @since 0.5.0
	 *
	 * @param string $body The body.
	 * @return array<string, int|null>|null Model name => shutdown time; null when the body is no list or model.
	 */
	public static function parse( $body ) {
		$data = json_decode( (string) $body, true );
		if ( is_array( $data ) && isset( $data['id'] ) ) {
			$data = array( 'data' => array( $data ) );
		}
		if ( ! is_array( $data ) || ! isset( $data['data'] ) || ! is_array( $data['data'] ) ) {
			return null;
		}
		$listed = array();
		foreach ( array_slice( $data['data'], 0, self::MAX_LISTED ) as $entry ) {
			if ( is_array( $entry ) && Model_Choice::is_valid( $entry['id'] ?? null ) ) {
				$listed[ $entry['id'] ] = Model_Catalog::time( $entry['shutdown_date'] ?? null );
			}
		}
		return $listed;
	}
}
