<?php
/**
 * The plugin's section of Site Health's Info tab.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Health;

use Key_Guard\Key\Environment_Type;
use Key_Guard\Storage\Installer;
use Key_Guard\Storage\Key_Cipher;
use Key_Guard\Usage\Limits;
use Key_Guard\Usage\Spend_Alerts;
use Key_Guard\Usage\Usage_Table;

/**
 * What support needs to know about the key and the usage guard, as facts: where the key comes
 * from, its mask (private: left out of the copy to the clipboard), how it is kept, its last test,
 * the month's usage and the limits. Never the key itself.
 *
 * @since 0.5.0
 */
final class Debug_Info {

	/**
	 * The key's facts.
	 *
	 * @var Key_Checks
	 */
	private $key;

	/**
	 * The usage guard's facts.
	 *
	 * @var Usage_Checks
	 */
	private $usage_checks;

	/**
	 * The limits.
	 *
	 * @var Limits
	 */
	private $limits;

	/**
	 * The day counts.
	 *
	 * @var Usage_Table
	 */
	private $usage;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Checks   $key          The key's facts.
	 * @param Usage_Checks $usage_checks The usage guard's facts.
	 * @param Limits       $limits       The limits.
	 * @param Usage_Table  $usage        The day counts.
	 */
	public function __construct( Key_Checks $key, Usage_Checks $usage_checks, Limits $limits, Usage_Table $usage ) {
		$this->key          = $key;
		$this->usage_checks = $usage_checks;
		$this->limits       = $limits;
		$this->usage        = $usage;
	}

	/**
	 * The section's fields: label, value (in words), debug (what the copy for support holds).
	 *
	 * @since 0.5.0
	 *
	 * @return array<string, array{label: string, value: string, debug?: string, private?: bool}>
	 */
	public function fields() {
		$facts    = $this->key->facts();
		$test     = is_array( $facts['last_test'] ) ? $facts['last_test'] : null;
		$limits   = $this->limits->get();
		$month    = wp_date( 'Y-m' ) . '-01';
		$today    = wp_date( 'Y-m-d' );
		$yes      = __( 'Yes', 'key-guard-for-openai' );
		$no       = __( 'No', 'key-guard-for-openai' );
		$none     = __( 'None', 'key-guard-for-openai' );
		$secret   = Key_Cipher::uses_constant() ? 'constant' : ( Key_Cipher::secret_in_database() ? 'database' : 'salts' );
		$requests = $this->usage->sum( 'requests', $month, $today );
		$spend    = $this->usage->sum( 'cost_micros', $month, $today ) / 1000000;
		$waiting  = count( $this->usage_checks->waiting() );
		return array(
			'version'         => self::field( __( 'Plugin and data version', 'key-guard-for-openai' ), KEY_GUARD_VERSION . ' / ' . (string) get_option( Installer::VERSION_OPTION, '–' ) ),
			'key_configured'  => self::field( __( 'Key configured', 'key-guard-for-openai' ), $facts['configured'] ? $yes : $no, $facts['configured'] ? 'true' : 'false' ),
			'key_source'      => self::field( __( 'Key comes from', 'key-guard-for-openai' ), Words::source( $facts['source'] ), $facts['source'] ),
			'key_masked'      => self::field( __( 'Key (masked)', 'key-guard-for-openai' ), '' === $facts['masked'] ? $none : $facts['masked'] ) + array( 'private' => true ),
			'storage'         => self::field( __( 'Stored key', 'key-guard-for-openai' ), Words::storage( $facts['storage'] ), $facts['storage'] ),
			'encryption'      => self::field( __( 'Encryption secret', 'key-guard-for-openai' ), Words::secret( $secret ), $secret ),
			'environment'     => self::field( __( 'Environment type', 'key-guard-for-openai' ), Environment_Type::label( wp_get_environment_type() ), wp_get_environment_type() ),
			'held'            => self::field( __( 'Production key held back on this copy', 'key-guard-for-openai' ), $facts['held'] ? $yes : $no, $facts['held'] ? 'true' : 'false' ),
			'last_test'       => self::field(
				__( 'Last connection test', 'key-guard-for-openai' ),
				$test ? Words::when( (string) ( $test['tested_at'] ?? '' ) ) . ': ' . (string) ( $test['message'] ?? '' ) : $none,
				$test ? (string) ( $test['tested_at'] ?? '' ) . ' ' . (string) ( $test['code'] ?? '' ) . ' ' . (string) ( $test['model'] ?? '' ) : 'none'
			),
			'test_model'      => self::field( __( 'Default test model', 'key-guard-for-openai' ), '' === (string) $facts['default_model'] ? __( 'Chosen at each test among the models the key can see', 'key-guard-for-openai' ) : (string) $facts['default_model'], '' === (string) $facts['default_model'] ? 'auto' : (string) $facts['default_model'] ),
			'month_requests'  => self::field( __( 'OpenAI requests this month', 'key-guard-for-openai' ), number_format_i18n( $requests ), (string) $requests ),
			'month_spend'     => self::field( __( 'Estimated spend this month', 'key-guard-for-openai' ), Spend_Alerts::usd( $spend ), (string) $spend ),
			'monthly_budget'  => self::field( __( 'Monthly budget', 'key-guard-for-openai' ), null === $limits['monthly_budget_usd'] ? $none : Spend_Alerts::usd( $limits['monthly_budget_usd'] ), null === $limits['monthly_budget_usd'] ? 'none' : (string) $limits['monthly_budget_usd'] ),
			'daily_budget'    => self::field( __( 'Daily budget', 'key-guard-for-openai' ), null === $limits['daily_budget_usd'] ? $none : Spend_Alerts::usd( $limits['daily_budget_usd'] ), null === $limits['daily_budget_usd'] ? 'none' : (string) $limits['daily_budget_usd'] ),
			'unknown_callers' => self::field( __( 'New plugins need approval', 'key-guard-for-openai' ), 'approve' === $limits['unknown_callers'] ? $yes : $no, $limits['unknown_callers'] ),
			'callers_waiting' => self::field( __( 'Plugins waiting for approval', 'key-guard-for-openai' ), number_format_i18n( $waiting ), (string) $waiting ),
			'limits_from'     => self::field( __( 'Limits set by', 'key-guard-for-openai' ), $this->limits->editable() ? __( 'the settings screen', 'key-guard-for-openai' ) : __( 'the KEY_GUARD_LIMITS constant', 'key-guard-for-openai' ), $this->limits->editable() ? 'option' : 'constant' ),
		);
	}

	/**
	 * One field.
	 *
	 * @param string      $label Its label.
	 * @param string      $value Its value, in words.
	 * @param string|null $debug Its value for the copy to the clipboard, when not the words.
	 * @return array{label: string, value: string, debug?: string}
	 */
	private static function field( $label, $value, $debug = null ) {
		$field = compact( 'label', 'value' );
		if ( null !== $debug ) {
			$field['debug'] = $debug;
		}
		return $field;
	}
}
