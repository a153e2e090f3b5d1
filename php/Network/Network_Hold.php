<?php
/**
 * Whether a copy of a network holds back the production network's key.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Network;

/**
 * A network key saved on a production network and read on a copy of its database under another
 * address, in another environment type (staging, development, local), is held back until a network
 * administrator of the copy allows it, as a site's own key is (Copy_Hold). Where and as what it was
 * saved is kept with the key; no state here.
 *
 * @since 0.5.0
 */
final class Network_Hold {

	/**
	 * Whether a stored network key is held back here.
	 *
	 * @since 0.5.0
	 *
	 * @param array{environment: string, site: string, confirmed: string} $stored Where and as what it was saved, and the confirmation.
	 * @return bool
	 */
	public static function holds( array $stored ) {
		if ( 'production' === wp_get_environment_type() || 'production' !== $stored['environment'] || '' === $stored['site'] ) {
			return false;
		}
		return self::address() !== $stored['site'] && self::here() !== $stored['confirmed'];
	}

	/**
	 * This network's identity for a confirmation: environment type and address.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public static function here() {
		return wp_get_environment_type() . '|' . self::address();
	}

	/**
	 * This network's address (its main site's).
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public static function address() {
		return untrailingslashit( network_home_url() );
	}
}
