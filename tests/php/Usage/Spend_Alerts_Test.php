<?php
/**
 * Tests for the spend alerts.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

require_once __DIR__ . '/Resets_Usage.php';

/**
 * Crossing 50 %, 80 % and 100 % of a budget emails the site's admin address once per threshold
 * and period (percentage and budget in the subject), through channels a filter can extend, and
 * shows an admin notice until dismissed.
 */
final class Spend_Alerts_Test extends TestCase {

	use Resets_Usage;

	/**
	 * Empty tables, no limits, mail caught.
	 */
	protected function set_up() {
		parent::set_up();
		self::reset_usage();
		$this->catch_mails();
	}

	/**
	 * Leaves no rows behind.
	 */
	protected function tear_down() {
		$this->release_mails();
		self::reset_usage();
		parent::tear_down();
	}

	/**
	 * Adds spend today.
	 *
	 * @param int $micros Micro-dollars.
	 */
	private static function spend( $micros ) {
		self::kg( 'usage' )->add( wp_date( 'Y-m-d' ), 'gpt-4o-mini', 'core', array( 'cost_micros' => $micros ) );
	}

	/**
	 * Each threshold alerts once per period; a jump past several sends one message for the highest.
	 */
	public function test_each_threshold_alerts_once() {
		self::limit( array( 'monthly_budget_usd' => 2 ) );
		$alerts = self::kg( 'alerts' );
		self::spend( 900000 );
		$this->assertSame( array(), $alerts->check( time() ), 'below 50 %: nothing' );
		self::spend( 200000 );
		$alerts->check( time() );
		$alerts->check( time() );
		$this->assertCount( 1, $this->mails, 'once, however often checked' );
		$this->assertSame( get_option( 'admin_email' ), $this->mails[0]['to'] );
		$this->assertStringContainsString( '50%', $this->mails[0]['subject'] );
		$this->assertStringContainsString( '$2.00', $this->mails[0]['subject'] );
		$this->assertStringContainsString( 'monthly', $this->mails[0]['subject'] );
		self::spend( 1000000 );
		$alerts->check( time() );
		$this->assertCount( 2, $this->mails, 'one message for 80 % and 100 % crossed together' );
		$this->assertStringContainsString( '100%', $this->mails[1]['subject'] );
		$alerts->check( time() );
		$this->assertCount( 2, $this->mails );
	}

	/**
	 * The daily budget alerts too, for its own period.
	 */
	public function test_daily_budget_alerts() {
		self::limit( array( 'daily_budget_usd' => 0.1 ) );
		self::spend( 85000 );
		$sent = self::kg( 'alerts' )->check( time() );
		$this->assertSame( 'daily', $sent[0]['kind'] );
		$this->assertSame( 80, $sent[0]['threshold'] );
		$this->assertSame( wp_date( 'Y-m-d' ), $sent[0]['period'] );
		$this->assertStringContainsString( 'daily', $this->mails[0]['subject'] );
	}

	/**
	 * A filter adds a channel (and can remove the email).
	 */
	public function test_a_filter_adds_channels() {
		$slack   = array();
		$channel = static function ( $channels ) use ( &$slack ) {
			unset( $channels['email'] );
			$channels['slack'] = static function ( $alert ) use ( &$slack ) {
				$slack[] = $alert['subject'];
			};
			return $channels;
		};
		add_filter( 'key_guard_spend_alert_channels', $channel );
		self::limit( array( 'monthly_budget_usd' => 1 ) );
		self::spend( 600000 );
		self::kg( 'alerts' )->check( time() );
		remove_filter( 'key_guard_spend_alert_channels', $channel );
		$this->assertCount( 1, $slack );
		$this->assertStringContainsString( '50%', $slack[0] );
		$this->assertSame( array(), $this->mails );
	}

	/**
	 * A real request that crosses a threshold alerts from the meter itself.
	 */
	public function test_a_request_crossing_a_threshold_alerts() {
		self::limit( array( 'monthly_budget_usd' => 1 ) );
		self::spend( 499999 );
		$this->assertSame( array(), self::kg( 'alerts' )->check( time() ) );
		self::post_openai(
			array(
				'model'             => 'gpt-4o',
				'input'             => 'x',
				'max_output_tokens' => 16,
			)
		);
		$this->assertCount( 1, $this->mails );
	}

	/**
	 * The notice shows to administrators for the current period until they dismiss it.
	 */
	public function test_the_notice() {
		self::limit( array( 'monthly_budget_usd' => 1 ) );
		self::spend( 800000 );
		self::kg( 'alerts' )->check( time() );
		$show = static function () {
			ob_start();
			self::kg( 'alert_notice' )->show();
			return (string) ob_get_clean();
		};
		$this->assertSame( '', $show(), 'nobody logged in' );
		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertStringContainsString( '80%', $show() );
		update_user_meta( get_current_user_id(), \Key_Guard\Usage\Spend_Alert_Notice::DISMISSED_META, 'monthly:' . wp_date( 'Y-m' ) . ':80' );
		$this->assertSame( '', $show(), 'dismissed' );
		delete_user_meta( get_current_user_id(), \Key_Guard\Usage\Spend_Alert_Notice::DISMISSED_META );
	}

	/**
	 * A budget raised within the period alerts again at its own thresholds.
	 */
	public function test_a_raised_budget_alerts_again() {
		self::limit( array( 'monthly_budget_usd' => 1 ) );
		self::spend( 1000000 );
		self::kg( 'alerts' )->check( time() );
		$this->assertCount( 1, $this->mails );
		self::limit( array( 'monthly_budget_usd' => 2 ) );
		self::kg( 'alerts' )->check( time() );
		$this->assertCount( 2, $this->mails, '50 % of the new budget' );
		$this->assertStringContainsString( '$2.00', $this->mails[1]['subject'] );
	}
}
