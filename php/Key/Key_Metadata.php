<?php
/**
 * What we know about the stored key: when, by whom and where it was saved, and its last test.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Storage\Option_Lock;

/**
 * Reads and writes our metadata option, tied to the key by a fingerprint; never the key. Every
 * change reads the option as stored now and writes it back under a lock, so parallel requests (a
 * test finishing while the copy is confirmed or a key saved) never undo one another.
 *
 * @since 0.4.0
 *
 * @phpstan-type Meta array{saved_at: int|null, saved_by: int|null, fingerprint: string, last_test: array<string, mixed>|null, site: string, environment: string, confirmed: string, outside_test: array{fingerprint: string, result: array<string, mixed>}|null}
 */
final class Key_Metadata {

	/** Our metadata: saved_at, saved_by, fingerprint, last_test, site, environment, confirmed. */
	const OPTION = 'key_guard_key_meta';

	/**
	 * The lock shared with Environment_Slots: Key_Facts, refreshed inside a change of either
	 * option, reads both and its own, so all three are re-read when the lock is taken.
	 */
	const LOCK = 'key';

	/** The options read inside that lock, re-read from the database when it is taken. */
	const LOCKED_OPTIONS = array( self::OPTION, Environment_Keys::OPTION, Key_Facts::OPTION );

	/**
	 * The lock that makes parallel changes take turns.
	 *
	 * @var Option_Lock
	 */
	private $lock;

	/**
	 * Fingerprints already computed in this request, by key.
	 *
	 * @var array<string, string>
	 */
	private $fingerprints = array();

	/**
	 * Keeps the collaborators.
	 *
	 * @param Option_Lock $lock The lock that makes parallel changes take turns.
	 */
	public function __construct( Option_Lock $lock ) {
		$this->lock = $lock;
	}

	/**
	 * A short, non-reversible identifier of a key, to tell whether the key is still the one saved.
	 *
	 * @since 0.1.0
	 *
	 * @param string $key The key.
	 * @return string 16 hex characters.
	 */
	public function fingerprint( $key ) {
		if ( ! isset( $this->fingerprints[ $key ] ) ) {
			$this->fingerprints[ $key ] = substr( hash_hmac( 'sha256', $key, 'key-guard-fingerprint|' . wp_salt( 'auth' ) ), 0, 16 );
		}
		return $this->fingerprints[ $key ];
	}

	/**
	 * Whether the metadata describes this key.
	 *
	 * @since 0.4.0
	 *
	 * @param string $key The key.
	 * @return bool
	 */
	public function describes( $key ) {
		return '' !== $key && $this->read()['fingerprint'] === $this->fingerprint( $key );
	}

	/**
	 * Starts the metadata of a key saved here now.
	 *
	 * @since 0.4.0
	 *
	 * @param string   $key      The key.
	 * @param int|null $saved_by Who saved it (null: unknown, for a key adopted from before the plugin ran).
	 * @param int|null $saved_at When (null: unknown).
	 * @return void
	 */
	public function start( $key, $saved_by, $saved_at ) {
		$meta = array(
			'saved_at'    => $saved_at,
			'saved_by'    => $saved_by,
			'fingerprint' => $this->fingerprint( $key ),
			'last_test'   => null,
			'site'        => home_url(),
			'environment' => wp_get_environment_type(),
			'confirmed'   => '',
		);
		$this->change(
			static function () use ( $meta ) {
				return $meta;
			}
		);
	}

	/**
	 * Keeps a test result for a key. A key from env or a constant gets its result beside the stored
	 * key's metadata, never in it (that would make the shadowed key look new and lift its copy
	 * hold); a stored key found without metadata gets its fingerprint, no author.
	 *
	 * @since 0.4.0
	 *
	 * @param string               $key           The tested key.
	 * @param array<string, mixed> $result        The test result (a TestResult).
	 * @param bool                 $outside       Whether the key comes from env or a constant.
	 * @param callable|null        $still_current Asked under the lock whether the key is still the one in
	 *                                            use: a key saved meanwhile keeps its own metadata.
	 * @return void
	 */
	public function set_last_test( $key, array $result, $outside, $still_current = null ) {
		$this->change(
			function ( array $meta ) use ( $key, $result, $outside, $still_current ) {
				if ( $still_current && ! $still_current() ) {
					return $meta;
				}
				return $this->with_test( $meta, $key, $result, $outside );
			}
		);
	}

	/**
	 * The metadata with a test result kept, as set_last_test() describes.
	 *
	 * @param array                $meta    The metadata as stored now (read()).
	 * @param string               $key     The tested key.
	 * @param array<string, mixed> $result  The test result.
	 * @param bool                 $outside Whether the key comes from env or a constant.
	 * @return Meta
	 *
	 * @phpstan-param Meta $meta
	 */
	private function with_test( array $meta, $key, array $result, $outside ) {
		if ( $outside ) {
			$meta['outside_test'] = array(
				'fingerprint' => $this->fingerprint( $key ),
				'result'      => $result,
			);
		} elseif ( $meta['fingerprint'] !== $this->fingerprint( $key ) ) {
			$meta = array_merge(
				$meta,
				array(
					'saved_at'    => null,
					'saved_by'    => null,
					'fingerprint' => $this->fingerprint( $key ),
				)
			);
		}
		if ( ! $outside ) {
			$meta['last_test'] = $result;
		}
		return $meta;
	}

	/**
	 * The last test result of a key: the stored key's, or the one kept for a key from env or a constant.
	 *
	 * @since 0.4.0
	 *
	 * @param string $key     The key in use.
	 * @param bool   $outside Whether it comes from env or a constant.
	 * @return array<string, mixed>|null The TestResult as it was stored.
	 */
	public function last_test( $key, $outside ) {
		if ( '' === $key ) {
			return null;
		}
		$meta = $this->read();
		if ( $outside ) {
			$test = $meta['outside_test'];
			return $test && $test['fingerprint'] === $this->fingerprint( $key ) ? $test['result'] : null;
		}
		return $meta['fingerprint'] === $this->fingerprint( $key ) ? $meta['last_test'] : null;
	}

	/**
	 * Records that this site (environment type and address) may use a held key.
	 *
	 * @since 0.4.0
	 *
	 * @param string $here This site's identity.
	 * @return void
	 */
	public function confirm( $here ) {
		$this->change(
			static function ( array $meta ) use ( $here ) {
				$meta['confirmed'] = $here;
				return $meta;
			}
		);
	}

	/**
	 * Forgets everything about the key.
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function forget() {
		$this->change(
			static function () {
				return null;
			}
		);
	}

	/**
	 * Reads our metadata option with every field present.
	 *
	 * @since 0.4.0
	 *
	 * @return Meta
	 */
	public function read() {
		$meta = get_option( self::OPTION, array() );
		$meta = is_array( $meta ) ? $meta : array();
		return array(
			'saved_at'     => isset( $meta['saved_at'] ) ? (int) $meta['saved_at'] : null,
			'saved_by'     => isset( $meta['saved_by'] ) ? (int) $meta['saved_by'] : null,
			'fingerprint'  => isset( $meta['fingerprint'] ) ? (string) $meta['fingerprint'] : '',
			'last_test'    => isset( $meta['last_test'] ) && is_array( $meta['last_test'] ) ? $meta['last_test'] : null,
			'site'         => isset( $meta['site'] ) ? (string) $meta['site'] : '',
			'environment'  => isset( $meta['environment'] ) ? (string) $meta['environment'] : '',
			'confirmed'    => isset( $meta['confirmed'] ) ? (string) $meta['confirmed'] : '',
			'outside_test' => isset( $meta['outside_test']['fingerprint'], $meta['outside_test']['result'] ) && is_array( $meta['outside_test']['result'] ) ? $meta['outside_test'] : null,
		);
	}

	/**
	 * Changes our metadata option (not autoloaded: only our screen reads it) under the lock.
	 *
	 * @param callable $change Given the metadata as stored now (read()), returns what to store, or null to delete it.
	 * @return void
	 */
	private function change( callable $change ) {
		$this->lock->change(
			self::LOCK,
			self::LOCKED_OPTIONS,
			function () use ( $change ) {
				$meta = $change( $this->read() );
				if ( null === $meta ) {
					delete_option( self::OPTION );
					return;
				}
				if ( empty( $meta['outside_test'] ) ) {
					unset( $meta['outside_test'] );
				}
				update_option( self::OPTION, $meta, false );
			}
		);
	}
}
