<?php
/**
 * Plugin Name:       Key Guard for OpenAI
 * Description:       Connect your site to OpenAI safely: the API key is stored once and masked forever after, and "Test connection" gives an exact, actionable diagnosis.
 * Version:           0.4.0
 * Requires at least: 6.6
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

define( 'KEY_GUARD_VERSION', '0.4.0' );
define( 'KEY_GUARD_FILE', __FILE__ );

if ( version_compare( PHP_VERSION, '7.4', '<' ) || version_compare( get_bloginfo( 'version' ), '6.6', '<' ) ) {
	add_action(
		'admin_notices',
		static function () {
			echo '<div class="notice notice-error"><p>' . esc_html__( 'Key Guard for OpenAI needs PHP 7.4 and WordPress 6.6 or newer.', 'key-guard-for-openai' ) . '</p></div>';
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

key_guard()->add_hooks();
