<?php
/**
 * Letting an OpenAI request go, or not, under the site's limits.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

/**
 * Decides each OpenAI request before it is sent. Request caps reserve one request atomically;
 * budgets reserve the request's worst case (its most input and declared output at the dearest
 * price) and are settled to the answer's real cost afterwards, or released when it failed. So
 * parallel requests cannot take the count past a cap, nor the spend past a budget unless an
 * answer costs more than its own request declared (the README explains that case). A request
 * held back by one limit gives back what it reserved under the others.
 *
 * @since 0.5.0
 *
 * @phpstan-import-type LimitSet from Limits
 * @phpstan-type Admission array{limit: string|null, retry_after: int|null, holds: array<int, array{0: string, 1: string, 2: int, 3: bool}>, worst: int}
 */
final class Usage_Guard {

	/** The limits a request can meet, in the order they are checked. */
	const LIMITS = array( 'caller_not_approved', 'requests_per_minute', 'requests_per_day', 'caller_requests_per_day', 'daily_budget', 'monthly_budget', 'caller_monthly_budget', 'network_monthly_budget' );

	/** The quota row of the network-wide monthly budget (in the main site's table), by month in UTC. */
	const NETWORK_SPEND = Quota_Table::NETWORK . 'spend';

	/** The limits of one caller: a blocked request's sentence names the caller. */
	const CALLER_LIMITS = array( 'caller_not_approved', 'caller_requests_per_day', 'caller_monthly_budget' );

	/**
	 * The limits set.
	 *
	 * @var Limits
	 */
	private $limits;

	/**
	 * What each limit has used.
	 *
	 * @var Quota_Table
	 */
	private $quota;

	/**
	 * The day counts (what a period used before its quota row existed).
	 *
	 * @var Usage_Table
	 */
	private $usage;

	/**
	 * The request log (requests this minute before its row existed).
	 *
	 * @var Request_Log
	 */
	private $log;

	/**
	 * The prices.
	 *
	 * @var Price_Table
	 */
	private $prices;

	/**
	 * On a network: gives the network-wide monthly budget in US dollars (null for none) and what
	 * the network's sites spent between two days, micro-dollars; null on a single site.
	 *
	 * @var array{budget: callable(): (float|null), spent: callable(string, string): int}|null
	 */
	private $network;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Limits      $limits The limits set.
	 * @param Quota_Table $quota  What each limit has used.
	 * @param Usage_Table $usage  The day counts.
	 * @param Request_Log $log    The request log.
	 * @param Price_Table $prices The prices.
	 * @param array|null  $network On a network, budget and spent (callables); null on a single site.
	 *
	 * @phpstan-param array{budget: callable(): (float|null), spent: callable(string, string): int}|null $network
	 */
	public function __construct( Limits $limits, Quota_Table $quota, Usage_Table $usage, Request_Log $log, Price_Table $prices, $network = null ) {
		$this->network = $network;
		$this->limits  = $limits;
		$this->quota   = $quota;
		$this->usage   = $usage;
		$this->log     = $log;
		$this->prices  = $prices;
	}

	/**
	 * Reserves what a request may use under every limit set, or names the limit that holds it
	 * back (and reserves nothing).
	 *
	 * @since 0.5.0
	 *
	 * @param Outgoing_Request $request The request.
	 * @param string           $caller  Its caller id.
	 * @param int              $now     The time (Unix seconds).
	 * @return Admission holds: [name, period, amount, settles], settles for budgets.
	 */
	public function admit( Outgoing_Request $request, $caller, $now ) {
		return $this->pass( $caller, $request->is_billable(), $this->worst( $request ), $now, true );
	}

	/**
	 * Whether a billable request of the caller costing at most $worst micro-dollars would pass
	 * every limit now, reserving nothing: the answer to another plugin's "may I spend?".
	 *
	 * @since 0.5.0
	 *
	 * @param string $caller The caller id.
	 * @param int    $worst  The most the request may cost, micro-dollars (at least 1).
	 * @param int    $now    The time.
	 * @return array{limit: string|null, retry_after: int|null}
	 */
	public function check( $caller, $worst, $now ) {
		$result = $this->pass( $caller, true, max( 1, (int) $worst ), $now, false );
		return array(
			'limit'       => $result['limit'],
			'retry_after' => $result['retry_after'],
		);
	}

	/**
	 * Goes through the limits: approval first, then each limit set, reserving (or, for a check,
	 * only comparing) what the request may use; on the first that holds it back, gives back what
	 * was reserved and names it.
	 *
	 * @param string $caller   The caller id.
	 * @param bool   $billable Whether the request spends.
	 * @param int    $worst    Its worst cost, micro-dollars.
	 * @param int    $now      The time.
	 * @param bool   $reserve  Reserve (admit) or only compare (check).
	 * @return Admission
	 */
	private function pass( $caller, $billable, $worst, $now, $reserve ) {
		$limits = $this->limits->get();
		$own    = $limits['callers'][ $caller ] ?? null;
		$result = array(
			'limit'       => null,
			'retry_after' => null,
			'holds'       => array(),
			'worst'       => $worst,
		);
		// Approval is about spending: free reads (such as core's key check) need none.
		if ( $billable && Limits::is_waiting( $limits, $caller ) ) {
			$result['limit'] = 'caller_not_approved';
			return $result;
		}
		foreach ( $this->wanted( $limits, $own, $caller, (int) $worst, $now ) as $limit => $want ) {
			list( $name, $period, $amount, $cap, $seed, $settles ) = $want;
			if ( $amount <= 0 ) {
				continue;
			}
			$fits = $reserve ? $this->quota->reserve( $name, $period, $amount, $cap, $seed ) : $this->quota->fits( $name, $period, $amount, $cap, $seed );
			if ( ! $fits ) {
				foreach ( $result['holds'] as $hold ) {
					$this->quota->adjust( $hold[0], $hold[1], -$hold[2] );
				}
				$result['holds']       = array();
				$result['limit']       = $limit;
				$result['retry_after'] = $this->retry_after( $limit, $now );
				return $result;
			}
			if ( $reserve ) {
				$result['holds'][] = array( $name, $period, $amount, $settles );
			}
		}
		return $result;
	}

	/**
	 * The most a request can cost, in micro-dollars: 0 for a free read; at least 1 for anything
	 * else, so that a budget used up holds back even a request whose cost cannot be known (an
	 * unpriced model, a stored prompt): it settles to its real (estimated) cost afterwards.
	 *
	 * @param Outgoing_Request $request The request.
	 * @return int
	 */
	private function worst( Outgoing_Request $request ) {
		if ( ! $request->is_billable() ) {
			return 0;
		}
		$ceiling = '' === $request->model ? null : $this->prices->ceiling_micros( $request->model, $request->input_tokens, $request->output_tokens );
		return max( 1, (int) $ceiling );
	}

	/**
	 * Settles a request's budget reservations to its real cost (0 to release them); request
	 * counts stay, since the request left.
	 *
	 * @since 0.5.0
	 *
	 * @param array<int, array{0: string, 1: string, 2: int, 3: bool}> $holds  What admit() reserved.
	 * @param int                                                      $actual The real cost, micro-dollars.
	 * @return void
	 */
	public function settle( array $holds, $actual ) {
		foreach ( $holds as list( $name, $period, $amount, $settles ) ) {
			if ( $settles ) {
				$this->quota->adjust( $name, $period, (int) $actual - $amount );
			}
		}
	}

	/**
	 * The reservations the limits set want, in order: limit => [name, period, amount, cap, seed,
	 * settles]. Budgets are in micro-dollars.
	 *
	 * @param array                                                                                  $limits The limits.
	 * @param array{requests_per_day: int|null, monthly_budget_usd: float|null, approved: bool}|null $own    The caller's own limits.
	 * @param string                                                                                 $caller The caller id.
	 * @param int                                                                                    $worst  The request's worst cost.
	 * @param int                                                                                    $now    The time.
	 * @return array<string, array{0: string, 1: string, 2: int, 3: int, 4: \Closure(): int, 5: bool}>
	 *
	 * @phpstan-param LimitSet $limits
	 */
	private function wanted( array $limits, $own, $caller, $worst, $now ) {
		$day    = wp_date( 'Y-m-d', $now );
		$month  = wp_date( 'Y-m', $now );
		$minute = gmdate( 'Y-m-d\TH:i', $now );
		$first  = $month . '-01';
		$want   = array();
		if ( null !== $limits['requests_per_minute'] ) {
			$want['requests_per_minute'] = array( 'requests', $minute, 1, $limits['requests_per_minute'], fn() => $this->log->sent_since( gmdate( 'Y-m-d H:i:00', $now ) ), false );
		}
		if ( null !== $limits['requests_per_day'] ) {
			$want['requests_per_day'] = array( 'requests', $day, 1, $limits['requests_per_day'], fn() => $this->usage->sum( 'requests', $day, $day ), false );
		}
		if ( null !== ( $own['requests_per_day'] ?? null ) ) {
			$want['caller_requests_per_day'] = array( 'requests:' . $caller, $day, 1, $own['requests_per_day'], fn() => $this->usage->sum( 'requests', $day, $day, $caller ), false );
		}
		if ( null !== $limits['daily_budget_usd'] ) {
			$want['daily_budget'] = array( 'spend', $day, $worst, self::micros( $limits['daily_budget_usd'] ), fn() => $this->usage->sum( 'cost_micros', $day, $day ), true );
		}
		if ( null !== $limits['monthly_budget_usd'] ) {
			$want['monthly_budget'] = array( 'spend', $month, $worst, self::micros( $limits['monthly_budget_usd'] ), fn() => $this->usage->sum( 'cost_micros', $first, $day ), true );
		}
		if ( null !== ( $own['monthly_budget_usd'] ?? null ) ) {
			$want['caller_monthly_budget'] = array( 'spend:' . $caller, $month, $worst, self::micros( $own['monthly_budget_usd'] ), fn() => $this->usage->sum( 'cost_micros', $first, $day, $caller ), true );
		}
		$network = null !== $this->network && is_multisite() ? ( $this->network['budget'] )() : null;
		if ( null !== $network ) {
			// Every site reserves in one row of the main site's table: the budget holds across sites.
			$spent                          = $this->network['spent'];
			$want['network_monthly_budget'] = array( self::NETWORK_SPEND, gmdate( 'Y-m', $now ), $worst, self::micros( $network ), fn() => (int) $spent( gmdate( 'Y-m-01', $now ), gmdate( 'Y-m-d', $now ) ), true );
		}
		return $want;
	}

	/**
	 * Seconds until a limit's period ends (in the site's time zone for days and months); null
	 * when waiting does not help (a caller waiting for approval).
	 *
	 * @param string $limit The limit.
	 * @param int    $now   The time.
	 * @return int|null
	 */
	private function retry_after( $limit, $now ) {
		if ( 'requests_per_minute' === $limit ) {
			return 60 - ( $now % 60 );
		}
		if ( 'caller_not_approved' === $limit ) {
			return null;
		}
		$zone  = wp_timezone();
		$local = ( new \DateTimeImmutable( '@' . $now ) )->setTimezone( $zone );
		if ( 'network_monthly_budget' === $limit ) {
			return max( 1, (int) strtotime( 'first day of next month 00:00 UTC', $now ) - $now );
		}
		$next = in_array( $limit, array( 'monthly_budget', 'caller_monthly_budget' ), true )
			? $local->modify( 'first day of next month' )->setTime( 0, 0 )
			: $local->modify( 'tomorrow' );
		return max( 1, $next->getTimestamp() - $now );
	}

	/**
	 * Dollars in micro-dollars.
	 *
	 * @param float $usd Dollars.
	 * @return int
	 */
	public static function micros( $usd ) {
		return (int) round( (float) $usd * 1000000 );
	}
}
