<?php
/**
 * Every hook the plugin adds, in one place.
 *
 * @package Key_Guard
 */

namespace Key_Guard;

use Key_Guard\Key\Core_Save_Guard;
use Key_Guard\Key\Key_Resolver;

/**
 * The plugin's actions and filters, by capability. Each calls a stand-in (Plugin::callback())
 * that makes its collaborator on the first call, and the names are written out rather than read
 * from the classes' constants: adding the hooks loads this one file and no class it names, so a
 * page that never touches the key, OpenAI or the screen pays for one file (Lazy_Loading_Test
 * holds the names to the constants and lists what a page may load).
 *
 * @since 0.5.0
 */
final class Hooks {

	/**
	 * Core's key option (Key_Resolver::OPTION): read, written and checked through its hooks.
	 */
	const KEY_OPTION = 'connectors_ai_openai_api_key';

	/**
	 * Our options whose writes change what the key option answers (Key_Facts::OPTION,
	 * Environment_Slots::OPTION, Key_Metadata::OPTION).
	 */
	const KEY_STATE_OPTIONS = array( 'key_guard_key_facts', 'key_guard_environment_keys', 'key_guard_key_meta' );

	/**
	 * The network key and the network's settings (Network_Key::OPTION, Network_Settings::OPTION),
	 * whose writes change what a site's key option answers.
	 */
	const NETWORK_OPTIONS = array( 'key_guard_network_key', 'key_guard_network' );

	/**
	 * Adds them.
	 *
	 * @since 0.5.0
	 *
	 * @param callable $on   Gives the callable a hook calls for a collaborator's method (Plugin::callback()).
	 * @param string   $file Path of plugin.php.
	 * @return void
	 */
	public static function add( callable $on, $file ) {
		self::key( $on );
		self::lifecycle( $on, $file );
		self::usage( $on );
		self::admin( $on, $file );
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			add_action( 'cli_init', $on( 'cli', 'register' ) );
		}
	}

	/**
	 * The key option, in the order Key_Option's docblock describes; the facts kept in step with
	 * the metadata and the prepared keys; core's settings route shielded (Core_Save_Guard).
	 *
	 * @param callable $on Gives a hook's callable.
	 * @return void
	 */
	private static function key( callable $on ) {
		$key = self::KEY_OPTION;
		add_action( 'init', array( Key_Resolver::class, 'register_setting' ), 21 );
		add_action( 'admin_init', $on( 'option', 'rewrap_stale' ) );
		add_filter( "pre_option_{$key}", $on( 'option', 'pre_read' ) );
		add_filter( "option_{$key}", $on( 'option', 'read' ), 0 );
		add_filter( "default_option_{$key}", $on( 'option', 'read_default' ), 20 );
		add_filter( "sanitize_option_{$key}", $on( 'writes', 'sanitize' ), PHP_INT_MAX );
		add_action( "update_option_{$key}", $on( 'writes', 'written' ), 0, 2 );
		add_action( "add_option_{$key}", $on( 'writes', 'added' ), 0, 2 );
		add_action( "delete_option_{$key}", $on( 'writes', 'removed' ), 0 );
		// The network key and its settings change what a site's option answers too.
		foreach ( self::NETWORK_OPTIONS as $network ) {
			foreach ( array( 'add', 'update', 'delete' ) as $write ) {
				add_action( "{$write}_site_option_{$network}", $on( 'option', 'forget_answers' ), 10, 0 );
			}
		}
		foreach ( self::KEY_STATE_OPTIONS as $ours ) {
			foreach ( array( 'add', 'update', 'delete' ) as $write ) {
				add_action( "{$write}_option_{$ours}", $on( 'option', 'forget_answers' ) );
				if ( 'key_guard_key_facts' !== $ours ) {
					add_action( "{$write}_option_{$ours}", $on( 'facts', 'refresh' ) );
				}
			}
		}
		// Only a request that saves the key through core's settings route makes the guard, which
		// then follows the rest of that request itself (its later hooks are added then). A closure:
		// the shield of core's save route is not meant to be removed.
		$arm = $on( 'guard', 'arm' );
		add_filter(
			'rest_request_before_callbacks',
			static function ( $response, $handler, $request ) use ( $arm ) {
				return $request instanceof \WP_REST_Request && Core_Save_Guard::submits_key( $request ) ? $arm( $response, $handler, $request ) : $response;
			},
			10,
			3
		);
	}

	/**
	 * Activation, deactivation, upgrades (on init, not admin_init: an update by WP-CLI or
	 * auto-update must not leave OpenAI requests uncounted until someone opens wp-admin), and the
	 * sites of a network.
	 *
	 * @param callable $on   Gives a hook's callable.
	 * @param string   $file Path of plugin.php.
	 * @return void
	 */
	private static function lifecycle( callable $on, $file ) {
		register_activation_hook( $file, $on( 'activation', 'activate' ) );
		register_deactivation_hook( $file, $on( 'activation', 'deactivate' ) );
		add_action( 'init', $on( 'installer', 'upgrade' ), 1 );
		add_action( 'wp_initialize_site', $on( 'activation', 'new_site' ), 200 );
		add_filter( 'wpmu_drop_tables', $on( 'activation', 'site_tables' ) );
	}

	/**
	 * The usage guard: the decision runs last, after any other plugin that answers a request
	 * itself (such a request never leaves the site, so it is not ours to count); the daily
	 * clean-up (Request_Log::CRON); a limit turned on counts again from the day counts
	 * (Limits::OPTION); other plugins' questions (key_guard_may_spend, key_guard_key_state).
	 *
	 * @param callable $on Gives a hook's callable.
	 * @return void
	 */
	private static function usage( callable $on ) {
		add_filter( 'pre_http_request', $on( 'meter', 'decide' ), PHP_INT_MAX, 3 );
		add_action( 'http_api_debug', $on( 'meter', 'account' ), 10, 5 );
		add_action( 'key_guard_prune_requests', $on( 'evidence', 'roll_up' ), 5, 0 ); // Before the log loses a day.
		add_action( 'key_guard_prune_requests', $on( 'requests', 'prune' ) );
		add_action( 'key_guard_prune_requests', $on( 'quota', 'prune' ), 10, 0 );
		add_action( 'add_option_key_guard_limits', $on( 'limit_changes', 'limits_added' ), 10, 2 );
		add_action( 'update_option_key_guard_limits', $on( 'limit_changes', 'limits_changed' ), 10, 2 );
		add_filter( 'key_guard_may_spend', $on( 'spend_question', 'filter_may_spend' ), 10, 2 );
		add_filter( 'key_guard_key_state', $on( 'spend_question', 'filter_key_state' ) );
	}

	/**
	 * The screen, the notices (a site's: the network admin has no screen for a site's key) and
	 * their dismiss actions (Setup_Notice::ACTION, Spend_Alert_Notice::ACTION), the watch on
	 * administrators that advises rotating the key, and Site Health's tests and Info section.
	 *
	 * @param callable $on   Gives a hook's callable.
	 * @param string   $file Path of plugin.php.
	 * @return void
	 */
	private static function admin( callable $on, $file ) {
		add_action( 'admin_menu', $on( 'settings', 'add_page' ) );
		add_action( 'network_admin_menu', $on( 'network_page', 'add_page' ) );
		add_action( 'network_admin_edit_key_guard_network', $on( 'network_page', 'handle' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( $file ), $on( 'settings', 'action_links' ) );
		add_action( 'admin_notices', $on( 'notice', 'show' ) );
		add_action( 'admin_post_key_guard_dismiss_setup', $on( 'notice', 'dismiss' ) );
		add_action( 'delete_user', $on( 'rotation', 'user_removed' ) );
		add_action( 'remove_user_from_blog', $on( 'rotation', 'user_removed' ) );
		add_action( 'set_user_role', $on( 'rotation', 'role_changed' ), 10, 3 );
		add_action( 'wpmu_delete_user', $on( 'rotation', 'user_deleted' ) );
		add_action( 'revoke_super_admin', $on( 'rotation', 'super_admin_revoked' ) );
		add_action( 'admin_notices', $on( 'rotation', 'show_notices' ) );
		add_action( 'admin_post_key_guard_dismiss', $on( 'rotation', 'dismiss' ) );
		add_filter( 'site_status_tests', $on( 'health', 'tests' ) );
		add_filter( 'debug_information', $on( 'health', 'debug_information' ) );
		add_action( 'admin_notices', $on( 'alert_notice', 'show' ) );
		add_action( 'admin_post_key_guard_dismiss_spend_alert', $on( 'alert_notice', 'dismiss' ) );
	}
}
