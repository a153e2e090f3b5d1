<?php
/**
 * The few facts every read of the key needs, in one small autoloaded option.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

/**
 * A projection of the key's metadata (fingerprint, when and where it was saved, the copy's confirmation) and
 * of the keys prepared for environment types (which types have one), kept in step by hooks on those
 * two options. Autoloaded and small, so a request that reads the key (core's AI client on init, any
 * plugin) needs no query of our own: the copy hold and the environment override are decided from it.
 * The metadata and the prepared keys stay the truth; this only spares their queries.
 *
 * @since 0.4.0
 */
final class Key_Facts {

	const OPTION = 'key_guard_key_facts';

	/**
	 * The facts, read from the options, or null before the first refresh (an upgraded site whose
	 * upgrade has not run yet: readers then use the metadata itself).
	 *
	 * @since 0.4.0
	 *
	 * @return array{fingerprint: string, site: string, environment: string, confirmed: string, saved_at: int, prepared: string[]}|null
	 */
	public function read() {
		$facts = get_option( self::OPTION );
		if ( ! is_array( $facts ) || ! isset( $facts['prepared'] ) || ! is_array( $facts['prepared'] ) ) {
			return null;
		}
		$out = array( 'prepared' => array_values( array_intersect( Environment_Type::TYPES, $facts['prepared'] ) ) );
		foreach ( array( 'fingerprint', 'site', 'environment', 'confirmed' ) as $field ) {
			$out[ $field ] = isset( $facts[ $field ] ) && is_string( $facts[ $field ] ) ? $facts[ $field ] : '';
		}
		$out['saved_at'] = isset( $facts['saved_at'] ) ? (int) $facts['saved_at'] : 0;
		return $out;
	}

	/**
	 * Whether a key is prepared for an environment type; null when the facts are not known yet.
	 *
	 * @since 0.4.0
	 *
	 * @param string $type Environment type.
	 * @return bool|null
	 */
	public function has_prepared( $type ) {
		$facts = $this->read();
		return null === $facts ? null : in_array( $type, $facts['prepared'], true );
	}

	/**
	 * Rewrites the facts from the metadata and the prepared keys (after any write to either).
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function refresh() {
		$meta     = get_option( Key_Metadata::OPTION, array() );
		$meta     = is_array( $meta ) ? $meta : array();
		$prepared = get_option( Environment_Keys::OPTION, array() );
		$facts    = array(
			'fingerprint' => (string) ( $meta['fingerprint'] ?? '' ),
			'site'        => (string) ( $meta['site'] ?? '' ),
			'environment' => (string) ( $meta['environment'] ?? '' ),
			'confirmed'   => (string) ( $meta['confirmed'] ?? '' ),
			'saved_at'    => (int) ( $meta['saved_at'] ?? 0 ),
			'prepared'    => is_array( $prepared ) ? array_values( array_intersect( Environment_Type::TYPES, array_keys( $prepared ) ) ) : array(),
		);
		if ( get_option( self::OPTION ) !== $facts ) {
			update_option( self::OPTION, $facts, true );
		}
	}

}
