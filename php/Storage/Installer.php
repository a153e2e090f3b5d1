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
	 * Gives the plugin's own tables, made (and updated) on every new version; asked for only when
	 * they are needed, so the check on every request makes none of them.
	 *
	 * @var callable(): Custom_Table[]
	 */
	private $tables;

	/**
	 * Keeps the upgrade steps.
	 *
	 * @param callable[] $steps  What to run once per new version (e.g. encrypt a plaintext row).
	 * @param callable   $tables Gives the plugin's tables (Custom_Table[]), installed before the steps run.
	 */
	public function __construct( array $steps, callable $tables ) {
		$this->steps  = $steps;
		$this->tables = $tables;
	}

	/**
	 * The names of the plugin's tables on the current site.
	 *
	 * @since 0.5.0
	 *
	 * @return string[]
	 */
	public function tables() {
		return array_map(
			static function ( Custom_Table $table ) {
				return $table->name();
			},
			( $this->tables )()
		);
	}

	/**
	 * Whether this site's data and tables are of this version (one autoloaded option compared).
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public static function is_current() {
		return get_option( self::VERSION_OPTION ) === KEY_GUARD_VERSION;
	}

	/**
	 * Runs the steps on this site when its data is from another version.
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function upgrade() {
		if ( self::is_current() ) {
			return;
		}
		$this->install();
	}

	/**
	 * Runs the steps on this site and records the version (activation runs it whatever the version).
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function install() {
		foreach ( ( $this->tables )() as $table ) {
			$table->install();
		}
		foreach ( $this->steps as $step ) {
			$step();
		}
		update_option( self::VERSION_OPTION, KEY_GUARD_VERSION, true );
	}
}
