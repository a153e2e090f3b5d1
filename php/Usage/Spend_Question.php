<?php
/**
 * What another plugin may ask before it spends: the key's state, and "may I spend?".
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Key\Key_Status;
use WP_Error;

/**
 * Answers other plugins, through key_guard_key_state() / key_guard_may_spend() or the filters of
 * the same names (which need no function_exists() and answer the default without this plugin):
 * the key's state in facts (never the key), and whether a request to OpenAI by the asking plugin
 * would pass every limit now, without reserving anything. Lives with the usage guard so that the
 * call stack attributes the question to the plugin that asks, as a request would be.
 *
 * @since 0.5.0
 */
final class Spend_Question {

	/**
	 * The key's facts.
	 *
	 * @var Key_Status
	 */
	private $status;

	/**
	 * The limits.
	 *
	 * @var Usage_Guard
	 */
	private $guard;

	/**
	 * Who asks.
	 *
	 * @var Callers
	 */
	private $callers;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Status  $status  The key's facts.
	 * @param Usage_Guard $guard   The limits.
	 * @param Callers     $callers Who asks.
	 */
	public function __construct( Key_Status $status, Usage_Guard $guard, Callers $callers ) {
		$this->status  = $status;
		$this->guard   = $guard;
		$this->callers = $callers;
	}

	/**
	 * The key's state: configured, where it comes from, its mask, and its last test.
	 *
	 * @since 0.5.0
	 *
	 * @return array{configured: bool, source: string, masked: string, held: bool, tested_at: string|null, connected: bool|null}
	 */
	public function key_state() {
		$facts = $this->status->describe();
		$test  = is_array( $facts['last_test'] ) ? $facts['last_test'] : null;
		return array(
			'configured' => (bool) $facts['configured'],
			'source'     => (string) $facts['source'],
			'masked'     => (string) $facts['masked'],
			'held'       => (bool) $facts['held'],
			'tested_at'  => $test ? (string) $test['tested_at'] : null,
			'connected'  => $test ? ! empty( $test['ok'] ) : null,
		);
	}

	/**
	 * Whether the asking plugin may send a request to OpenAI now: true, or a WP_Error in words
	 * (key_guard_no_key; key_guard_limit_reached with data { limit, retry_after }, as the request
	 * itself would get; key_guard_invalid_question for a question that does not parse).
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $args { estimate_usd?: number, the most the request may cost (default: any
	 *                    amount above nothing); caller?: string, a caller id instead of the
	 *                    asking plugin's }.
	 * @return true|WP_Error
	 */
	public function may_spend( $args = array() ) {
		$args     = is_array( $args ) ? $args : array();
		$estimate = $args['estimate_usd'] ?? 0;
		if ( ( ! is_int( $estimate ) && ! is_float( $estimate ) ) || $estimate < 0 || $estimate > Limit_Values::MAX_USD ) {
			return new WP_Error( 'key_guard_invalid_question', __( 'estimate_usd must be a number of US dollars, 0 or more.', 'key-guard-for-openai' ) );
		}
		$caller = $args['caller'] ?? $this->callers->current();
		if ( ! is_string( $caller ) || ! preg_match( Limit_Values::CALLER_ID, $caller ) ) {
			return new WP_Error( 'key_guard_invalid_question', __( 'caller must be a caller id: a plugin folder, theme:slug, mu:file or core.', 'key-guard-for-openai' ) );
		}
		// Until the data upgrade ran, requests are let go uncounted (Usage_Meter): the same answer.
		if ( ! \Key_Guard\Storage\Installer::is_current() ) {
			return true;
		}
		if ( ! $this->status->describe()['configured'] ) {
			return new WP_Error( 'key_guard_no_key', __( 'No OpenAI API key is configured on this site.', 'key-guard-for-openai' ) );
		}
		$answer = $this->guard->check( $caller, Usage_Guard::micros( $estimate ), time() );
		if ( null === $answer['limit'] ) {
			return true;
		}
		return Limit_Texts::error(
			$answer['limit'],
			$answer['retry_after'],
			function () use ( $caller ) {
				return $this->callers->label( $caller );
			}
		);
	}

	/**
	 * The filter key_guard_may_spend: an earlier filter's refusal stands; else this plugin's answer.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $answer True, or an earlier filter's WP_Error.
	 * @param mixed $args   The question (see may_spend()).
	 * @return true|WP_Error
	 */
	public function filter_may_spend( $answer, $args = array() ) {
		return is_wp_error( $answer ) ? $answer : $this->may_spend( $args );
	}

	/**
	 * The filter key_guard_key_state: the key's state.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $state Null (nothing knows the key without this plugin).
	 * @return array{configured: bool, source: string, masked: string, held: bool, tested_at: string|null, connected: bool|null}
	 */
	public function filter_key_state( $state = null ) {
		return $this->key_state();
	}
}
