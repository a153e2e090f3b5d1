<?php
/**
 * The OpenAI requests let go whose answers are awaited.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Connection\Endpoint;

/**
 * The requests the meter let go, innermost last (a plugin may send a request while another one's
 * answer is being handled), until the HTTP API reports their answers, or the page ends without
 * one.
 *
 * @since 0.5.0
 */
final class Pending_Requests {

	/**
	 * Where OpenAI's API is.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * What the meter kept of each request, innermost last.
	 *
	 * @var array<int, array<string, mixed>>
	 */
	private $sent = array();

	/**
	 * Keeps where OpenAI's API is.
	 *
	 * @param Endpoint $endpoint Where OpenAI's API is.
	 */
	public function __construct( Endpoint $endpoint ) {
		$this->endpoint = $endpoint;
	}

	/**
	 * Keeps a request let go.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed> $sent What the meter keeps; 'url' is the request's URL.
	 * @return void
	 */
	public function add( array $sent ) {
		$this->sent[] = $sent;
	}

	/**
	 * Takes the request an answer belongs to: the innermost with the same URL; the innermost of
	 * all when the HTTP API hands over another URL (wp_safe_remote_* gives false for a URL it
	 * refused) or an OpenAI URL it rewrote. Null for an answer to a request that is not ours.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $url The URL the HTTP API reports.
	 * @return array<string, mixed>|null
	 */
	public function take( $url ) {
		if ( ! $this->sent ) {
			return null;
		}
		$index = null;
		for ( $i = count( $this->sent ) - 1; $i >= 0 && null === $index; $i-- ) {
			if ( $this->sent[ $i ]['url'] === $url ) {
				$index = $i;
			}
		}
		if ( null === $index ) {
			$ours = ! is_string( $url ) || '' === $url || '' !== $this->endpoint->base_of( $url );
			if ( ! $ours ) {
				return null;
			}
			$index = count( $this->sent ) - 1;
		}
		$taken = $this->sent[ $index ];
		array_splice( $this->sent, $index, 1 );
		return $taken;
	}

	/**
	 * Takes every request still awaited, innermost first.
	 *
	 * @since 0.5.0
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function take_all() {
		$all        = array_reverse( $this->sent );
		$this->sent = array();
		return $all;
	}
}
