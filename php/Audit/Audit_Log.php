<?php
/**
 * The last key events: who saved, removed, tested or failed to use the key, and when. Never the key.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Audit;

use Key_Guard\Storage\Option_Lock;

/**
 * Keeps the last 50 key events in a small option of ours, newest first. Parallel requests add
 * their events in turn (Option_Lock), so none is lost.
 *
 * @since 0.2.0
 */
final class Audit_Log {

	const OPTION = 'key_guard_audit';
	const LIMIT  = 50;

	/** The events worth recording. */
	const EVENTS = array( 'saved', 'removed', 'tested', 'refused_save', 'failed_decrypt', 'confirmed', 'network_saved', 'network_removed', 'network_refused', 'site_keys' );

	/**
	 * The lock that makes parallel requests add their events in turn.
	 *
	 * @var Option_Lock
	 */
	private $lock;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Option_Lock $lock The lock that makes parallel requests take turns.
	 */
	public function __construct( Option_Lock $lock ) {
		$this->lock = $lock;
	}

	/**
	 * Records an event for the current user and request.
	 *
	 * @since 0.2.0
	 *
	 * @param string $event   One of self::EVENTS.
	 * @param string $outcome   A short machine word: a diagnosis or error code, a key kind.
	 * @param string $reference What the event is about, for record_once(); never shown.
	 * @return void
	 */
	public function record( $event, $outcome = '', $reference = '' ) {
		$this->add( $event, $outcome, $reference, false );
	}

	/**
	 * Records an event once for a reference (e.g. a hash of the row that failed to decrypt): not
	 * again while an event with that reference is among the kept events.
	 *
	 * @since 0.4.0
	 *
	 * @param string $event     One of self::EVENTS.
	 * @param string $reference What the event is about, never secret.
	 * @return void
	 */
	public function record_once( $event, $reference ) {
		$this->add( $event, '', $reference, true );
	}

	/**
	 * The events for the REST API, newest first, with the user's display name.
	 *
	 * @since 0.2.0
	 *
	 * @return array<int, array{event: string, outcome: string, user: array{id: int, name: string}|null, time: string, ip_hash: string}>
	 */
	public function events() {
		return array_map(
			static function ( $entry ) {
				return array(
					'event'   => $entry['event'],
					'outcome' => $entry['outcome'],
					'user'    => $entry['user_id'] ? array(
						'id'   => $entry['user_id'],
						'name' => self::user_name( $entry['user_id'] ),
					) : null,
					'time'    => gmdate( 'c', $entry['time'] ),
					'ip_hash' => $entry['ip_hash'],
				);
			},
			$this->read()
		);
	}

	/**
	 * A user's display name for the screen, "a deleted user" once deleted; null for nobody (0).
	 *
	 * @since 0.3.0
	 *
	 * @param int|null $user_id The user.
	 * @return string|null
	 */
	public static function user_name( $user_id ) {
		if ( ! $user_id ) {
			return null;
		}
		$user = get_userdata( (int) $user_id );
		return $user ? $user->display_name : __( 'a deleted user', 'key-guard-for-openai' );
	}

	/**
	 * Adds an event under the lock, to the events as stored now (not as this request read them).
	 *
	 * @param string $event     One of self::EVENTS.
	 * @param string $outcome   A short machine word.
	 * @param string $reference What the event is about.
	 * @param bool   $once      Whether to skip it while an event with the same reference is kept.
	 * @return void
	 */
	private function add( $event, $outcome, $reference, $once ) {
		if ( ! in_array( $event, self::EVENTS, true ) ) {
			return;
		}
		$entry = array(
			'event'   => $event,
			'outcome' => substr( sanitize_key( (string) $outcome ), 0, 64 ),
			'user_id' => get_current_user_id(),
			'time'    => time(),
			'ip_hash' => self::ip_hash(),
			'ref'     => substr( sanitize_key( (string) $reference ), 0, 64 ),
		);
		$same  = wp_array_slice_assoc( $entry, array( 'event', 'ref' ) );
		if ( $once && wp_list_filter( $this->read(), $same ) ) {
			return; // Already kept: no lock, no write (a request that reads a broken row does this every time).
		}
		$this->lock->change(
			'audit',
			array( self::OPTION ),
			function () use ( $entry, $once, $same ) {
				$events = $this->read();
				if ( $once && wp_list_filter( $events, $same ) ) {
					return; // Recorded by another request meanwhile.
				}
				array_unshift( $events, $entry );
				update_option( self::OPTION, array_slice( $events, 0, self::LIMIT ), false );
			}
		);
	}

	/**
	 * Stored events, each with every field, dropping malformed ones.
	 *
	 * @return array<int, array{event: string, outcome: string, user_id: int, time: int, ip_hash: string, ref: string}>
	 */
	private function read() {
		$stored = get_option( self::OPTION, array() );
		$events = array();
		foreach ( is_array( $stored ) ? $stored : array() as $entry ) {
			if ( is_array( $entry ) && isset( $entry['event'], $entry['time'] ) && in_array( $entry['event'], self::EVENTS, true ) ) {
				$events[] = array(
					'event'   => (string) $entry['event'],
					'outcome' => isset( $entry['outcome'] ) ? (string) $entry['outcome'] : '',
					'user_id' => isset( $entry['user_id'] ) ? (int) $entry['user_id'] : 0,
					'time'    => (int) $entry['time'],
					'ip_hash' => isset( $entry['ip_hash'] ) ? (string) $entry['ip_hash'] : '',
					'ref'     => isset( $entry['ref'] ) ? (string) $entry['ref'] : '',
				);
			}
		}
		return $events;
	}

	/**
	 * A short keyed hash of the client IP: tells requests apart without storing the address.
	 *
	 * @return string 12 hex characters, or '' without an address.
	 */
	private static function ip_hash() {
		$ip = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		return '' === $ip ? '' : substr( hash_hmac( 'sha256', $ip, 'key-guard-audit|' . wp_salt( 'auth' ) ), 0, 12 );
	}
}
