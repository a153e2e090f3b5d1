<?php
/**
 * The words Site Health uses for the plugin's facts.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Health;

/**
 * Facts in words, for the Site Health tests and the debug information: where the key comes from,
 * when something happened, how a test went.
 *
 * @since 0.5.0
 */
final class Words {

	/**
	 * Where the key comes from.
	 *
	 * @since 0.5.0
	 *
	 * @param string $source env, constant, database, network or none.
	 * @return string
	 */
	public static function source( $source ) {
		switch ( $source ) {
			case 'env':
				return __( 'the OPENAI_API_KEY environment variable', 'key-guard-for-openai' );
			case 'constant':
				return __( 'the OPENAI_API_KEY constant in wp-config.php', 'key-guard-for-openai' );
			case 'database':
				return __( 'this site\'s settings (encrypted in the database)', 'key-guard-for-openai' );
			case 'network':
				return __( 'the network\'s settings, where a network administrator saved it for every site', 'key-guard-for-openai' );
			default:
				return __( 'nowhere: no key is configured', 'key-guard-for-openai' );
		}
	}

	/**
	 * A time (ISO 8601) in the site's date and time format; "an unknown time" when unreadable.
	 *
	 * @since 0.5.0
	 *
	 * @param string $iso The time.
	 * @return string
	 */
	public static function when( $iso ) {
		$time = '' === $iso ? false : strtotime( $iso );
		if ( false === $time ) {
			return __( 'at an unknown time', 'key-guard-for-openai' );
		}
		return wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $time );
	}

	/**
	 * How a connection test went, as the screen sums it up: connected; usable with a warning (not
	 * ok, yet no check failed: a rate limit, say); or failed.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed> $test A test result (a TestResult, as stored).
	 * @return string connected, warning or failed.
	 */
	public static function outcome( array $test ) {
		$statuses = array_column( is_array( $test['checks'] ?? null ) ? $test['checks'] : array(), 'status' );
		$warned   = in_array( 'warn', $statuses, true );
		if ( ! empty( $test['ok'] ) ) {
			return $warned ? 'warning' : 'connected';
		}
		return $warned && ! in_array( 'fail', $statuses, true ) ? 'warning' : 'failed';
	}

	/**
	 * The state of the key's row in the database.
	 *
	 * @since 0.5.0
	 *
	 * @param string $state none, plaintext, encrypted or undecryptable.
	 * @return string
	 */
	public static function storage( $state ) {
		switch ( $state ) {
			case 'encrypted':
				return __( 'Encrypted', 'key-guard-for-openai' );
			case 'undecryptable':
				return __( 'Encrypted, but it cannot be decrypted on this site', 'key-guard-for-openai' );
			case 'plaintext':
				return __( 'Not encrypted', 'key-guard-for-openai' );
			default:
				return __( 'No key stored', 'key-guard-for-openai' );
		}
	}

	/**
	 * Where the encryption's secret comes from.
	 *
	 * @since 0.5.0
	 *
	 * @param string $secret constant, salts or database.
	 * @return string
	 */
	public static function secret( $secret ) {
		switch ( $secret ) {
			case 'constant':
				return __( 'KEY_GUARD_ENCRYPTION_KEY in wp-config.php', 'key-guard-for-openai' );
			case 'salts':
				return __( 'The salts in wp-config.php', 'key-guard-for-openai' );
			default:
				return __( 'Salts WordPress stored in the database (anyone with the database can decrypt the key)', 'key-guard-for-openai' );
		}
	}
}
