<?php
/**
 * Site Health tests about the usage guard: the budgets, and the callers waiting for approval.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Health;

use Key_Guard\Usage\Callers;
use Key_Guard\Usage\Limits;
use Key_Guard\Usage\Spend_Alerts;
use Key_Guard\Usage\Usage_Guard;
use Key_Guard\Usage\Usage_Table;

/**
 * How the site's OpenAI spend stands against its budgets (from the day counts, as the Usage tab
 * shows it), and which plugins wait for an administrator's approval before they may spend.
 *
 * @since 0.5.0
 *
 * @phpstan-import-type Result from Health_Result
 */
final class Usage_Checks {

	/**
	 * The share of a budget (percent) from which it is reported as near its limit.
	 */
	const NEAR = 80;

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
	 * Who sent requests.
	 *
	 * @var Callers
	 */
	private $callers;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Limits      $limits  The limits.
	 * @param Usage_Table $usage   The day counts.
	 * @param Callers     $callers Who sent requests.
	 */
	public function __construct( Limits $limits, Usage_Table $usage, Callers $callers ) {
		$this->limits  = $limits;
		$this->usage   = $usage;
		$this->callers = $callers;
	}

	/**
	 * The month's and the day's spend against their budgets: critical when one is used up (OpenAI
	 * requests are held back), recommended from 80 % or when no budget is set.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function budget() {
		$limits = $this->limits->get();
		$today  = wp_date( 'Y-m-d' );
		$spends = array(
			'monthly' => array( $limits['monthly_budget_usd'], wp_date( 'Y-m' ) . '-01' ),
			'daily'   => array( $limits['daily_budget_usd'], $today ),
		);
		$worst  = null;
		foreach ( $spends as $kind => list( $budget, $from ) ) {
			if ( null === $budget ) {
				continue;
			}
			$spent = $this->usage->sum( 'cost_micros', $from, $today ) / 1000000;
			// A budget of nothing holds back every paid request: used up from the start.
			$percent = Usage_Guard::micros( $budget ) > 0 ? $spent / $budget * 100 : 100;
			if ( null === $worst || $percent > $worst['percent'] ) {
				$worst = compact( 'kind', 'budget', 'spent', 'percent' );
			}
		}
		if ( null === $worst ) {
			$where = $this->limits->editable()
				? __( 'Set a monthly budget on the Usage tab: requests that would pass it are held back, and you are emailed at 50, 80 and 100 percent.', 'key-guard-for-openai' )
				: __( 'Add monthly_budget_usd to the KEY_GUARD_LIMITS constant in wp-config.php, which sets this site\'s limits: requests that would pass it are held back, and you are emailed at 50, 80 and 100 percent.', 'key-guard-for-openai' );
			return Health_Result::make( 'key_guard_budget', 'recommended', __( 'No OpenAI budget is set on this site', 'key-guard-for-openai' ), __( 'Any plugin can spend with the site\'s key without a ceiling.', 'key-guard-for-openai' ) . ' ' . $where, 'usage' );
		}
		$sentence = self::sentence( $worst );
		if ( $worst['percent'] >= 100 ) {
			$label = 'monthly' === $worst['kind'] ? __( 'The monthly OpenAI budget is used up', 'key-guard-for-openai' ) : __( 'Today\'s OpenAI budget is used up', 'key-guard-for-openai' );
			return Health_Result::make( 'key_guard_budget', 'critical', $label, $sentence . ' ' . __( 'Requests to OpenAI are held back until the period ends or the budget is raised.', 'key-guard-for-openai' ), 'usage' );
		}
		if ( $worst['percent'] >= self::NEAR ) {
			$label = 'monthly' === $worst['kind'] ? __( 'The monthly OpenAI budget is nearly used up', 'key-guard-for-openai' ) : __( 'Today\'s OpenAI budget is nearly used up', 'key-guard-for-openai' );
			return Health_Result::make( 'key_guard_budget', 'recommended', $label, $sentence . ' ' . __( 'Once it is used up, requests to OpenAI are held back: check which plugins spend on the Usage tab.', 'key-guard-for-openai' ), 'usage' );
		}
		return Health_Result::make( 'key_guard_budget', 'good', __( 'OpenAI spend is within its budget', 'key-guard-for-openai' ), $sentence );
	}

	/**
	 * Plugins, themes or mu-plugins whose OpenAI requests wait for an administrator's approval.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function callers_waiting() {
		$waiting = $this->waiting();
		if ( ! $waiting ) {
			return Health_Result::make( 'key_guard_callers', 'good', __( 'No plugin waits for approval to use OpenAI', 'key-guard-for-openai' ), __( 'Every plugin that sent requests to OpenAI may do so, or new plugins need no approval on this site.', 'key-guard-for-openai' ) );
		}
		$names = implode( wp_get_list_item_separator(), array_map( array( $this->callers, 'label' ), $waiting ) );
		return Health_Result::make(
			'key_guard_callers',
			'recommended',
			/* translators: %d: how many plugins wait. */
			sprintf( _n( '%d plugin waits for approval to use OpenAI', '%d plugins wait for approval to use OpenAI', count( $waiting ), 'key-guard-for-openai' ), count( $waiting ) ),
			$this->limits->editable()
				/* translators: %s: a list of plugin names. */
				? sprintf( __( 'Their requests to OpenAI are held back until an administrator approves them on the Usage tab: %s.', 'key-guard-for-openai' ), $names )
				/* translators: %s: a list of plugin names. */
				: sprintf( __( 'Their requests to OpenAI are held back until they are approved in the KEY_GUARD_LIMITS constant in wp-config.php, which sets this site\'s limits (callers, approved): %s.', 'key-guard-for-openai' ), $names ),
			'usage'
		);
	}

	/**
	 * The callers seen in the last 90 days that wait for approval.
	 *
	 * @since 0.5.0
	 *
	 * @return string[] Caller ids.
	 */
	public function waiting() {
		$limits = $this->limits->get();
		if ( 'approve' !== $limits['unknown_callers'] ) {
			return array();
		}
		$seen = array_column( $this->usage->callers( gmdate( 'Y-m-d', time() - 90 * DAY_IN_SECONDS ) ), 'caller' );
		return array_values(
			array_filter(
				$seen,
				static function ( $id ) use ( $limits ) {
					return Limits::is_waiting( $limits, $id );
				}
			)
		);
	}

	/**
	 * "This month's spend is $8.40 of $10.00 (84 %)."
	 *
	 * @param array{kind: string, budget: float, spent: float, percent: float} $spend The spend.
	 * @return string
	 */
	private static function sentence( array $spend ) {
		$percent = number_format_i18n( min( 999, $spend['percent'] ) );
		return 'monthly' === $spend['kind']
			/* translators: 1: an amount spent; 2: the budget; 3: a percentage. */
			? sprintf( __( 'This month\'s estimated spend is %1$s of %2$s (%3$s%%).', 'key-guard-for-openai' ), Spend_Alerts::usd( $spend['spent'] ), Spend_Alerts::usd( $spend['budget'] ), $percent )
			/* translators: 1: an amount spent; 2: the budget; 3: a percentage. */
			: sprintf( __( 'Today\'s estimated spend is %1$s of %2$s (%3$s%%).', 'key-guard-for-openai' ), Spend_Alerts::usd( $spend['spent'] ), Spend_Alerts::usd( $spend['budget'] ), $percent );
	}
}
