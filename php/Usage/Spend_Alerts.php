<?php
/**
 * Telling the site owner when spend nears a budget.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Admin\Settings_Page;

/**
 * When the month's or the day's estimated spend crosses 50 %, 80 % and 100 % of its budget, sends
 * one email to the site's admin address (the network's on a network; percentage and budget in the subject) and shows an admin
 * notice until the period ends or the user dismisses it. Each threshold alerts once per period,
 * even when parallel requests cross it together on several servers: the right to send is one
 * atomic row of the quota table. The key_guard_spend_alert_channels filter adds channels (Slack,
 * SMS) or removes the email.
 *
 * @since 0.5.0
 */
final class Spend_Alerts {

	/**
	 * The limits set.
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
	 * Where the once-per-period marks are kept.
	 *
	 * @var Quota_Table
	 */
	private $quota;

	/**
	 * The admin notice that shows the latest alert.
	 *
	 * @var Spend_Alert_Notice
	 */
	private $notice;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Limits             $limits The limits set.
	 * @param Usage_Table        $usage  The day counts.
	 * @param Quota_Table        $quota  Where the once-per-period marks are kept.
	 * @param Spend_Alert_Notice $notice The admin notice.
	 */
	public function __construct( Limits $limits, Usage_Table $usage, Quota_Table $quota, Spend_Alert_Notice $notice ) {
		$this->limits = $limits;
		$this->usage  = $usage;
		$this->quota  = $quota;
		$this->notice = $notice;
	}

	/**
	 * The thresholds, in percent of a budget, ascending.
	 *
	 * @since 0.5.0
	 *
	 * @return int[]
	 */
	public function thresholds() {
		/**
		 * Filters the percentages of a budget at which the site owner is alerted.
		 *
		 * @since 0.5.0
		 *
		 * @param int[] $thresholds Default 50, 80 and 100.
		 */
		$thresholds = apply_filters( 'key_guard_alert_thresholds', array( 50, 80, 100 ) );
		$valid      = array_filter(
			is_array( $thresholds ) ? $thresholds : array(),
			static function ( $value ) {
				return is_int( $value ) && $value > 0 && $value <= 1000;
			}
		);
		$valid      = array_values( array_unique( $valid ) );
		sort( $valid );
		return $valid;
	}

	/**
	 * Alerts for every threshold the spend crossed that has not alerted in its period: one message
	 * for the highest, the lower ones marked as told.
	 *
	 * @since 0.5.0
	 *
	 * @param int $now The time.
	 * @return array<int, array{kind: string, period: string, budget: float, threshold: int, spent: float|int, subject: string, message: string}> The alerts sent.
	 */
	public function check( $now ) {
		$limits = $this->limits->get();
		$day    = wp_date( 'Y-m-d', $now );
		$month  = wp_date( 'Y-m', $now );
		$sent   = array();
		$checks = array(
			'monthly' => array( $limits['monthly_budget_usd'], $month, $month . '-01' ),
			'daily'   => array( $limits['daily_budget_usd'], $day, $day ),
		);
		foreach ( $checks as $kind => list( $budget, $period, $from ) ) {
			$micros = null === $budget ? 0 : Usage_Guard::micros( $budget );
			if ( $micros <= 0 ) {
				continue;
			}
			$spent   = $this->usage->sum( 'cost_micros', $from, $day );
			$percent = $spent / $micros * 100;
			$highest = null;
			foreach ( $this->thresholds() as $threshold ) {
				// The mark names the budget: a budget raised in the period alerts again at its thresholds.
				if ( $percent >= $threshold && $this->quota->reserve( "alert:{$kind}:{$micros}:{$threshold}", $period, 1, 1, '__return_zero' ) ) {
					$highest = $threshold;
				}
			}
			if ( null !== $highest ) {
				$sent[] = $this->send(
					compact( 'kind', 'period', 'budget' ) + array(
						'threshold' => $highest,
						'spent'     => $spent / 1000000,
					)
				);
			}
		}
		return $sent;
	}

	/**
	 * Sends an alert through every channel and keeps it for the notice.
	 *
	 * @param array{kind: string, period: string, budget: float, threshold: int, spent: float|int} $alert kind, period, budget, threshold, spent.
	 * @return array{kind: string, period: string, budget: float, threshold: int, spent: float|int, subject: string, message: string} The alert.
	 */
	private function send( array $alert ) {
		$alert += array(
			'subject' => $this->subject( $alert ),
			'message' => $this->message( $alert ),
		);
		$this->notice->keep( $alert );
		/**
		 * Filters the channels a spend alert goes through: name => callable( array $alert ). Add one
		 * to send it to Slack or by SMS; remove 'email' to send no email.
		 *
		 * @since 0.5.0
		 *
		 * @param array<string, callable> $channels The channels; default the email.
		 * @param array                   $alert    kind (monthly or daily), period, budget (USD),
		 *                                          spent (USD), threshold (percent), subject, message.
		 */
		$channels = apply_filters( 'key_guard_spend_alert_channels', array( 'email' => array( $this, 'email' ) ), $alert );
		foreach ( is_array( $channels ) ? $channels : array() as $channel ) {
			if ( is_callable( $channel ) ) {
				$channel( $alert );
			}
		}
		return $alert;
	}

	/**
	 * Emails an alert to the site's admin address.
	 *
	 * @since 0.5.0
	 *
	 * @param array{kind: string, period: string, budget: float, threshold: int, spent: float|int, subject: string, message: string} $alert The alert.
	 * @return void
	 */
	public function email( array $alert ) {
		// On a network only network administrators manage the limits: the network's address.
		$to = is_multisite() ? get_site_option( 'admin_email' ) : get_option( 'admin_email' );
		wp_mail( (string) $to, $alert['subject'], $alert['message'] );
	}

	/**
	 * The subject: site, percentage and budget.
	 *
	 * @param array{kind: string, period: string, budget: float, threshold: int, spent: float|int} $alert The alert.
	 * @return string
	 */
	private function subject( array $alert ) {
		$site = wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES );
		return 'monthly' === $alert['kind']
			/* translators: 1: site name, 2: percentage, 3: budget in US dollars. */
			? sprintf( __( '[%1$s] OpenAI spend reached %2$d%% of the monthly budget of %3$s', 'key-guard-for-openai' ), $site, $alert['threshold'], self::usd( $alert['budget'] ) )
			/* translators: 1: site name, 2: percentage, 3: budget in US dollars. */
			: sprintf( __( '[%1$s] OpenAI spend reached %2$d%% of the daily budget of %3$s', 'key-guard-for-openai' ), $site, $alert['threshold'], self::usd( $alert['budget'] ) );
	}

	/**
	 * The email's text.
	 *
	 * @param array{kind: string, period: string, budget: float, threshold: int, spent: float|int} $alert The alert.
	 * @return string
	 */
	private function message( array $alert ) {
		$lines = array(
			'monthly' === $alert['kind']
				/* translators: 1: spend in US dollars, 2: budget in US dollars, 3: the month (YYYY-MM). */
				? sprintf( __( 'This site has spent an estimated %1$s of its monthly OpenAI budget of %2$s in %3$s.', 'key-guard-for-openai' ), self::usd( $alert['spent'] ), self::usd( $alert['budget'] ), $alert['period'] )
				/* translators: 1: spend in US dollars, 2: budget in US dollars, 3: the day (YYYY-MM-DD). */
				: sprintf( __( 'This site has spent an estimated %1$s of its daily OpenAI budget of %2$s on %3$s.', 'key-guard-for-openai' ), self::usd( $alert['spent'] ), self::usd( $alert['budget'] ), $alert['period'] ),
			$alert['threshold'] >= 100
				? __( 'OpenAI requests that could cost more are now held back until the budget is raised or the period ends.', 'key-guard-for-openai' )
				: __( 'Requests go on until the budget is reached; then they are held back.', 'key-guard-for-openai' ),
			__( 'See which plugins use OpenAI, and change the budget:', 'key-guard-for-openai' ) . ' ' . admin_url( 'options-general.php?page=' . Settings_Page::SLUG . '#usage' ),
		);
		return implode( "\n\n", $lines );
	}

	/**
	 * US dollars in words of the site's locale, with cents.
	 *
	 * @since 0.5.0
	 *
	 * @param float $usd Dollars.
	 * @return string
	 */
	public static function usd( $usd ) {
		/* translators: %s: an amount of US dollars. */
		return sprintf( __( '$%s', 'key-guard-for-openai' ), number_format_i18n( (float) $usd, 2 ) );
	}
}
