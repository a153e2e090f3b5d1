<?php
/**
 * What a hook calls in place of a collaborator not made yet.
 *
 * @package Key_Guard
 */

namespace Key_Guard;

/**
 * Stands in for one collaborator in the hooks: the first call makes it (Plugin::get()), and every
 * call goes on to it. So adding the hooks makes nothing, and a page only loads what it uses.
 *
 * @since 0.5.0
 */
final class Lazy_Service {

	/**
	 * Makes and holds the collaborators.
	 *
	 * @var Plugin
	 */
	private $plugin;

	/**
	 * The collaborator's name.
	 *
	 * @var string
	 */
	private $name;

	/**
	 * Keeps which collaborator it stands in for.
	 *
	 * @param Plugin $plugin Makes and holds the collaborators.
	 * @param string $name   The collaborator's name.
	 */
	public function __construct( Plugin $plugin, $name ) {
		$this->plugin = $plugin;
		$this->name   = $name;
	}

	/**
	 * Calls the collaborator's method, making the collaborator first if need be.
	 *
	 * @since 0.5.0
	 *
	 * @param string       $method    The method.
	 * @param array<mixed> $arguments What the hook passed.
	 * @return mixed
	 */
	public function __call( $method, $arguments ) {
		return $this->plugin->get( $this->name )->$method( ...$arguments );
	}
}
