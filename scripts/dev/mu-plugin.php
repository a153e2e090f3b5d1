<?php
/**
 * Plugin Name: Key Guard dev helpers
 * Description: Dev and test sites only (written by scripts/make-site.mjs from scripts/dev/mu-plugin.php): answers wordpress.org requests locally and, when KEY_GUARD_DEV_ALLOW_HOST is defined, lets the HTTP API reach that one local host:port.
 *
 * @package Key_Guard
 */

defined( 'ABSPATH' ) || exit;

/**
 * Answers requests to wordpress.org locally, so offline admin pages neither wait nor log warnings.
 *
 * @param false|array|WP_Error $response A preempted response, or false.
 * @param array                $args     Request arguments.
 * @param string               $url      Request URL.
 * @return false|array|WP_Error
 */
function key_guard_dev_answer_wordpress_org( $response, $args, $url ) {
	$host = (string) wp_parse_url( $url, PHP_URL_HOST );
	if ( 'wordpress.org' !== $host && ! str_ends_with( $host, '.wordpress.org' ) ) {
		return $response;
	}
	$path = (string) wp_parse_url( $url, PHP_URL_PATH );

	// Bodies shaped like the real answers where core reads fields; anything else fails fast.
	$bodies = array(
		'#^/core/version-check/#'   => array(
			'offers'       => array(),
			'translations' => array(),
		),
		// Site Health's file integrity test: no checksums known offline (no warning in the log).
		'#^/core/checksums/#'       => array( 'checksums' => false ),
		'#^/plugins/update-check/#' => array(
			'plugins'      => array(),
			'translations' => array(),
			'no_update'    => array(),
		),
		'#^/themes/update-check/#'  => array(
			'themes'       => array(),
			'translations' => array(),
			'no_update'    => array(),
		),
		'#^/core/browse-happy/#'    => array(
			'name'            => 'Chrome',
			'version'         => '999',
			'platform'        => 'Linux',
			'update_url'      => '',
			'img_src'         => '',
			'img_src_ssl'     => '',
			'current_version' => '999',
			'upgrade'         => false,
			'insecure'        => false,
			'mobile'          => false,
		),
		'#^/core/serve-happy/#'     => array(
			'recommended_version' => PHP_VERSION,
			'minimum_version'     => '7.4',
			'is_supported'        => true,
			'is_secure'           => true,
			'is_acceptable'       => true,
		),
		'#^/core/credits/#'         => array(
			'groups' => array(),
			'data'   => array(),
		),
		'#^/events/#'               => array(
			'location' => array(),
			'events'   => array(),
		),
		'#^/translations/#'         => array( 'translations' => array() ),
	);
	foreach ( $bodies as $pattern => $body ) {
		if ( preg_match( $pattern, $path ) ) {
			return array(
				'headers'  => array( 'content-type' => 'application/json' ),
				'body'     => wp_json_encode( $body ),
				'response' => array(
					'code'    => 200,
					'message' => 'OK',
				),
				'cookies'  => array(),
				'filename' => null,
			);
		}
	}
	return new WP_Error( 'key_guard_dev_offline', 'wordpress.org is not reachable from this dev site.' );
}
add_filter( 'pre_http_request', 'key_guard_dev_answer_wordpress_org', 10, 3 );

if ( defined( 'KEY_GUARD_DEV_ALLOW_HOST' ) && is_string( KEY_GUARD_DEV_ALLOW_HOST ) && '' !== KEY_GUARD_DEV_ALLOW_HOST ) {
	/**
	 * Tells whether a URL points at exactly the allowed dev host:port (e.g. the local OpenAI simulator).
	 *
	 * @param string $url Requested URL.
	 * @return bool
	 */
	function key_guard_dev_is_allowed_url( $url ) {
		$parts = wp_parse_url( (string) $url );
		if ( empty( $parts['host'] ) ) {
			return false;
		}
		$port = isset( $parts['port'] ) ? $parts['port'] : ( 'https' === ( $parts['scheme'] ?? '' ) ? 443 : 80 );
		return strtolower( $parts['host'] . ':' . $port ) === strtolower( KEY_GUARD_DEV_ALLOW_HOST );
	}

	add_filter(
		'http_request_host_is_external',
		static function ( $external, $host, $url ) {
			return $external || key_guard_dev_is_allowed_url( $url );
		},
		10,
		3
	);

	add_filter(
		'http_allowed_safe_ports',
		static function ( $ports, $host, $url ) {
			if ( is_array( $ports ) && key_guard_dev_is_allowed_url( $url ) ) {
				$ports[] = (int) wp_parse_url( $url, PHP_URL_PORT );
			}
			return $ports;
		},
		10,
		3
	);
}
