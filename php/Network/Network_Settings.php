<?php
/**
 * What a network administrator decides for every site of a network.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Network;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Lifecycle\Sites;
use Key_Guard\Usage\Limit_Values;
use Key_Guard\Usage\Quota_Table;
use Key_Guard\Usage\Usage_Guard;
use WP_Error;

/**
 * The network's settings, in one network option: whether a site's own key may override the
 * network key (undecided until a network administrator decides: then a site may have a key of its
 * own only while no network key is set, see Network_Key::allows_site_keys()), and the monthly
 * budget that holds across all the sites' OpenAI spend (none by default). Reads never write.
 *
 * @since 0.5.0
 *
 * @phpstan-type Settings array{allow_site_keys: bool|null, monthly_budget_usd: float|null}
 */
final class Network_Settings {

	/** The network option. */
	const OPTION = 'key_guard_network';

	/** The fields and their kinds, as Limit_Values checks them. */
	const FIELDS = array(
		'allow_site_keys'    => 'bool',
		'monthly_budget_usd' => 'usd',
	);

	/**
	 * The key events log (the main site's is written).
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * What each limit has used (the network budget's row is the main site's).
	 *
	 * @var Quota_Table
	 */
	private $quota;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Audit_Log   $audit The key events log.
	 * @param Quota_Table $quota What each limit has used.
	 */
	public function __construct( Audit_Log $audit, Quota_Table $quota ) {
		$this->audit = $audit;
		$this->quota = $quota;
	}

	/**
	 * The settings as stored (allow_site_keys null: not decided yet); the defaults on a single site.
	 *
	 * @since 0.5.0
	 *
	 * @return Settings
	 */
	public function get() {
		$stored = is_multisite() ? get_network_option( null, self::OPTION, array() ) : array();
		$stored = is_array( $stored ) ? $stored : array();
		$budget = $stored['monthly_budget_usd'] ?? null;
		return array(
			'allow_site_keys'    => isset( $stored['allow_site_keys'] ) && is_bool( $stored['allow_site_keys'] ) ? $stored['allow_site_keys'] : null,
			'monthly_budget_usd' => ( is_int( $budget ) || is_float( $budget ) ) && '' === Limit_Values::check_value( 'usd', $budget ) ? (float) $budget : null,
		);
	}

	/**
	 * What a network administrator decided about site keys: allowed, refused, or null (not yet).
	 *
	 * @since 0.5.0
	 *
	 * @return bool|null
	 */
	public function site_keys_decision() {
		return $this->get()['allow_site_keys'];
	}

	/**
	 * The network-wide monthly budget in US dollars; null for none.
	 *
	 * @since 0.5.0
	 *
	 * @return float|null
	 */
	public function monthly_budget_usd() {
		// Its row lives in the main site's tables, which exist only where the plugin runs network-wide.
		return self::is_network_active() ? $this->get()['monthly_budget_usd'] : null;
	}

	/**
	 * Whether the plugin is active for the whole network (network features need it).
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public static function is_network_active() {
		$active = is_multisite() ? get_site_option( 'active_sitewide_plugins', array() ) : array();
		return is_array( $active ) && isset( $active[ plugin_basename( KEY_GUARD_FILE ) ] );
	}

	/**
	 * A setting's name in words (an unknown field as it was sent).
	 *
	 * @since 0.5.0
	 *
	 * @param string $field The field.
	 * @return string
	 */
	public static function label( $field ) {
		switch ( $field ) {
			case 'allow_site_keys':
				return __( 'Site keys', 'key-guard-for-openai' );
			case 'monthly_budget_usd':
				return __( 'Network monthly budget', 'key-guard-for-openai' );
			default:
				return sanitize_key( $field );
		}
	}

	/**
	 * Changes some settings, all or none: an unknown field or a wrong value is refused in words
	 * and nothing is stored.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $changes The fields to change.
	 * @return Settings|WP_Error The settings now.
	 */
	public function update( $changes ) {
		if ( ! is_multisite() ) {
			return new WP_Error( 'key_guard_not_network', __( 'This site is not part of a network.', 'key-guard-for-openai' ), array( 'status' => 400 ) );
		}
		if ( ! Limit_Values::is_object( $changes ) ) {
			return new WP_Error( 'key_guard_invalid_network_settings', __( 'Send the settings as an object of fields.', 'key-guard-for-openai' ), array( 'status' => 400 ) );
		}
		$errors = array();
		foreach ( $changes as $field => $value ) {
			$kind = self::FIELDS[ $field ] ?? null;
			/* translators: %s: a field name. */
			$error = null === $kind ? sprintf( __( '%s is not a network setting.', 'key-guard-for-openai' ), sanitize_key( (string) $field ) ) : Limit_Values::check_value( $kind, $value );
			if ( '' !== $error ) {
				$errors[ (string) $field ] = $error;
			}
		}
		if ( $errors ) {
			$list = array();
			foreach ( $errors as $field => $error ) {
				/* translators: 1: a setting's name, 2: why its value is refused. */
				$list[] = sprintf( __( '%1$s: %2$s', 'key-guard-for-openai' ), self::label( $field ), $error );
			}
			return new WP_Error(
				'key_guard_invalid_network_settings',
				implode( ' ', $list ),
				array(
					'status' => 400,
					'errors' => $errors,
				)
			);
		}
		$before = $this->get();
		$after  = array_merge( $before, array_intersect_key( (array) $changes, self::FIELDS ) );
		$after  = array(
			'allow_site_keys'    => null === $after['allow_site_keys'] ? null : (bool) $after['allow_site_keys'],
			'monthly_budget_usd' => Limit_Values::number( 'usd', $after['monthly_budget_usd'] ),
		);
		if ( $after !== $before || false === get_network_option( null, self::OPTION, false ) ) {
			update_network_option( null, self::OPTION, $after ); // Written even unchanged: the decision is recorded.
		}
		if ( null === $before['monthly_budget_usd'] && null !== $after['monthly_budget_usd'] ) {
			// Not kept up while there was no budget: counted again from the sites' day counts.
			$this->quota->forget( Usage_Guard::NETWORK_SPEND, gmdate( 'Y-m' ) );
		}
		if ( null !== $after['allow_site_keys'] && $after['allow_site_keys'] !== $before['allow_site_keys'] ) {
			Sites::on_site(
				get_main_site_id(),
				function () use ( $after ) {
					$this->audit->record( 'site_keys', $after['allow_site_keys'] ? 'allowed' : 'refused' );
				}
			);
		}
		return $this->get();
	}
}
