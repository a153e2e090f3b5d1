<?php
/**
 * Bringing a site's stored data up to this version of the plugin.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Storage;

/**
 * Keeps the version the site's data was last brought up to, and runs the upgrade steps once per
 * new version, on each site where the plugin runs.
 *
 * @since 0.4.0
 */
final class Installer {

	/** The version of the plugin the site's data matches (autoloaded: read on admin requests). */
	const VERSION_OPTION = 'key_guard_version';

	/**
	 * The upgrade steps, run in order.
	 *
	 * @var callable[]
	 */
	private $steps;

	/**
	 * Keeps the upgrade steps.
	 *
	 * @param callable[] $steps What to run once per new version (e.g. encrypt a plaintext row).
	 */
	public function __construct( array $steps ) {
		$this->steps = $steps;
	}

	/**
	 * Runs the steps on this site when its data is from another version.
	 *
	 * @since 0.4.0
	 */
	public function upgrade() {
		if ( get_option( self::VERSION_OPTION ) === KEY_GUARD_VERSION ) {
			return;
		}
		$this->install();
	}

	/**
	 * Runs the steps on this site and records the version (activation runs it whatever the version).
	 *
	 * @since 0.4.0
	 */
	public function install() {
		foreach ( $this->steps as $step ) {
			$step();
		}
		update_option( self::VERSION_OPTION, KEY_GUARD_VERSION, true );
	}
}
