<?php
/**
 * The wp key-guard commands.
 *
 * @package Key_Guard
 */

namespace Key_Guard\CLI;

use WP_CLI;

/**
 * Registers wp key-guard (status, set, delete, test) and its usage, limits and callers
 * commands, when WP-CLI runs (cli_init).
 *
 * @since 0.5.0
 */
final class Commands {

	/**
	 * The key's commands.
	 *
	 * @var Key_Command
	 */
	private $key;

	/**
	 * The usage guard's commands.
	 *
	 * @var Usage_Command
	 */
	private $usage;

	/**
	 * Keeps the commands.
	 *
	 * @param Key_Command   $key   The key's commands.
	 * @param Usage_Command $usage The usage guard's commands.
	 */
	public function __construct( Key_Command $key, Usage_Command $usage ) {
		$this->key   = $key;
		$this->usage = $usage;
	}

	/**
	 * Registers them.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function register() {
		WP_CLI::add_command( 'key-guard', $this->key );
		foreach ( array( 'usage', 'limits', 'callers' ) as $command ) {
			WP_CLI::add_command( "key-guard {$command}", array( $this->usage, $command ) );
		}
	}
}
