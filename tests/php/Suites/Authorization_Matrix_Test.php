<?php
/**
 * Who may do what: every key-guard/v1 route and method, every role, on a single site and a network.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Admin\Assets;
use Key_Guard\Admin\Settings_Page;
use Key_Guard\Audit\Rotation_Advice;
use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;
use Key_Guard\Plugin;
use Key_Guard\REST\Controller;
use RuntimeException;
use WP_REST_Server;

/**
 * The matrix is read from the REST server, so a route added later is covered without editing this
 * file: anonymous → 401, logged in without Plugin::capability() → 403, both `rest_forbidden` with
 * nothing stored changed; the key's managers get an answer. The settings page and the notice's
 * dismiss action follow the same rule.
 */
final class Authorization_Matrix_Test extends TestCase {

	/** Routes and methods that must be there, so an empty enumeration cannot pass. */
	const MINIMUM = array( 'GET /key', 'POST /key', 'DELETE /key', 'POST /key/confirm', 'GET /audit', 'POST /test' );

	/** Tried in turn for a URL parameter such as (?P<environment>[a-z]+); the first it accepts is used. */
	const URL_VALUES = array( 'staging', 'production', '1' );

	/** Logins of the users this class makes, by role label. */
	const LOGINS = array(
		'site administrator'      => 'kg_matrix_site_admin',
		'administrator of site 2' => 'kg_matrix_site2_admin',
		'super admin'             => 'kg_matrix_super_admin',
	);

	/**
	 * The stored rows each blog had after set_up(), restored in tear_down().
	 *
	 * @var array<int, array<string, string|null>>
	 */
	private $initial = array();

	/**
	 * Remembers the stored rows of every blog the matrix writes to.
	 */
	protected function set_up() {
		parent::set_up();
		foreach ( array_unique( wp_list_pluck( self::roles(), 'blog' ) ) as $blog ) {
			$this->initial[ $blog ] = self::on_blog( $blog, array( __CLASS__, 'stored' ) );
		}
	}

	/**
	 * Puts every blog's rows back: the seeds and the allowed cells wrote keys, metadata and events.
	 */
	protected function tear_down() {
		wp_set_current_user( 0 );
		foreach ( $this->initial as $blog => $initial ) {
			self::on_blog(
				$blog,
				static function () use ( $initial ) {
					self::restore( $initial );
				}
			);
		}
		parent::tear_down();
	}

	/**
	 * The roles of the matrix: where each acts and whether it manages the key.
	 *
	 * On a network only super admins manage the key, on any site; a site's own administrators do not.
	 *
	 * @return array<string, array{blog: int, allowed: bool}>
	 */
	private static function roles() {
		$roles = array( 'anonymous' => false );
		foreach ( array( 'subscriber', 'contributor', 'author', 'editor' ) as $role ) {
			$roles[ $role ] = false;
		}
		if ( is_multisite() ) {
			$roles += array(
				'site administrator'      => false,
				'administrator of site 2' => false,
				'super admin'             => true,
				'super admin on site 2'   => true,
			);
		} else {
			$roles['administrator'] = true;
		}
		$out = array();
		foreach ( $roles as $role => $allowed ) {
			$out[ $role ] = array(
				'blog'    => false !== strpos( $role, 'site 2' ) ? self::second_site() : get_main_site_id(),
				'allowed' => $allowed,
			);
		}
		return $out;
	}

	/**
	 * Every method of every route under key-guard/v1, with a URL and a body valid for it.
	 *
	 * The namespace index (GET /key-guard/v1) is core's public description of the routes and is left out.
	 *
	 * @return array<string, array{method: string, route: string, body: array|null}> By "METHOD /route".
	 */
	private static function endpoints() {
		$namespace = '/' . Controller::NAMESPACE;
		$out       = array();
		foreach ( rest_get_server()->get_routes( Controller::NAMESPACE ) as $pattern => $handlers ) {
			if ( $namespace === $pattern ) {
				continue;
			}
			$route = substr( self::concrete( $pattern ), strlen( $namespace ) );
			foreach ( $handlers as $handler ) {
				foreach ( array_keys( array_filter( $handler['methods'] ) ) as $method ) {
					$out[ "$method $route" ] = array(
						'method' => $method,
						'route'  => $route,
						'body'   => self::body( $method, $pattern, $handler['args'] ),
					);
				}
			}
		}
		return $out;
	}

	/**
	 * A route pattern with each named URL parameter replaced by a value it accepts.
	 *
	 * @throws RuntimeException When no value in URL_VALUES fits a parameter.
	 *
	 * @param string $pattern Route pattern, e.g. /key-guard/v1/environments/(?P<environment>[a-z]+).
	 * @return string
	 */
	private static function concrete( $pattern ) {
		$route = preg_replace_callback(
			'#\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)#',
			static function ( $group ) use ( $pattern ) {
				foreach ( self::URL_VALUES as $value ) {
					if ( preg_match( '#^(?:' . $group[2] . ')$#', $value ) ) {
						return $value;
					}
				}
				throw new RuntimeException( "No value in URL_VALUES fits {$group[1]} of $pattern: add one." );
			},
			$pattern
		);
		if ( ! preg_match( '@^' . $pattern . '$@i', $route ) ) {
			throw new RuntimeException( "$route does not match its own route $pattern." );
		}
		return $route;
	}

	/**
	 * A body that passes the route's schema, so a refusal can only come from the permission check
	 * (the REST server validates arguments before it asks for permission).
	 *
	 * The key is well formed; its simulator scenario (invalid_key) answers at once, so an allowed
	 * POST /test involves no slow network.
	 *
	 * @throws RuntimeException When the route requires an argument this method has no value for.
	 *
	 * @param string $method  HTTP method.
	 * @param string $pattern Route pattern.
	 * @param array  $args    The handler's arguments.
	 * @return array|null
	 */
	private static function body( $method, $pattern, array $args ) {
		$body = array();
		foreach ( $args as $name => $arg ) {
			if ( 'key' === $name ) {
				$body['key'] = Sim_Keys::key( 'invalid_key', 'matrix' );
			} elseif ( ! empty( $arg['required'] ) && false === strpos( $pattern, "(?P<$name>" ) ) {
				throw new RuntimeException( "$method $pattern requires '$name': give it a valid value in " . __METHOD__ . '.' );
			}
		}
		return in_array( $method, array( 'GET', 'HEAD', 'DELETE' ), true ) ? null : $body;
	}

	/**
	 * One REST cell per endpoint and role.
	 *
	 * @return array<string, array{0: string, 1: string, 2: array|null, 3: string}>
	 */
	public function rest_cells() {
		$cells = array();
		foreach ( self::endpoints() as $name => $endpoint ) {
			foreach ( array_keys( self::roles() ) as $role ) {
				$cells[ "$name as $role" ] = array( $endpoint['method'], $endpoint['route'], $endpoint['body'], $role );
			}
		}
		return $cells;
	}

	/**
	 * One cell per role, for the checks outside the REST API.
	 *
	 * @return array<string, array{0: string}>
	 */
	public function role_cells() {
		$cells = array();
		foreach ( array_keys( self::roles() ) as $role ) {
			$cells[ $role ] = array( $role );
		}
		return $cells;
	}

	/**
	 * The capability is manage_options on a single site and manage_network_options on a network.
	 */
	public function test_capability_contract() {
		$this->assertSame( is_multisite() ? 'manage_network_options' : 'manage_options', Plugin::capability() );
	}

	/**
	 * The enumeration holds the known routes, and the matrix has every cell it should.
	 */
	public function test_matrix_is_complete() {
		$endpoints = self::endpoints();
		foreach ( self::MINIMUM as $name ) {
			$this->assertArrayHasKey( $name, $endpoints, 'the REST server no longer has ' . $name );
		}
		$roles = count( self::roles() );
		$cells = count( $this->rest_cells() );
		$this->assertSame( is_multisite() ? 9 : 6, $roles, 'roles in the matrix' );
		$this->assertSame( count( $endpoints ) * $roles, $cells, 'a REST cell per endpoint and role' );
		$this->assertGreaterThanOrEqual( count( self::MINIMUM ) * $roles, $cells, 'REST cells' );
		$this->assertCount( $roles, $this->role_cells(), 'a settings page and a dismiss cell per role' );
	}

	/**
	 * Each REST cell: a refusal with the right status and code that changes nothing stored, or,
	 * for the key's managers, an answer.
	 *
	 * @dataProvider rest_cells
	 *
	 * @param string     $method HTTP method.
	 * @param string     $route  Route below key-guard/v1.
	 * @param array|null $body   JSON body.
	 * @param string     $role   Role label.
	 */
	public function test_rest_cell( $method, $route, $body, $role ) {
		$cell = self::roles()[ $role ];
		$user = self::actor( $role );
		self::on_blog(
			$cell['blog'],
			function () use ( $method, $route, $body, $role, $cell, $user ) {
				self::seed();
				$before = self::stored();
				wp_set_current_user( $user );
				$response = self::rest( $method, $route, $body );
				wp_set_current_user( 0 );
				$status = $response->get_status();
				$data   = $response->get_data();
				$what   = "$method $route as $role: " . wp_json_encode( $data );

				if ( ! $cell['allowed'] ) {
					$this->assertSame( 0 === $user ? 401 : 403, $status, $what );
					$this->assertSame( 'rest_forbidden', $data['code'], $what );
					$this->assertSame( $before, self::stored(), "$method $route as $role changed what is stored" );
					return;
				}
				$this->assertNotContains( $status, array( 401, 403 ), $what );
				$this->assertLessThan( 500, $status, $what );
				if ( 'GET' === $method ) {
					$this->assertSame( 200, $status, $what );
				}
				if ( 'GET /key' === "$method $route" ) {
					$this->assertTrue( $data['configured'], $what );
				}
			}
		);
	}

	/**
	 * Settings → OpenAI key is added for the key's managers only, with Plugin::capability().
	 *
	 * @dataProvider role_cells
	 *
	 * @param string $role Role label.
	 */
	public function test_settings_page_cell( $role ) {
		global $submenu, $_wp_submenu_nopriv, $_registered_pages;
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$cell  = self::roles()[ $role ];
		$user  = self::actor( $role );
		$saved = array( $submenu, $_wp_submenu_nopriv, $_registered_pages );
		$hook  = get_plugin_page_hookname( Settings_Page::SLUG, 'options-general.php' );
		$page  = new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) );
		// Another suite may have added the page for an administrator already: start without it.
		unset( $_registered_pages[ $hook ] );
		self::on_blog(
			$cell['blog'],
			static function () use ( $user, $page ) {
				wp_set_current_user( $user );
				$page->add_page();
				wp_set_current_user( 0 );
			}
		);
		$registered = ! empty( $_registered_pages[ $hook ] );
		$entry      = wp_list_filter( isset( $submenu['options-general.php'] ) ? $submenu['options-general.php'] : array(), array( 2 => Settings_Page::SLUG ) );
		list( $submenu, $_wp_submenu_nopriv, $_registered_pages ) = $saved; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- puts the menu back as it was.
		remove_action( 'load-' . $hook, array( $page, 'load' ) );

		$this->assertSame( $cell['allowed'], user_can( $user, Plugin::capability() ), $role );
		$this->assertSame( $cell['allowed'], $registered, "the page for $role" );
		if ( $cell['allowed'] ) {
			$this->assertSame( Plugin::capability(), reset( $entry )[1] );
		}
	}

	/**
	 * The rotation notice's dismiss action (admin-post.php?action=key_guard_dismiss) refuses a
	 * valid nonce from anyone who cannot manage the key.
	 *
	 * @dataProvider role_cells
	 *
	 * @param string $role Role label.
	 */
	public function test_dismiss_action_cell( $role ) {
		$cell = self::roles()[ $role ];
		$user = self::actor( $role );
		if ( 0 === $user ) {
			$this->assertFalse( has_action( 'admin_post_nopriv_key_guard_dismiss' ), 'admin-post.php runs admin_post_nopriv_* for visitors: nothing of ours may listen' );
			return;
		}
		$outcome = self::on_blog(
			$cell['blog'],
			static function () use ( $user ) {
				$nonce = null;
				$throw = static function ( $message, $title = '', $args = array() ) {
					throw new RuntimeException( 'died ' . ( isset( $args['response'] ) ? $args['response'] : 500 ) );
				};
				$die   = static function () use ( $throw ) {
					return $throw;
				};
				$check = static function ( $action, $result ) use ( &$nonce ) {
					$nonce = $result;
				};
				$stop  = static function () {
					throw new RuntimeException( 'redirected' );
				};
				$dies  = array( 'wp_die_handler', 'wp_die_ajax_handler', 'wp_die_json_handler', 'wp_die_jsonp_handler', 'wp_die_xml_handler', 'wp_die_xmlrpc_handler' );
				foreach ( $dies as $filter ) {
					add_filter( $filter, $die );
				}
				add_action( 'check_admin_referer', $check, 10, 2 );
				add_filter( 'wp_redirect', $stop );
				wp_set_current_user( $user );
				$_REQUEST['_wpnonce'] = wp_create_nonce( 'key_guard_dismiss' );
				$_GET['notice']       = 'key_old';
				try {
					do_action( 'admin_post_key_guard_dismiss' ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's admin-post.php hook for our action.
					$outcome = 'returned';
				} catch ( RuntimeException $stopped ) {
					$outcome = $stopped->getMessage();
				}
				unset( $_REQUEST['_wpnonce'], $_GET['notice'] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- clean-up, not a read.
				wp_set_current_user( 0 );
				foreach ( $dies as $filter ) {
					remove_filter( $filter, $die );
				}
				remove_action( 'check_admin_referer', $check, 10 );
				remove_filter( 'wp_redirect', $stop );
				return array( $outcome, $nonce );
			}
		);
		$this->assertNotEmpty( $outcome[1], "the nonce of $role was valid, so only the capability decides" );
		$this->assertSame( $cell['allowed'] ? 'redirected' : 'died 403', $outcome[0], $role );
		if ( ! $cell['allowed'] ) {
			$this->assertSame( '', get_user_meta( $user, Rotation_Advice::DISMISSED_META, true ) );
		}
	}

	/**
	 * On a network the key belongs to each site: a super admin saving it on site 2 leaves site 1's.
	 *
	 * @group multisite
	 */
	public function test_key_is_per_site() {
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Multisite only: run on the network site (scripts/test.sh does).' );
		}
		$site2 = self::second_site();
		self::seed();
		$before = self::stored();
		$key    = Sim_Keys::key( 'ok', 'site2' );
		$saved  = self::on_blog(
			$site2,
			static function () use ( $key ) {
				wp_set_current_user( self::actor( 'super admin on site 2' ) );
				$response = self::rest( 'POST', '/key', array( 'key' => $key ) );
				wp_set_current_user( 0 );
				return array( $response->get_status(), get_option( Key_Store::OPTION ) );
			}
		);
		$this->assertSame( array( 200, $key ), $saved );
		$this->assertSame( $before, self::stored(), 'site 1 is as it was' );
		$this->assertNotSame( $key, get_option( Key_Store::OPTION ) );
	}

	/**
	 * The user for a role label: 0 when logged out; on a network, users of our own for the site
	 * administrators and the super admin (TestCase::user( 'administrator' ) is a super admin there).
	 *
	 * @param string $role Role label.
	 * @return int
	 */
	private static function actor( $role ) {
		if ( 'anonymous' === $role ) {
			return 0;
		}
		$role = str_replace( ' on site 2', '', $role );
		if ( ! isset( self::LOGINS[ $role ] ) ) {
			return self::user( $role );
		}
		$user = get_user_by( 'login', self::LOGINS[ $role ] );
		if ( ! $user ) {
			$blog = 'administrator of site 2' === $role ? self::second_site() : get_main_site_id();
			$id   = self::on_blog(
				$blog,
				static function () use ( $role ) {
					return wp_insert_user(
						array(
							'user_login' => self::LOGINS[ $role ],
							'user_pass'  => wp_generate_password(),
							'user_email' => self::LOGINS[ $role ] . '@example.test',
							'role'       => 'administrator',
						)
					);
				}
			);
			if ( 'super admin' === $role ) {
				grant_super_admin( $id );
			}
			$user = get_userdata( $id );
		}
		return $user->ID;
	}

	/**
	 * Stores a key through every route that stores one (a POST requiring `key`), as a manager of it,
	 * so that each refusal has something to leave alone.
	 *
	 * @throws RuntimeException When a route refuses the seed, or nothing was stored.
	 */
	private static function seed() {
		$manager = self::actor( is_multisite() ? 'super admin' : 'administrator' );
		wp_set_current_user( $manager );
		foreach ( rest_get_server()->get_routes( Controller::NAMESPACE ) as $pattern => $handlers ) {
			foreach ( $handlers as $handler ) {
				if ( ! empty( $handler['methods'][ WP_REST_Server::CREATABLE ] ) && ! empty( $handler['args']['key']['required'] ) ) {
					$route = substr( self::concrete( $pattern ), strlen( '/' . Controller::NAMESPACE ) );
					// A key of its own per route: one environment's key may not be another's.
					$response = self::rest( 'POST', $route, array( 'key' => Sim_Keys::key( 'ok', 'seed' . md5( $route ) ) ) );
					if ( 200 !== $response->get_status() ) {
						throw new RuntimeException( "Seeding POST $route failed: " . wp_json_encode( $response->get_data() ) );
					}
				}
			}
		}
		wp_set_current_user( 0 );
		$stored = self::stored();
		if ( null === $stored[ Key_Store::OPTION ] || empty( $stored[ Key_Metadata::OPTION ] ) || empty( $stored['key_guard_audit'] ) ) {
			throw new RuntimeException( 'The seed did not store a key, its metadata and an event: ' . wp_json_encode( array_keys( array_filter( $stored ) ) ) );
		}
	}

	/**
	 * Every row the plugin stores on the current blog (the key's row raw, our key_guard_* options),
	 * and on a network our network options, as stored.
	 *
	 * @return array<string, string|null>
	 */
	private static function stored() {
		global $wpdb;
		$like   = $wpdb->esc_like( 'key_guard_' ) . '%';
		$rows   = $wpdb->get_results( $wpdb->prepare( "SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE %s", $like ), ARRAY_A );
		$stored = array( Key_Store::OPTION => self::raw_option() ) + wp_list_pluck( $rows, 'option_value', 'option_name' );
		if ( is_multisite() ) {
			$rows = $wpdb->get_results( $wpdb->prepare( "SELECT meta_key, meta_value FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s", $like ), ARRAY_A );
			foreach ( $rows as $row ) {
				$stored[ 'network:' . $row['meta_key'] ] = $row['meta_value'];
			}
		}
		ksort( $stored );
		return $stored;
	}

	/**
	 * Puts the current blog's rows back as stored() saw them.
	 *
	 * @throws RuntimeException When a network-wide row changed: nothing here may write one.
	 *
	 * @param array<string, string|null> $initial What stored() returned.
	 */
	private static function restore( array $initial ) {
		$now = self::stored();
		foreach ( array_keys( $now + $initial ) as $name ) {
			$was = isset( $initial[ $name ] ) ? $initial[ $name ] : null;
			$is  = isset( $now[ $name ] ) ? $now[ $name ] : null;
			if ( $was === $is ) {
				continue;
			}
			if ( 0 === strpos( $name, 'network:' ) ) {
				throw new RuntimeException( "A test changed the network option $name." );
			}
			if ( null === $was ) {
				delete_option( $name );
			} else {
				update_option( $name, maybe_unserialize( $was ) );
			}
		}
	}

	/**
	 * Runs a callback on a blog of the network (or the single site) and returns what it returned.
	 *
	 * @param int      $blog     Blog ID.
	 * @param callable $callback What to run.
	 * @return mixed
	 */
	private static function on_blog( $blog, callable $callback ) {
		$switch = is_multisite() && get_current_blog_id() !== (int) $blog;
		if ( $switch ) {
			switch_to_blog( (int) $blog );
		}
		try {
			return $callback();
		} finally {
			if ( $switch ) {
				restore_current_blog();
			}
		}
	}

	/**
	 * The network's second site (scripts/make-site.mjs --multisite makes it at /site2/).
	 *
	 * @throws RuntimeException When the network has a single site.
	 *
	 * @return int
	 */
	private static function second_site() {
		$ids = get_sites(
			array(
				'fields'       => 'ids',
				'site__not_in' => array( get_main_site_id() ),
				'number'       => 1,
			)
		);
		if ( ! $ids ) {
			throw new RuntimeException( 'The network has one site: the matrix needs a second (scripts/make-site.mjs --multisite makes it).' );
		}
		return (int) $ids[0];
	}
}
