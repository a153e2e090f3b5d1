<?php
/**
 * Removes the plugin's own data on uninstall.
 *
 * The key itself lives in core's option connectors_ai_openai_api_key, which WordPress's AI client and
 * other plugins read, so it stays: remove it on Settings → OpenAI key before uninstalling if wanted.
 *
 * @package Key_Guard
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

delete_option( 'key_guard_key_meta' );
delete_option( 'key_guard_version' );
