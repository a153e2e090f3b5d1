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
 */
final class Limits {

	/** The stored settings (autoloaded: read by every OpenAI request). */
	const OPTION = 'key_guard_limits';

	/** The constant that fixes the settings in wp-config.php. */
	const CONSTANT = 'KEY_GUARD_LIMITS';

	/** The most requests a cap may allow. */
	const MAX_REQUESTS = 1000000000;

	/** The largest budget, in USD. */
	const MAX_USD = 10000000;

	/** Site-wide settings and their kinds. */
	const FIELDS = array(
		'monthly_budget_usd'  => 'usd',
		'daily_budget_usd'    => 'usd',
		'requests_per_minute' => 'count',
		'requests_per_day'    => 'count',
		'unknown_callers'     => 'policy',
		'callers'             => 'callers',
	);

	/** A caller's own settings and their kinds. */
	const CALLER_FIELDS = array(
		'requests_per_day'   => 'count',
		'monthly_budget_usd' => 'usd',
		'approved'           => 'bool',
	);

	/** Policies for a caller nobody approved. */
	const POLICIES = array( 'allow', 'approve' );

	/** A caller id: a plugin folder, theme:slug, mu:file or core. */
	const CALLER_ID = '/^(?:(?:theme|mu):)?[A-Za-z0-9][A-Za-z0-9._-]{0,90}\z/';

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
	 * @return array{monthly_budget_usd: float|null, daily_budget_usd: float|null, requests_per_minute: int|null, requests_per_day: int|null, unknown_callers: string, callers: array<string, array{requests_per_day: int|null, monthly_budget_usd: float|null, approved: bool}>}
	 */
	public function get() {
		$locked = $this->locked_value();
		$stored = null === $locked ? get_option( self::OPTION, array() ) : $locked;
		$valid  = self::clean( is_array( $stored ) ? $stored : array() );
		/**
		 * Filters the usage limits in effect (after the option or the KEY_GUARD_LIMITS constant).
		 *
		 * @since 0.5.0
		 *
		 * @param array $limits The limits; null fields mean no limit.
		 */
		$filtered = apply_filters( 'key_guard_limits', $valid );
		return is_array( $filtered ) ? self::clean( $filtered ) : $valid;
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
	 * @return array|WP_Error The settings in effect, or why nothing was saved.
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
		$errors = self::check( $changes );
		if ( $errors ) {
			return self::invalid( $errors );
		}
		return $this->lock->change(
			self::OPTION,
			array( self::OPTION ),
			function () use ( $changes ) {
				$stored = get_option( self::OPTION, array() );
				$next   = self::clean( is_array( $stored ) ? $stored : array() );
				if ( 'approve' === ( $changes['unknown_callers'] ?? null ) && 'allow' === $next['unknown_callers'] ) {
					// Approval is for plugins new to OpenAI here: those already using it keep working.
					foreach ( (array) ( $this->callers_in_use )() as $id ) {
						if ( preg_match( self::CALLER_ID, (string) $id ) && ! isset( $next['callers'][ $id ] ) ) {
							$next['callers'][ $id ] = array( 'approved' => true ) + self::caller_defaults();
						}
					}
				}
				foreach ( $changes as $field => $value ) {
					if ( 'callers' !== $field ) {
						$next[ $field ] = self::number( self::FIELDS[ $field ], $value );
						continue;
					}
					foreach ( $value as $id => $entry ) {
						if ( null === $entry ) {
							unset( $next['callers'][ $id ] );
							continue;
						}
						$merged                 = array_merge( $next['callers'][ $id ] ?? self::caller_defaults(), $entry );
						$next['callers'][ $id ] = self::clean_caller( $merged );
					}
				}
				update_option( self::OPTION, $next, true );
				return $this->get();
			}
		);
	}

	/**
	 * Why a set of changes cannot be saved: field (dotted for a caller's) => message; empty when
	 * it can.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $changes The fields to change.
	 * @return array<string, string>
	 */
	public static function check( $changes ) {
		if ( ! self::is_object( $changes ) ) {
			return array( 'limits' => __( 'Send the limits as an object of fields.', 'key-guard-for-openai' ) );
		}
		$errors = array();
		foreach ( $changes as $field => $value ) {
			$kind = self::FIELDS[ $field ] ?? null;
			if ( null === $kind ) {
				/* translators: %s: a field name. */
				$errors[ (string) $field ] = sprintf( __( '%s is not a usage limit setting.', 'key-guard-for-openai' ), sanitize_key( (string) $field ) );
			} elseif ( 'callers' === $kind ) {
				$errors += self::check_callers( $value );
			} else {
				$error = self::check_value( $kind, $value );
				if ( '' !== $error ) {
					$errors[ $field ] = $error;
				}
			}
		}
		return $errors;
	}

	/**
	 * Why a value cannot be a setting of a kind; '' when it can.
	 *
	 * @param string $kind  usd, count, policy or bool.
	 * @param mixed  $value The value.
	 * @return string
	 */
	private static function check_value( $kind, $value ) {
		if ( 'policy' === $kind ) {
			return in_array( $value, self::POLICIES, true ) ? '' : __( 'Must be "allow" or "approve".', 'key-guard-for-openai' );
		}
		if ( 'bool' === $kind ) {
			return is_bool( $value ) ? '' : __( 'Must be true or false.', 'key-guard-for-openai' );
		}
		if ( null === $value ) {
			return '';
		}
		if ( ! ( is_int( $value ) || is_float( $value ) ) || ! is_finite( (float) $value ) || $value < 0 ) {
			return __( 'Must be a number of zero or more, or null for no limit.', 'key-guard-for-openai' );
		}
		if ( 'count' === $kind && floor( (float) $value ) !== (float) $value ) {
			return __( 'Must be a whole number of requests.', 'key-guard-for-openai' );
		}
		$max = 'count' === $kind ? self::MAX_REQUESTS : self::MAX_USD;
		if ( $value > $max ) {
			return 'count' === $kind
				/* translators: %s: the largest number of requests allowed. */
				? sprintf( __( 'Must be at most %s requests.', 'key-guard-for-openai' ), number_format_i18n( $max ) )
				/* translators: %s: the largest budget allowed, in US dollars. */
				: sprintf( __( 'Must be at most %s US dollars.', 'key-guard-for-openai' ), number_format_i18n( $max ) );
		}
		return '';
	}

	/**
	 * Why a callers object cannot be saved, by dotted field.
	 *
	 * @param mixed $callers The callers object.
	 * @return array<string, string>
	 */
	private static function check_callers( $callers ) {
		if ( ! self::is_object( $callers ) ) {
			return array( 'callers' => __( 'Must be an object of caller ids.', 'key-guard-for-openai' ) );
		}
		$errors = array();
		foreach ( $callers as $id => $entry ) {
			$path = 'callers.' . $id;
			if ( ! preg_match( self::CALLER_ID, (string) $id ) ) {
				$errors[ 'callers.' . sanitize_key( (string) $id ) ] = __( 'Not a caller id: a plugin folder, theme:slug, mu:file or core.', 'key-guard-for-openai' );
				continue;
			}
			if ( null === $entry ) {
				continue;
			}
			if ( ! self::is_object( $entry ) ) {
				$errors[ $path ] = __( 'Must be an object with requests_per_day, monthly_budget_usd and approved, or null to forget the caller.', 'key-guard-for-openai' );
				continue;
			}
			foreach ( $entry as $field => $value ) {
				$kind  = self::CALLER_FIELDS[ $field ] ?? null;
				$error = null === $kind
					/* translators: %s: a field name. */
					? sprintf( __( '%s is not a caller setting.', 'key-guard-for-openai' ), sanitize_key( (string) $field ) )
					: self::check_value( $kind, $value );
				if ( '' !== $error ) {
					$errors[ $path . '.' . sanitize_key( (string) $field ) ] = $error;
				}
			}
		}
		return $errors;
	}

	/**
	 * The 400 error naming every wrong field.
	 *
	 * @param array<string, string> $errors Field => message.
	 * @return WP_Error
	 */
	private static function invalid( array $errors ) {
		$list = array();
		foreach ( $errors as $field => $message ) {
			$list[] = $field . ': ' . $message;
		}
		return new WP_Error(
			'rest_invalid_param',
			/* translators: %s: each wrong field with why. */
			sprintf( __( 'Nothing was saved. %s', 'key-guard-for-openai' ), implode( ' ', $list ) ),
			array(
				'status' => 400,
				'params' => $errors,
			)
		);
	}

	/**
	 * Every field from a stored or constant value, wrong ones left at no limit (the default).
	 *
	 * @since 0.5.0
	 *
	 * @param array $value The value.
	 * @return array
	 */
	public static function clean( array $value ) {
		$clean = array(
			'monthly_budget_usd'  => null,
			'daily_budget_usd'    => null,
			'requests_per_minute' => null,
			'requests_per_day'    => null,
			'unknown_callers'     => 'allow',
			'callers'             => array(),
		);
		foreach ( self::FIELDS as $field => $kind ) {
			if ( ! array_key_exists( $field, $value ) ) {
				continue;
			}
			if ( 'callers' === $kind ) {
				$callers = is_array( $value['callers'] ) ? $value['callers'] : array();
				foreach ( $callers as $id => $entry ) {
					if ( preg_match( self::CALLER_ID, (string) $id ) && is_array( $entry ) ) {
						$clean['callers'][ (string) $id ] = self::clean_caller( $entry );
					}
				}
			} elseif ( '' === self::check_value( $kind, $value[ $field ] ) ) {
				$clean[ $field ] = self::number( $kind, $value[ $field ] );
			}
		}
		return $clean;
	}

	/**
	 * A caller's settings, wrong fields at their default.
	 *
	 * @param array $entry The caller's settings.
	 * @return array{requests_per_day: int|null, monthly_budget_usd: float|null, approved: bool}
	 */
	private static function clean_caller( array $entry ) {
		$clean = self::caller_defaults();
		foreach ( self::CALLER_FIELDS as $field => $kind ) {
			if ( array_key_exists( $field, $entry ) && '' === self::check_value( $kind, $entry[ $field ] ) ) {
				$clean[ $field ] = self::number( $kind, $entry[ $field ] );
			}
		}
		return $clean;
	}

	/**
	 * A caller with no limits of its own, not approved.
	 *
	 * @return array{requests_per_day: null, monthly_budget_usd: null, approved: false}
	 */
	private static function caller_defaults() {
		return array(
			'requests_per_day'   => null,
			'monthly_budget_usd' => null,
			'approved'           => false,
		);
	}

	/**
	 * A valid value in its stored type: requests as int, dollars as float.
	 *
	 * @param string $kind  The kind.
	 * @param mixed  $value The value (checked).
	 * @return mixed
	 */
	private static function number( $kind, $value ) {
		if ( null === $value ) {
			return null;
		}
		if ( 'count' === $kind ) {
			return (int) $value;
		}
		return 'usd' === $kind ? (float) $value : $value;
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
		if ( ! self::is_object( $parsed ) ) {
			/* translators: %s: the constant's name. */
			return sprintf( __( '%s in wp-config.php is neither an array nor a JSON object of limits, so no limit applies.', 'key-guard-for-openai' ), self::CONSTANT );
		}
		$errors = self::check( $parsed );
		if ( ! $errors ) {
			return '';
		}
		/* translators: 1: the constant's name, 2: each wrong field with why. */
		return sprintf( __( '%1$s in wp-config.php has fields that do not apply: %2$s', 'key-guard-for-openai' ), self::CONSTANT, implode( ' ', array_map( static fn( $f, $m ) => $f . ': ' . $m, array_keys( $errors ), $errors ) ) );
	}

	/**
	 * Whether a decoded JSON value is an object (an empty array counts: PHP decodes {} as one).
	 *
	 * @param mixed $value The value.
	 * @return bool
	 */
	private static function is_object( $value ) {
		return is_array( $value ) && ( ! $value || array_keys( $value ) !== range( 0, count( $value ) - 1 ) );
	}

	/**
	 * The settings the constant fixes; null when it is not defined.
	 *
	 * @return array|null
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
}
