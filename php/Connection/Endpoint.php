<?php
/**
 * Where OpenAI's API is, and how to address it.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * The API base URL (OPENAI_BASE_URL, like the official SDKs), the organization and project headers,
 * and the one answer to "is this URL OpenAI's?" for every part of the plugin.
 *
 * @since 0.4.0
 */
final class Endpoint {

	/** OpenAI's own API, when OPENAI_BASE_URL is not set. */
	const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

	/**
	 * The API base URL from env or constant OPENAI_BASE_URL.
	 *
	 * @since 0.1.0
	 *
	 * @return string Without a trailing slash; '' when the configured value is not an http(s) URL.
	 */
	public function base_url() {
		$url = self::setting( 'OPENAI_BASE_URL' );
		if ( '' === $url ) {
			return self::DEFAULT_BASE_URL;
		}
		$scheme = wp_parse_url( $url, PHP_URL_SCHEME );
		$valid  = false !== filter_var( $url, FILTER_VALIDATE_URL ) && in_array( $scheme, array( 'http', 'https' ), true );
		return $valid ? untrailingslashit( $url ) : '';
	}

	/**
	 * Whether the base URL is OpenAI's own API (not a compatible gateway or a local simulator).
	 *
	 * @since 0.4.0
	 *
	 * @return bool
	 */
	public function is_openai_own() {
		return self::DEFAULT_BASE_URL === $this->base_url();
	}

	/**
	 * Whether a URL is an OpenAI API request: below OpenAI's own API or the configured base URL.
	 *
	 * @since 0.4.0
	 *
	 * @param string $url A request URL.
	 * @return bool
	 */
	public function is_openai_url( $url ) {
		return '' !== $this->base_of( $url );
	}

	/**
	 * The API base URL a request URL is below (the configured one first, then OpenAI's own);
	 * '' when it is not an OpenAI API request.
	 *
	 * @since 0.5.0
	 *
	 * @param string $url A request URL.
	 * @return string
	 */
	public function base_of( $url ) {
		if ( ! is_string( $url ) || '' === $url ) {
			return '';
		}
		// Every request of the site passes here: a host that is no base's ends it cheaply.
		$host = rtrim( strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) ), '.' );
		foreach ( array_unique( array( $this->base_url(), self::DEFAULT_BASE_URL ) ) as $base ) {
			if ( '' !== $base && false !== stripos( $base, '//' . $host ) && self::is_below( $url, $base ) ) {
				return $base;
			}
		}
		return '';
	}

	/**
	 * The headers every request to the API carries: the key, and the organization and project
	 * from OPENAI_ORG_ID and OPENAI_PROJECT_ID when they are well formed.
	 *
	 * @since 0.4.0
	 *
	 * @param string $key The key.
	 * @return array<string, string>
	 */
	public function headers( $key ) {
		$headers = array(
			'Authorization' => 'Bearer ' . $key,
			'Accept'        => 'application/json',
		);
		foreach ( array(
			'OPENAI_ORG_ID'     => 'OpenAI-Organization',
			'OPENAI_PROJECT_ID' => 'OpenAI-Project',
		) as $setting => $header ) {
			$value = self::setting( $setting );
			if ( preg_match( '/^[A-Za-z0-9_-]{1,100}$/', $value ) ) {
				$headers[ $header ] = $value;
			}
		}
		return $headers;
	}

	/**
	 * Whether a URL is the base URL or below it: same scheme, host (any case, with or without the
	 * root's trailing dot) and port, and a path that continues the base path at a segment boundary
	 * once both are read as a server reads them (self::path()).
	 *
	 * @param string $url  A request URL.
	 * @param string $base A base URL without a trailing slash.
	 * @return bool
	 */
	private static function is_below( $url, $base ) {
		$a = wp_parse_url( $url );
		$b = wp_parse_url( $base );
		if ( ! is_array( $a ) || ! is_array( $b ) || ! isset( $a['scheme'], $a['host'], $b['scheme'], $b['host'] ) ) {
			return false;
		}
		$ports = array(
			'http'  => 80,
			'https' => 443,
		);
		$same  = strtolower( $a['scheme'] ) === strtolower( $b['scheme'] )
			&& rtrim( strtolower( $a['host'] ), '.' ) === rtrim( strtolower( $b['host'] ), '.' )
			&& ( $a['port'] ?? $ports[ strtolower( $a['scheme'] ) ] ?? 0 ) === ( $b['port'] ?? $ports[ strtolower( $b['scheme'] ) ] ?? 0 );
		$path  = self::path( $a['path'] ?? '' );
		$root  = rtrim( self::path( $b['path'] ?? '' ), '/' );
		return $same && ( $path === $root || 0 === strpos( $path, $root . '/' ) );
	}

	/**
	 * A URL path as a server reads it: letters and digits written as %XX decoded, repeated slashes
	 * as one, "." segments dropped and ".." segments going up, so /v1//responses, /%76%31/responses
	 * or /x/../v1/responses is the API's path it reaches.
	 *
	 * @since 0.5.0
	 *
	 * @param string $path A URL's path.
	 * @return string
	 */
	public static function path( $path ) {
		// Percent-encoded letters, digits and -._~ are those characters (RFC 3986, 6.2.2.2).
		$path     = (string) preg_replace_callback(
			'/%(2[dD]|2[eE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])/',
			static function ( $match ) {
				return chr( (int) hexdec( $match[1] ) );
			},
			(string) $path
		);
		$segments = array();
		foreach ( explode( '/', $path ) as $segment ) {
			if ( '..' === $segment ) {
				array_pop( $segments );
			} elseif ( '' !== $segment && '.' !== $segment ) {
				$segments[] = $segment;
			}
		}
		$trailing = '' !== (string) $path && '/' === substr( (string) $path, -1 ) && $segments ? '/' : '';
		return '/' . implode( '/', $segments ) . $trailing;
	}

	/**
	 * Reads a non-empty environment variable, else a non-empty string constant.
	 *
	 * @param string $name Name of both.
	 * @return string
	 */
	private static function setting( $name ) {
		$env = getenv( $name );
		if ( is_string( $env ) && '' !== trim( $env ) ) {
			return trim( $env );
		}
		return defined( $name ) && is_string( constant( $name ) ) ? trim( (string) constant( $name ) ) : '';
	}
}
