<?php
/**
 * Removes the plugin's own data on uninstall, on every site of a network.
 *
 * The key itself lives in core's option connectors_ai_openai_api_key, which WordPress's AI client and
 * other plugins read, so it stays (deactivation already wrote it back in plaintext): remove it on
 * Settings → OpenAI key before uninstalling if wanted.
 *
 * @package Key_Guard
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

$key_guard_sites = is_multisite() ? get_sites(
	array(
		'fields' => 'ids',
		'number' => 0,
	)
) : array( get_current_blog_id() );

delete_metadata( 'user', 0, 'key_guard_dismissed', '', true );

foreach ( $key_guard_sites as $key_guard_site ) {
	if ( is_multisite() ) {
		switch_to_blog( (int) $key_guard_site );
	}
	delete_option( 'key_guard_key_meta' );
	delete_option( 'key_guard_version' );
	delete_option( 'key_guard_audit' );
	delete_option( 'key_guard_rotation_reason' );
	delete_option( 'key_guard_environment_keys' );
	delete_option( 'key_guard_key_facts' ); // Last: it mirrors the two options above.
	if ( is_multisite() ) {
		restore_current_blog();
	}
}

if ( is_multisite() ) {
	delete_site_option( 'key_guard_rotation_reason' );
}

// Test counters expire on their own; a lock row is left only by a request that died.
global $wpdb;
// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- rows never read through the options API.
$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->base_prefix}options WHERE option_name LIKE %s", $wpdb->esc_like( 'key_guard_tests_lock_' ) . '%' ) );
