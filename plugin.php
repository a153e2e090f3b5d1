<?php
/**
 * Plugin Name:       Key Guard for OpenAI
 * Description:       Connect your site to OpenAI safely: the API key is stored once and masked forever after, and "Test connection" gives an exact, actionable diagnosis.
 * Version:           0.5.0
 * Requires at least: 6.8
 * Requires PHP:      7.4
 * Author:            Key Guard contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       key-guard-for-openai
 *
 * @package Key_Guard
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'KEY_GUARD_VERSION', '0.5.0' );
define( 'KEY_GUARD_FILE', __FILE__ );

if ( version_compare( PHP_VERSION, '7.4', '<' ) || version_compare( get_bloginfo( 'version' ), '6.8', '<' ) ) {
	add_action(
		'admin_notices',
		static function () {
			echo '<div class="notice notice-error"><p>' . esc_html__( 'Key Guard for OpenAI needs PHP 7.4 and WordPress 6.8 or newer.', 'key-guard-for-openai' ) . '</p></div>';
		}
	);
	return;
}

require_once __DIR__ . '/php/autoload.php';

/**
 * The plugin: its hooks, and its collaborators, each made once per request on first use
 * (key_guard()->get( 'meter' )), the same instances the hooks reach.
 *
 * @since 0.4.0
 *
 * @return Key_Guard\Plugin
 */
function key_guard() {
	static $plugin = null;
	if ( null === $plugin ) {
		$plugin = new Key_Guard\Plugin( KEY_GUARD_FILE );
	}
	return $plugin;
}

/**
 * The OpenAI key's state on this site, for other plugins: whether one is configured, where it
 * comes from (env, constant, database or none), its mask, whether a copy of the site holds it
 * back, and its last connection test. Never the key. Without this plugin,
 * apply_filters( 'key_guard_key_state', null ) gives null.
 *
 * @since 0.5.0
 *
 * @return array{configured: bool, source: string, masked: string, held: bool, tested_at: string|null, connected: bool|null}
 */
function key_guard_key_state() {
	return key_guard()->get( 'spend_question' )->key_state();
}

/**
 * Whether the calling plugin may send a request to OpenAI now: true, or a WP_Error in words
 * (key_guard_no_key; key_guard_limit_reached with data { limit, retry_after }, what the request
 * itself would get; key_guard_invalid_question for arguments that do not parse). Reserves nothing. Without this plugin,
 * apply_filters( 'key_guard_may_spend', true, $args ) gives true.
 *
 * @since 0.5.0
 *
 * @param array{estimate_usd?: int|float, caller?: string} $args { estimate_usd?: number, the most the request may cost; caller?: string }.
 * @return true|WP_Error
 */
function key_guard_may_spend( $args = array() ) {
	return key_guard()->get( 'spend_question' )->may_spend( $args );
}

key_guard()->add_hooks();
