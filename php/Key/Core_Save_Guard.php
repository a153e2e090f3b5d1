<?php
/**
 * Core's own save route for the key: a key its live check does not accept never replaces the key in place.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Connection\Core_Key_Check;
use Key_Guard\Lifecycle\Sites;
use Key_Guard\Storage\Encrypted_Option;
use WP_REST_Request;

/**
 * WordPress 7's settings route (POST /wp/v2/settings, behind Settings → Connectors) stores a submitted
 * key first and checks it afterwards, on rest_post_dispatch, with a live GET /models; on anything but a
 * clear yes it empties the option. For a request that submits the key, this guard remembers the row as
 * it was, holds back the record of the new key until core's check is over, then either records it (a
 * `saved` event and new metadata) or, when core emptied the option, puts the previous row back and
 * records a `refused_save` whose outcome is the diagnosis of OpenAI's answer to that check
 * (Core_Key_Check).
 *
 * @since 0.5.0
 */
final class Core_Save_Guard {

	/** Core's settings route. */
	const ROUTE = '/wp/v2/settings';

	/**
	 * The key option's row.
	 *
	 * @var Encrypted_Option
	 */
	private $row;

	/**
	 * The key store, which records saved and refused keys.
	 *
	 * @var Key_Store
	 */
	private $store;

	/**
	 * What core's check of the key saw.
	 *
	 * @var Core_Key_Check
	 */
	private $check;

	/**
	 * The settings request that submits the key, from its callbacks to core's check; null otherwise.
	 *
	 * @var WP_REST_Request|null
	 */
	private $request = null;

	/**
	 * The site that request writes to.
	 *
	 * @var int
	 */
	private $site = 0;

	/**
	 * The row as it was before that request wrote to it.
	 *
	 * @var mixed
	 */
	private $previous = '';

	/**
	 * Whether that request's callbacks are running: a key written now waits for core's check.
	 *
	 * @var bool
	 */
	private $open = false;

	/**
	 * The key that request wrote, not recorded yet; null when none waits.
	 *
	 * @var string|null
	 */
	private $pending = null;

	/**
	 * Whether core emptied the option after its check.
	 *
	 * @var bool
	 */
	private $wiped = false;

	/**
	 * Whether a shutdown task records a key whose check never came.
	 *
	 * @var bool
	 */
	private $at_shutdown = false;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Encrypted_Option $row   The key option's row.
	 * @param Key_Store        $store The key store.
	 * @param Core_Key_Check   $check What core's check of the key saw.
	 */
	public function __construct( Encrypted_Option $row, Key_Store $store, Core_Key_Check $check ) {
		$this->row   = $row;
		$this->store = $store;
		$this->check = $check;
	}

	/**
	 * Before the callbacks of a settings request that submits the key: remembers the row and starts
	 * watching what OpenAI answers to core's check.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed                $response The response so far (passed through).
	 * @param array<string, mixed> $handler  The route handler.
	 * @param WP_REST_Request      $request  The request.
	 * @return mixed
	 */
	public function arm( $response, $handler, $request ) {
		if ( ! $request instanceof WP_REST_Request || ! self::submits_key( $request ) ) {
			return $response;
		}
		if ( ! has_filter( 'rest_post_dispatch', array( $this, 'settle' ) ) ) {
			add_filter( 'rest_request_after_callbacks', array( $this, 'close' ), 10, 3 );
			add_filter( 'rest_post_dispatch', array( $this, 'settle' ), 100, 3 );
		}
		$this->disarm();
		$this->request  = $request;
		$this->site     = get_current_blog_id();
		$this->previous = $this->row->raw();
		$this->open     = true;
		$this->check->watch();
		return $response;
	}

	/**
	 * After the callbacks of that request: a key written from now on is someone else's write.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed                $response The response (passed through).
	 * @param array<string, mixed> $handler  The route handler.
	 * @param WP_REST_Request      $request  The request.
	 * @return mixed
	 */
	public function close( $response, $handler, $request ) {
		if ( $request === $this->request ) {
			$this->open = false;
		}
		return $response;
	}

	/**
	 * Holds back the record of a key written by that request's callbacks, until core's check is over.
	 * Any other write first records a key still waiting, so events keep their order.
	 *
	 * @since 0.5.0
	 *
	 * @param string $key The key written.
	 * @return bool Whether the key waits (the caller must not record it).
	 */
	public function defer( $key ) {
		if ( ! $this->open || get_current_blog_id() !== $this->site ) {
			$this->flush();
			return false;
		}
		$this->pending = $key;
		if ( ! $this->at_shutdown ) {
			$this->at_shutdown = true;
			Sites::at_shutdown_on_this_site( array( $this, 'flush' ) );
		}
		$this->check->forget_models_list();
		return true;
	}

	/**
	 * Notes that core emptied the option after its check (Key_Writes sees the write).
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function wiped() {
		if ( null !== $this->request && get_current_blog_id() === $this->site ) {
			$this->wiped = true;
		}
	}

	/**
	 * Records a key still waiting as saved: its request was dispatched without core's check
	 * (rest_do_request() skips rest_post_dispatch), so the key stays.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function flush() {
		if ( null !== $this->pending ) {
			$key           = $this->pending;
			$this->pending = null;
			$this->store->key_written( $key );
		}
	}

	/**
	 * After core's check (rest_post_dispatch, priority 10): a key core accepted is recorded as saved;
	 * a key it emptied gives way to the previous row, and the refusal is recorded with its reason.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed           $response The response (passed through).
	 * @param mixed           $server   The REST server.
	 * @param WP_REST_Request $request  The request.
	 * @return mixed
	 */
	public function settle( $response, $server, $request ) {
		if ( null === $this->request || $request !== $this->request ) {
			return $response;
		}
		$key      = $this->pending;
		$wiped    = $this->wiped;
		$previous = $this->previous;
		$reason   = $this->check->reason();

		$this->pending = null; // Settled below, not recorded by disarm().
		$this->disarm();
		if ( null === $key ) {
			return $response;
		}
		if ( ! $wiped ) {
			$this->store->key_written( $key );
			return $response;
		}
		$this->row->write_raw( $previous );
		$kept = $this->row->open( $previous );
		if ( $kept !== $key ) {
			$this->store->key_refused( $reason );
		}
		// Core answered with the emptied value: show the key still in use, masked as core masks it.
		$data = $response instanceof \WP_REST_Response ? $response->get_data() : null;
		if ( is_array( $data ) && array_key_exists( Key_Resolver::OPTION, $data ) && is_string( $kept ) && strlen( $kept ) > 4 ) {
			$data[ Key_Resolver::OPTION ] = str_repeat( "\u{2022}", min( strlen( $kept ) - 4, 16 ) ) . substr( $kept, -4 );
			$response->set_data( $data );
		}
		return $response;
	}

	/**
	 * Stops following the request; a key still waiting from it is recorded as saved.
	 *
	 * @return void
	 */
	private function disarm() {
		$this->check->stop();
		$this->flush();
		$this->request  = null;
		$this->site     = 0;
		$this->previous = '';
		$this->open     = false;
		$this->wiped    = false;
	}

	/**
	 * Whether a request writes the key through core's settings route.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return bool
	 */
	public static function submits_key( WP_REST_Request $request ) {
		return self::ROUTE === $request->get_route()
			&& in_array( $request->get_method(), array( 'POST', 'PUT', 'PATCH' ), true )
			&& array_key_exists( Key_Resolver::OPTION, $request->get_params() );
	}
}
