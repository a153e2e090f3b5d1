<?php
/**
 * Running a task on the right site of a network.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Lifecycle;

/**
 * Each site of a network has its own copy of the key option: these helpers run a task on each site,
 * or later on the site that is current now.
 *
 * @since 0.4.0
 */
final class Sites {

	/**
	 * Runs a task on this site, or on every site of the current network when (de)activated network-wide.
	 *
	 * @since 0.3.0
	 *
	 * @param bool     $network_wide Whether the plugin is (de)activated for the whole network.
	 * @param callable $task         What to do on each site.
	 * @return void
	 */
	public static function on_each_site( $network_wide, callable $task ) {
		if ( ! $network_wide || ! is_multisite() ) {
			$task();
			return;
		}
		foreach ( get_sites(
			array(
				'fields'     => 'ids',
				'number'     => 0,
				'network_id' => get_current_network_id(),
			)
		) as $site_id ) {
			switch_to_blog( (int) $site_id );
			try {
				$task();
			} finally {
				restore_current_blog();
			}
		}
	}

	/**
	 * Runs a task at shutdown on the site that is current now (a request may switch sites).
	 *
	 * @since 0.3.0
	 *
	 * @param callable $task What to do.
	 * @return \Closure The shutdown callback added.
	 */
	public static function at_shutdown_on_this_site( callable $task ) {
		$site_id  = get_current_blog_id();
		$callback = static function () use ( $task, $site_id ) {
			self::on_site( $site_id, $task );
		};
		add_action( 'shutdown', $callback );
		return $callback;
	}

	/**
	 * Does a task on a site of the network (switched to it and back, even when the task throws);
	 * at once on a single site or when already there.
	 *
	 * @since 0.5.0
	 *
	 * @param int      $site_id The site.
	 * @param callable $task    What to do.
	 * @return void
	 */
	public static function on_site( $site_id, callable $task ) {
		$switch = is_multisite() && get_current_blog_id() !== (int) $site_id;
		if ( $switch ) {
			switch_to_blog( (int) $site_id );
		}
		try {
			$task();
		} finally {
			if ( $switch ) {
				restore_current_blog();
			}
		}
	}
}
