<?php
/**
 * Makes the plugin's collaborators on first use and wires them to WordPress.
 *
 * @package Key_Guard
 */

namespace Key_Guard;

/**
 * Adds every hook, and makes each collaborator once, the first time a hook or a caller needs it
 * (Services holds the recipes); nothing else. A hook calls a stand-in (Lazy_Service) that makes its
 * collaborator on the first call. The services are readable (tests, and the faces added later use
 * the same instances), never replaced.
 *
 * @since 0.1.0
 */
final class Plugin {

	/**
	 * Path of plugin.php.
	 *
	 * @var string
	 */
	private $file;

	/**
	 * How each collaborator is made, by name.
	 *
	 * @var array<string, callable(Plugin): mixed>
	 */
	private $recipes;

	/**
	 * The collaborators made so far, by name.
	 *
	 * @var array<string, mixed>
	 */
	private $services = array();

	/**
	 * The stand-ins hooks call, by collaborator name.
	 *
	 * @var array<string, Lazy_Service>
	 */
	private $stand_ins = array();

	/**
	 * The capability that lets a user see and manage the key: manage_options on a single site; on
	 * multisite, where a site administrator may be a stranger to whoever pays for the key, only
	 * network administrators (manage_network_options).
	 *
	 * @since 0.3.0
	 *
	 * @return string
	 */
	public static function capability() {
		$capability = is_multisite() ? 'manage_network_options' : 'manage_options';
		/**
		 * Filters the capability needed to see, change and test the OpenAI key.
		 *
		 * @since 0.3.0
		 *
		 * @param string $capability manage_options, or manage_network_options on multisite.
		 */
		$filtered = apply_filters( 'key_guard_capability', $capability );
		return is_string( $filtered ) && '' !== $filtered ? $filtered : $capability;
	}

	/**
	 * Keeps the recipes; makes nothing, no side effects (no hooks, no reads).
	 *
	 * @param string $file Path of plugin.php.
	 */
	public function __construct( $file ) {
		$this->file    = $file;
		$this->recipes = Services::recipes( $file );
	}

	/**
	 * Adds every action and filter (Hooks), and the REST routes when the REST API starts.
	 *
	 * @since 0.1.0
	 *
	 * @return void
	 */
	public function add_hooks() {
		Hooks::add( array( $this, 'callback' ), $this->file );
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	/**
	 * Adds the REST routes, each calling a stand-in: a controller (and what it needs) is made only
	 * when one of its routes is dispatched, never for another plugin's route.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function register_routes() {
		foreach ( Services::ROUTES as $name => $controller ) {
			$controller::register_routes(
				function ( $method ) use ( $name ) {
					return $this->callback( $name, $method );
				}
			);
		}
	}

	/**
	 * What a hook calls to reach a collaborator's method: the same callable every time, so it can
	 * be found and removed (remove_filter( 'pre_http_request', key_guard()->callback( 'meter',
	 * 'decide' ), PHP_INT_MAX )); the collaborator is made on the first call.
	 *
	 * @since 0.5.0
	 *
	 * @param string $name   The collaborator's name.
	 * @param string $method Its method.
	 * @return array{0: Lazy_Service, 1: string}
	 */
	public function callback( $name, $method ) {
		if ( ! isset( $this->stand_ins[ $name ] ) ) {
			$this->stand_ins[ $name ] = new Lazy_Service( $this, $name );
		}
		return array( $this->stand_ins[ $name ], $method );
	}

	/**
	 * One collaborator of the graph, by name (the keys of Services::recipes()), made on first use:
	 * the very instance the hooks call, for tests and the faces that come later.
	 *
	 * @since 0.4.0
	 *
	 * @param string $name The collaborator's name.
	 * @return mixed
	 * @throws \InvalidArgumentException For a name the graph does not hold.
	 */
	public function get( $name ) {
		if ( ! array_key_exists( $name, $this->services ) ) {
			if ( ! isset( $this->recipes[ $name ] ) ) {
				throw new \InvalidArgumentException( esc_html( "No collaborator named $name." ) );
			}
			$this->services[ $name ] = ( $this->recipes[ $name ] )( $this );
		}
		return $this->services[ $name ];
	}
}
