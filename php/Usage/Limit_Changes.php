<?php
/**
 * The limits' counts when the limits change.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

/**
 * Watches the limits change (Limits::OPTION): a limit turned on counts again from the day counts.
 *
 * @since 0.5.0
 */
final class Limit_Changes {

	/**
	 * What each limit has used.
	 *
	 * @var Quota_Table
	 */
	private $quota;

	/**
	 * Keeps the counts.
	 *
	 * @param Quota_Table $quota What each limit has used.
	 */
	public function __construct( Quota_Table $quota ) {
		$this->quota = $quota;
	}

	/**
	 * The limits saved for the first time: every limit turned on counts from the day counts.
	 *
	 * @since 0.5.0
	 *
	 * @param string $option The option's name.
	 * @param mixed  $value  The limits saved.
	 * @return void
	 */
	public function limits_added( $option, $value ) {
		$this->limits_changed( array(), $value );
	}

	/**
	 * Forgets the current period's count of each limit that was off and is now on: nothing kept
	 * it while it was off, so its next reservation counts again from the day counts. Limits that
	 * stay on keep their counts (reservations in flight settle against them).
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $old The limits before.
	 * @param mixed $new The limits now.
	 * @return void
	 */
	public function limits_changed( $old, $new ) {
		$old    = Limit_Values::clean( is_array( $old ) ? $old : array() );
		$new    = Limit_Values::clean( is_array( $new ) ? $new : array() );
		$now    = time();
		$rows   = array(
			'requests_per_minute' => array( 'requests', gmdate( 'Y-m-d\TH:i', $now ) ),
			'requests_per_day'    => array( 'requests', wp_date( 'Y-m-d', $now ) ),
			'daily_budget_usd'    => array( 'spend', wp_date( 'Y-m-d', $now ) ),
			'monthly_budget_usd'  => array( 'spend', wp_date( 'Y-m', $now ) ),
		);
		$turned = static function ( $before, $after ) {
			return null === $before && null !== $after;
		};
		foreach ( $rows as $field => list( $name, $period ) ) {
			if ( $turned( $old[ $field ], $new[ $field ] ) ) {
				$this->quota->forget( $name, $period );
			}
		}
		foreach ( $new['callers'] as $id => $limits ) {
			$before = $old['callers'][ $id ] ?? array(
				'requests_per_day'   => null,
				'monthly_budget_usd' => null,
			);
			if ( $turned( $before['requests_per_day'], $limits['requests_per_day'] ) ) {
				$this->quota->forget( 'requests:' . $id, $rows['requests_per_day'][1] );
			}
			if ( $turned( $before['monthly_budget_usd'], $limits['monthly_budget_usd'] ) ) {
				$this->quota->forget( 'spend:' . $id, $rows['monthly_budget_usd'][1] );
			}
		}
	}
}
