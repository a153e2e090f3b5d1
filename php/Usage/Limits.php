<?php
/**
 * The usage limits the site owner set.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Storage\Option_Lock;
use WP_Error;

/**
 * The limits on the site's OpenAI traffic: budgets (USD, month and day), request caps (minute and
 * day), per-caller limits and approvals, and the policy for callers nobody approved. null means no
 * limit. Stored in one option, or fixed by the KEY_GUARD_LIMITS constant (an array, or its JSON)
 * for locked-down sites, and then read-only. Every change is validated as a whole before anything
 * is saved: a wrong field names itself and changes nothing.
 *
 * @since 0.5.0
 *
 * @phpstan-type LimitSet array{monthly_budget_usd: float|null, daily_budget_usd: float|null, requests_per_minute: int|null, requests_per_day: int|null, unknown_callers: string, callers: array<string, array{requests_per_day: int|null, monthly_budget_usd: float|null, approved: bool}>}
 */
final class Limits {

	/** The stored settings (autoloaded: read by every OpenAI request). */
	const OPTION = 'key_guard_limits';

	/** The constant that fixes the settings in wp-config.php. */
	const CONSTANT = 'KEY_GUARD_LIMITS';


	/**
	 * Serialises changes to the option between parallel requests.
	 *
	 * @var Option_Lock
	 */
	private $lock;

	/**
	 * Gives the callers that used OpenAI on this site lately (caller ids).
	 *
	 * @var callable
	 */
	private $callers_in_use;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Option_Lock $lock           Serialises changes to the option.
	 * @param callable    $callers_in_use Gives the ids of the callers that used OpenAI lately: they
	 *                                    keep working when approval becomes the policy.
	 */
	public function __construct( Option_Lock $lock, callable $callers_in_use ) {
		$this->lock           = $lock;
		$this->callers_in_use = $callers_in_use;
	}

	/**
	 * The settings in effect: every field, null for no limit.
	 *
	 * @since 0.5.0
	 *
	 * @return LimitSet
	 */
	public function get() {
		$locked = $this->locked_value();
		$stored = null === $locked ? get_option( self::OPTION, array() ) : $locked;
		$valid  = Limit_Values::clean( is_array( $stored ) ? $stored : array() );
		/**
		 * Filters the usage limits in effect (after the option or the KEY_GUARD_LIMITS constant).
		 *
		 * @since 0.5.0
		 *
		 * @param array $limits The limits; null fields mean no limit.
		 */
		$filtered = apply_filters( 'key_guard_limits', $valid );
		return is_array( $filtered ) ? Limit_Values::clean( $filtered ) : $valid;
	}

	/**
	 * Whether the settings can be changed here (not fixed by the constant).
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public function editable() {
		return null === $this->locked_value();
	}

	/**
	 * Changes some settings, keeping the others; a caller's entry merges with its stored one, and
	 * null removes it. All or nothing.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $changes The fields to change (a decoded JSON object).
	 * @return LimitSet|WP_Error The settings in effect, or why nothing was saved.
	 */
	public function update( $changes ) {
		if ( ! $this->editable() ) {
			return new WP_Error(
				'key_guard_limits_locked',
				/* translators: %s: the constant's name. */
				sprintf( __( 'The usage limits are set in wp-config.php (%s) and cannot be changed here.', 'key-guard-for-openai' ), self::CONSTANT ),
				array( 'status' => 403 )
			);
		}
		$errors = Limit_Values::check( $changes );
		if ( $errors ) {
			return Limit_Values::invalid( $errors );
		}
		return $this->lock->change(
			self::OPTION,
			array( self::OPTION ),
			function () use ( $changes ) {
				$stored = get_option( self::OPTION, array() );
				$next   = Limit_Values::clean( is_array( $stored ) ? $stored : array() );
				if ( 'approve' === ( $changes['unknown_callers'] ?? null ) && 'allow' === $next['unknown_callers'] ) {
					// Approval is for plugins new to OpenAI here: those already using it keep working.
					foreach ( (array) ( $this->callers_in_use )() as $id ) {
						if ( preg_match( Limit_Values::CALLER_ID, (string) $id ) && ! isset( $next['callers'][ $id ] ) ) {
							$next['callers'][ $id ] = array( 'approved' => true ) + Limit_Values::caller_defaults();
						}
					}
				}
				foreach ( $changes as $field => $value ) {
					if ( 'callers' !== $field ) {
						$next[ $field ] = Limit_Values::number( Limit_Values::FIELDS[ $field ], $value );
						continue;
					}
					foreach ( $value as $id => $entry ) {
						if ( null === $entry ) {
							unset( $next['callers'][ $id ] );
							continue;
						}
						$merged                 = array_merge( $next['callers'][ $id ] ?? Limit_Values::caller_defaults(), $entry );
						$next['callers'][ $id ] = Limit_Values::clean_caller( $merged );
					}
				}
				update_option( self::OPTION, $next, true );
				return $this->get();
			}
		);
	}

	/**
	 * Why the KEY_GUARD_LIMITS constant cannot be read as limits ('' when it can, or is not set):
	 * a constant that is not an array or a JSON object, or holds wrong fields. Its readable fields
	 * still apply.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function constant_problem() {
		if ( ! defined( self::CONSTANT ) ) {
			return '';
		}
		$value  = constant( self::CONSTANT );
		$parsed = is_string( $value ) ? json_decode( $value, true ) : $value;
		if ( ! Limit_Values::is_object( $parsed ) ) {
			/* translators: %s: the constant's name. */
			return sprintf( __( '%s in wp-config.php is neither an array nor a JSON object of limits, so no limit applies.', 'key-guard-for-openai' ), self::CONSTANT );
		}
		$errors = Limit_Values::check( $parsed );
		if ( ! $errors ) {
			return '';
		}
		/* translators: 1: the constant's name, 2: each wrong field with why. */
		return sprintf( __( '%1$s in wp-config.php has fields that do not apply: %2$s', 'key-guard-for-openai' ), self::CONSTANT, implode( ' ', array_map( static fn( $f, $m ) => $f . ': ' . $m, array_keys( $errors ), $errors ) ) );
	}

	/**
	 * The settings the constant fixes; null when it is not defined.
	 *
	 * @return array<mixed>|null
	 */
	private function locked_value() {
		if ( ! defined( self::CONSTANT ) ) {
			return null;
		}
		$value = constant( self::CONSTANT );
		if ( is_string( $value ) ) {
			$value = json_decode( $value, true );
		}
		return is_array( $value ) ? $value : array();
	}

	/**
	 * Whether a caller's billable requests wait for an administrator's approval under these
	 * limits: only when new callers need approval, never this plugin's own.
	 *
	 * @since 0.5.0
	 *
	 * @param array  $limits The limits (get()).
	 * @param string $caller The caller id.
	 * @return bool
	 *
	 * @phpstan-param LimitSet $limits
	 */
	public static function is_waiting( array $limits, $caller ) {
		return 'approve' === $limits['unknown_callers'] && Callers::OWN !== $caller && empty( $limits['callers'][ $caller ]['approved'] );
	}
}
