<?php
/**
 * The set-up guide: the steps from an OpenAI account to a guarded key, ticked where we can tell.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Setup;

use Key_Guard\Key\Key_Status;
use Key_Guard\Usage\Limits;
use WP_Error;

/**
 * The guide's steps, in the order the guide gives them: each with the platform page it needs, done
 * by itself where the plugin can see it (a key saved, its test passed, a budget of ours set) and
 * ticked by hand otherwise, remembered per site (one option). The guide is done when every step
 * but the optional one is; it then shows closed. The words are the screen's; the links are data.
 *
 * @since 0.5.0
 *
 * @phpstan-type Step array{id: string, done: bool, auto: bool, optional: bool, link: string|null}
 */
final class Setup_Guide {

	/** The steps ticked by hand on this site, and whether the guide was closed: { ticked: string[], closed: bool }. */
	const OPTION = 'key_guard_setup';

	/** The steps: id => [link name or null, how it is done: auto or hand, optional]. */
	const STEPS = array(
		'dashboard'     => array( 'dashboard', 'hand', false ),
		'project'       => array( 'projects', 'hand', false ),
		'billing'       => array( 'billing', 'hand', false ),
		'create_key'    => array( 'api_keys', 'hand', false ),
		'paste_key'     => array( null, 'auto', false ),
		'test'          => array( null, 'auto', false ),
		'openai_limits' => array( 'limits', 'hand', false ),
		'our_budget'    => array( null, 'auto', false ),
		'data_controls' => array( 'data_controls', 'hand', true ),
	);

	/**
	 * The key's facts.
	 *
	 * @var Key_Status
	 */
	private $status;

	/**
	 * The usage limits.
	 *
	 * @var Limits
	 */
	private $limits;

	/**
	 * The platform's pages and permissions.
	 *
	 * @var Platform
	 */
	private $platform;

	/**
	 * What the traffic says the key needs.
	 *
	 * @var Key_Evidence
	 */
	private $evidence;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Status   $status   The key's facts.
	 * @param Limits       $limits   The usage limits.
	 * @param Platform     $platform The platform's pages and permissions.
	 * @param Key_Evidence $evidence What the traffic says the key needs.
	 */
	public function __construct( Key_Status $status, Limits $limits, Platform $platform, Key_Evidence $evidence ) {
		$this->status   = $status;
		$this->limits   = $limits;
		$this->platform = $platform;
		$this->evidence = $evidence;
	}

	/**
	 * The guide: its steps, whether it is done, whether it was closed, and the evidence for the key's
	 * permissions.
	 *
	 * @since 0.5.0
	 *
	 * @return array{steps: array<int, Step>, done: bool, closed: bool, evidence: array<string, mixed>}
	 */
	public function describe() {
		$stored = $this->stored();
		$status = $this->status->describe();
		$limits = $this->limits->get();
		$test   = is_array( $status['last_test'] ) ? $status['last_test'] : null;
		$auto   = array(
			'paste_key'  => $status['configured'],
			'test'       => null !== $test && ! empty( $test['ok'] ),
			'our_budget' => null !== $limits['monthly_budget_usd'] || null !== $limits['daily_budget_usd'],
		);
		$links  = $this->platform->links();
		$steps  = array();
		foreach ( self::STEPS as $id => list( $link, $how, $optional ) ) {
			$steps[] = array(
				'id'       => $id,
				'done'     => 'auto' === $how ? $auto[ $id ] : in_array( $id, $stored['ticked'], true ),
				'auto'     => 'auto' === $how,
				'optional' => $optional,
				'link'     => null === $link ? null : ( $links[ $link ] ?? null ),
			);
		}
		$done = ! array_filter(
			$steps,
			static function ( array $step ) {
				return ! $step['done'] && ! $step['optional'];
			}
		);
		return array(
			'steps'    => $steps,
			'done'     => $done,
			'closed'   => $stored['closed'],
			'evidence' => $this->evidence->describe( null === $status['saved_at'] ? null : substr( (string) $status['saved_at'], 0, 10 ) ),
		);
	}

	/**
	 * Ticks or unticks a step done by hand, or closes or opens the guide; a step the plugin ticks
	 * itself, or an unknown one, is refused in words.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed> $change { step: id, done: bool } or { closed: bool }.
	 * @return true|WP_Error
	 */
	public function change( array $change ) {
		$stored = $this->stored();
		if ( array_key_exists( 'closed', $change ) ) {
			$stored['closed'] = (bool) $change['closed'];
		}
		if ( array_key_exists( 'step', $change ) ) {
			$step = (string) $change['step'];
			if ( ! isset( self::STEPS[ $step ] ) ) {
				return new WP_Error( 'key_guard_unknown_step', __( 'The set-up guide has no such step.', 'key-guard-for-openai' ), array( 'status' => 400 ) );
			}
			if ( 'auto' === self::STEPS[ $step ][1] ) {
				return new WP_Error( 'key_guard_automatic_step', __( 'This step is ticked by itself when the plugin sees it done: it cannot be ticked by hand.', 'key-guard-for-openai' ), array( 'status' => 400 ) );
			}
			$ticked           = array_diff( $stored['ticked'], array( $step ) );
			$stored['ticked'] = array_values( ! empty( $change['done'] ) ? array_merge( $ticked, array( $step ) ) : $ticked );
		}
		update_option( self::OPTION, $stored, false );
		return true;
	}

	/**
	 * The stored option, its fields checked.
	 *
	 * @return array{ticked: string[], closed: bool}
	 */
	private function stored() {
		$stored = get_option( self::OPTION, array() );
		$ticked = is_array( $stored ) && isset( $stored['ticked'] ) && is_array( $stored['ticked'] ) ? $stored['ticked'] : array();
		return array(
			'ticked' => array_values( array_intersect( array_keys( self::STEPS ), $ticked ) ),
			'closed' => is_array( $stored ) && ! empty( $stored['closed'] ),
		);
	}
}
