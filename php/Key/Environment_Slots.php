<?php
/**
 * The stored entries of the keys prepared for environment types: one sealed slot per type.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Storage\Key_Cipher;
use Key_Guard\Storage\Option_Lock;
use WP_Error;

/**
 * Reads, seals, opens and changes the option that holds the prepared keys, with no side effect of
 * its own (uninstall reads it too). Each key is encrypted with its environment type as
 * authenticated data (a key cannot be moved to another slot) and opened once per request.
 * Changes are made in turn with other requests, under the lock of the key's metadata, from the
 * option as stored now: parallel saves never drop one another's keys.
 *
 * @since 0.5.0
 */
final class Environment_Slots {

	const OPTION = 'key_guard_environment_keys';

	/**
	 * The lock that makes parallel changes take turns.
	 *
	 * @var Option_Lock
	 */
	private $lock;

	/**
	 * Memo of opened keys by site, network, slot and ciphertext, so repeated reads decrypt once.
	 *
	 * @var array<string, array{plaintext: string, key_index: int}|null>
	 */
	private $opened = array();

	/**
	 * Keeps the collaborators.
	 *
	 * @param Option_Lock $lock The lock that makes parallel changes take turns.
	 */
	public function __construct( Option_Lock $lock ) {
		$this->lock = $lock;
	}

	/**
	 * Stored entries, each with every field, dropping malformed ones.
	 *
	 * @since 0.5.0
	 *
	 * @return array<string, array{key: string, saved_at: int, saved_by: int, site: string}>
	 */
	public function entries() {
		$stored = get_option( self::OPTION, array() );
		$out    = array();
		foreach ( is_array( $stored ) ? $stored : array() as $type => $entry ) {
			if ( in_array( $type, Environment_Type::TYPES, true ) && is_array( $entry ) && Key_Cipher::is_ciphertext( $entry['key'] ?? null ) ) {
				$out[ $type ] = array(
					'key'      => $entry['key'],
					'saved_at' => (int) ( $entry['saved_at'] ?? 0 ),
					'saved_by' => (int) ( $entry['saved_by'] ?? 0 ),
					'site'     => is_string( $entry['site'] ?? null ) ? $entry['site'] : '',
				);
			}
		}
		return $out;
	}

	/**
	 * Changes the entries in turn with other requests, from the entries as stored now (not as this
	 * request read them earlier).
	 *
	 * @since 0.5.0
	 *
	 * @param callable $change Given the entries, returns the new ones (an empty array deletes the
	 *                         option), null to change nothing, or a WP_Error to refuse.
	 * @return bool|WP_Error Whether anything was written, or the refusal.
	 */
	public function change( callable $change ) {
		return $this->lock->change(
			Key_Metadata::LOCK,
			Key_Metadata::LOCKED_OPTIONS,
			function () use ( $change ) {
				$entries = $change( $this->entries() );
				if ( ! is_array( $entries ) ) {
					return $entries instanceof WP_Error ? $entries : false;
				}
				return $entries ? update_option( self::OPTION, $entries, false ) : delete_option( self::OPTION );
			}
		);
	}

	/**
	 * Encrypts a key for a slot.
	 *
	 * @since 0.5.0
	 *
	 * @param string $type Environment type.
	 * @param string $key  The key.
	 * @return string
	 */
	public function seal( $type, $key ) {
		return $this->cipher( $type )->encrypt( $key );
	}

	/**
	 * Decrypts a slot's ciphertext once per request.
	 *
	 * @since 0.5.0
	 *
	 * @param string $type       Environment type (the authenticated data).
	 * @param string $ciphertext Stored ciphertext.
	 * @return array{plaintext: string, key_index: int}|null
	 */
	public function open( $type, $ciphertext ) {
		if ( ! function_exists( 'wp_salt' ) ) {
			return null; // Read before pluggable functions exist: the salts are not known yet.
		}
		// Per site and network too: the ciphertext is bound to both, and a copied row is byte-identical.
		$memo = get_current_blog_id() . '|' . get_current_network_id() . '|' . $type . '|' . $ciphertext;
		if ( ! array_key_exists( $memo, $this->opened ) ) {
			$this->opened[ $memo ] = $this->cipher( $type )->decrypt( $ciphertext );
		}
		return $this->opened[ $memo ];
	}

	/**
	 * Re-encrypts every readable entry with the current encryption key (after a rotation).
	 *
	 * @since 0.3.0
	 *
	 * @return void
	 */
	public function rewrap() {
		$this->change(
			function ( array $entries ) {
				$changed = false;
				foreach ( $entries as $type => $entry ) {
					$opened = $this->open( $type, $entry['key'] );
					if ( $opened && $opened['key_index'] > 0 ) {
						$entries[ $type ]['key'] = $this->seal( $type, $opened['plaintext'] );
						$changed                 = true;
					}
				}
				return $changed ? $entries : null;
			}
		);
	}

	/**
	 * The cipher for one environment type's slot.
	 *
	 * @param string $type Environment type.
	 * @return Key_Cipher
	 */
	private function cipher( $type ) {
		return Key_Cipher::for_site( self::OPTION . '|' . $type );
	}
}
