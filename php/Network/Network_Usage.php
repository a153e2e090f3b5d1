<?php
/**
 * What the sites of a network used, together.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Network;

use Key_Guard\Lifecycle\Sites;
use Key_Guard\Usage\Usage_Table;

/**
 * Reads each site's day counts for a period, for the network view (total and per site) and as the
 * starting point of the network-wide monthly budget. Sites where the plugin never ran (no table)
 * count nothing. Reads only.
 *
 * @since 0.5.0
 *
 * @phpstan-type SiteUsage array{site_id: int, name: string, url: string, requests: int, blocked: int, input_tokens: int, output_tokens: int, cost_usd: float}
 */
final class Network_Usage {

	/** Most sites read for one view; a larger network is read in pages. */
	const PAGE = 500;

	/** The counts read for each site. */
	const COUNTERS = array( 'requests', 'blocked', 'input_tokens', 'output_tokens', 'cost_micros' );

	/**
	 * The day counts, of whichever site is current.
	 *
	 * @var Usage_Table
	 */
	private $usage;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Usage_Table $usage The day counts.
	 */
	public function __construct( Usage_Table $usage ) {
		$this->usage = $usage;
	}

	/**
	 * What each site of this network used between two days (Y-m-d, inclusive), by page of sites,
	 * and the total of every site.
	 *
	 * @since 0.5.0
	 *
	 * @param string $from First day.
	 * @param string $to   Last day.
	 * @param int    $page Which page of sites (1 first).
	 * @return array{from: string, to: string, total: array{requests: int, blocked: int, input_tokens: int, output_tokens: int, cost_usd: float}, sites: array<int, SiteUsage>, site_count: int, page: int, pages: int}
	 */
	public function report( $from, $to, $page = 1 ) {
		$count = $this->site_count();
		$pages = max( 1, (int) ceil( $count / self::PAGE ) );
		$page  = min( max( 1, (int) $page ), $pages );
		$total = array_fill_keys( self::COUNTERS, 0 );
		$sites = array();
		$shown = array();
		for ( $each = 1; $each <= $pages; $each++ ) { // The total is every site's, whichever page is shown.
			foreach ( $this->site_ids( $each ) as $site_id ) {
				$counts = $this->counts_of( $site_id, $from, $to );
				foreach ( self::COUNTERS as $counter ) {
					$total[ $counter ] += $counts[ $counter ];
				}
				if ( $each === $page ) {
					$shown[ $site_id ] = $counts;
				}
			}
		}
		foreach ( $shown as $site_id => $counts ) {
			$site    = get_site( $site_id );
			$sites[] = array(
				'site_id'       => $site_id,
				'name'          => $site ? (string) $site->blogname : '',
				'url'           => $site ? untrailingslashit( (string) $site->home ) : '',
				'requests'      => $counts['requests'],
				'blocked'       => $counts['blocked'],
				'input_tokens'  => $counts['input_tokens'],
				'output_tokens' => $counts['output_tokens'],
				'cost_usd'      => $counts['cost_micros'] / 1000000,
			);
		}
		$total['cost_usd'] = $total['cost_micros'] / 1000000;
		unset( $total['cost_micros'] );
		return array(
			'from'       => $from,
			'to'         => $to,
			'total'      => $total,
			'sites'      => $sites,
			'site_count' => $count,
			'page'       => $page,
			'pages'      => $pages,
		);
	}

	/**
	 * What every site of this network spent between two days, micro-dollars: where the
	 * network-wide budget starts when its row for the month is made.
	 *
	 * @since 0.5.0
	 *
	 * @param string $from First day.
	 * @param string $to   Last day.
	 * @return int
	 */
	public function spend_micros( $from, $to ) {
		$spent = 0;
		$pages = max( 1, (int) ceil( $this->site_count() / self::PAGE ) );
		for ( $page = 1; $page <= $pages; $page++ ) {
			foreach ( $this->site_ids( $page ) as $site_id ) {
				$spent += $this->counts_of( $site_id, $from, $to )['cost_micros'];
			}
		}
		return $spent;
	}

	/**
	 * One site's counts; zeros where the plugin has no table.
	 *
	 * @param int    $site_id The site.
	 * @param string $from    First day.
	 * @param string $to      Last day.
	 * @return array<string, int>
	 */
	private function counts_of( $site_id, $from, $to ) {
		$counts = array_fill_keys( self::COUNTERS, 0 );
		Sites::on_site(
			$site_id,
			function () use ( &$counts, $from, $to ) {
				if ( $this->usage->exists() ) {
					$counts = array_intersect_key( $this->usage->sums( $from, $to ), $counts ) + $counts;
				}
			}
		);
		return $counts;
	}

	/**
	 * The sites of this network, by page.
	 *
	 * @param int $page Which page.
	 * @return int[]
	 */
	private function site_ids( $page ) {
		return array_map(
			'intval',
			get_sites(
				array(
					'fields'     => 'ids',
					'number'     => self::PAGE,
					'offset'     => ( $page - 1 ) * self::PAGE,
					'network_id' => get_current_network_id(),
					'orderby'    => 'id',
				)
			)
		);
	}

	/**
	 * How many sites this network has.
	 *
	 * @return int
	 */
	private function site_count() {
		return (int) get_sites(
			array(
				'count'      => true,
				'network_id' => get_current_network_id(),
			)
		);
	}
}
