<?php
/**
 * What a usage limit may be, and reading one.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use WP_Error;

/**
 * The fields of the usage limits and their kinds, the check of a change (every wrong field named,
 * in words) and the reading of a stored or constant value (wrong fields at no limit). No state:
 * Limits keeps the settings, this says what they may hold.
 *
 * @since 0.5.0
 *
 * @phpstan-import-type LimitSet from Limits
 */
final class Limit_Values {

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
	 * @since 0.5.0
	 *
	 * @param string $kind  usd, count, policy or bool.
	 * @param mixed  $value The value.
	 * @return string
	 */
	public static function check_value( $kind, $value ) {
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
	public static function invalid( array $errors ) {
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
	 * @param array<mixed> $value The value.
	 * @return LimitSet
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
	 * @param array<mixed> $entry The caller's settings.
	 * @return array{requests_per_day: int|null, monthly_budget_usd: float|null, approved: bool}
	 */
	public static function clean_caller( array $entry ) {
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
	public static function caller_defaults() {
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
	public static function number( $kind, $value ) {
		if ( null === $value ) {
			return null;
		}
		if ( 'count' === $kind ) {
			return (int) $value;
		}
		return 'usd' === $kind ? (float) $value : $value;
	}

	/**
	 * Whether a decoded JSON value is an object (an empty array counts: PHP decodes {} as one).
	 *
	 * @param mixed $value The value.
	 * @return bool
	 */
	public static function is_object( $value ) {
		return is_array( $value ) && ( ! $value || array_keys( $value ) !== range( 0, count( $value ) - 1 ) );
	}
}
