<?php
/**
 * Pure classification of an OpenAI answer (or a failed HTTP request) into one diagnosis.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use WP_Error;

/**
 * Turns what came back from OpenAI into one code, a headline and advice a site owner can act on.
 *
 * Classifies by error code, then type, then message, then HTTP status, as the wire varies in the wild.
 * Every code it gives is one of data/diagnoses.json (Diagnosis_Codes), which Diagnosis_Test holds it to.
 *
 * @since 0.1.0
 */
final class Diagnosis {

	const CODE_MAP = array(
		'invalid_api_key'                      => 'invalid_key',
		'account_deactivated'                  => 'account_deactivated',
		'no_organization'                      => 'wrong_organization',
		'mismatched_organization'              => 'wrong_organization',
		'invalid_organization'                 => 'wrong_organization',
		'missing_scope'                        => 'missing_scope',
		'insufficient_quota'                   => 'insufficient_quota',
		'credit_balance_exhausted'             => 'insufficient_quota',
		'organization_spend_limit_exceeded'    => 'insufficient_quota',
		'project_spend_limit_exceeded'         => 'insufficient_quota',
		'billing_not_active'                   => 'billing_not_active',
		'rate_limit_exceeded'                  => 'rate_limited',
		'slow_down'                            => 'rate_limited',
		'model_not_found'                      => 'model_not_found',
		'unsupported_country_region_territory' => 'region_blocked',
		'ip_not_authorized'                    => 'ip_not_allowed',
		'server_error'                         => 'server_error',
		'service_unavailable'                  => 'server_error',
	);

	const TYPE_MAP = array(
		'insufficient_quota'        => 'insufficient_quota',
		'billing_not_active'        => 'billing_not_active',
		'requests'                  => 'rate_limited',
		'tokens'                    => 'rate_limited',
		'server_error'              => 'server_error',
		'service_unavailable_error' => 'server_error',
	);

	/** Message patterns, checked in order; the first match wins. Organization last: many messages name one. */
	const MESSAGE_MAP = array(
		'/missing scopes?:|insufficient permissions/i' => 'missing_scope',
		'/didn\'t provide an API key|no API key provided/i' => 'no_key',
		'/incorrect API key|invalid API key/i'         => 'invalid_key',
		'/deactivated/i'                               => 'account_deactivated',
		'/\bIP\b.*\bnot (authorized|allowed)\b|\bnot (authorized|allowed)\b.*\bIP\b|IP allowlist/i' => 'ip_not_allowed',
		'/country, region, or territory/i'             => 'region_blocked',
		'/exceeded your current quota|spend limit|credit balance/i' => 'insufficient_quota',
		'/account is not active.*billing/i'            => 'billing_not_active',
		'/rate limit/i'                                => 'rate_limited',
		'/does not have access to model/i'             => 'model_not_allowed',
		'/model .* does not exist/i'                   => 'model_not_found',
		'/overloaded|server had an error/i'            => 'server_error',
		'/organization header|no such organization|member of an organization/i' => 'wrong_organization',
	);

	/**
	 * Classifies an HTTP answer.
	 *
	 * @since 0.1.0
	 *
	 * @param int    $status  HTTP status.
	 * @param string $body    Raw body.
	 * @param string $step    'model' (GET models/{id}) or 'request' (POST responses).
	 * @return array{code: string, detail: string, error_code: string|null} detail is OpenAI's message, or a description.
	 */
	public static function classify_answer( $status, $body, $step ) {
		$error = self::parse_error( $body );
		if ( null === $error ) {
			if ( $status >= 200 && $status < 300 ) {
				return self::verdict( 'bad_response', __( 'The answer was not the JSON the OpenAI API sends.', 'key-guard-for-openai' ) );
			}
			// Without OpenAI's error body, only the status classes that mean the same everywhere are trusted.
			$code = in_array( $status, array( 408, 429 ), true ) || $status >= 500 ? self::by_status( $status, $step, '' ) : 'bad_response';
			return self::verdict( $code, self::describe_body( $status, $body ) );
		}

		$code    = $error['code'];
		$message = $error['message'];
		$found   = null;
		if ( null !== $code && isset( self::CODE_MAP[ $code ] ) ) {
			$found = self::CODE_MAP[ $code ];
		} elseif ( null !== $error['type'] && isset( self::TYPE_MAP[ $error['type'] ] ) ) {
			$found = self::TYPE_MAP[ $error['type'] ];
		} else {
			foreach ( self::MESSAGE_MAP as $pattern => $diagnosis ) {
				if ( preg_match( $pattern, $message ) ) {
					$found = $diagnosis;
					break;
				}
			}
		}
		if ( null === $found && 'model' === $error['param'] && 400 === $status ) {
			$found = 'model_not_found';
		}
		if ( 'model_not_found' === $found && ( 403 === $status || preg_match( '/does not have access to model/i', $message ) ) ) {
			$found = 'model_not_allowed';
		}
		if ( null === $found ) {
			$found = self::by_status( $status, $step, $message );
		}
		return self::verdict( $found, $message, $code );
	}

	/**
	 * Classifies a request that got no HTTP answer (WordPress returned a WP_Error).
	 *
	 * @since 0.1.0
	 *
	 * @param WP_Error $error The transport error.
	 * @return array{code: string, detail: string, error_code: string|null}
	 */
	public static function classify_transport_error( WP_Error $error ) {
		if ( 'key_guard_limit_reached' === $error->get_error_code() ) {
			// The usage guard held the request back: it never left this site.
			return self::verdict( 'site_limit_reached', $error->get_error_message() );
		}
		if ( 'http_request_not_executed' === $error->get_error_code() ) {
			// WP_Http::block_request() said no: the request never left this server. Its message is translated, so the code decides.
			return self::verdict( 'connection_failed', __( 'WordPress did not send the request: wp-config.php sets WP_HTTP_BLOCK_EXTERNAL and the API host is not in WP_ACCESSIBLE_HOSTS.', 'key-guard-for-openai' ) );
		}
		$message  = $error->get_error_message();
		$patterns = array(
			'/cURL error 28|timed? ?out/i' => 'timeout',
			'/cURL error 6\b|resolve host|getaddrinfo|name or service not known|name resolution|php_network_getaddresses/i' => 'dns_failure',
			'/cURL error (35|51|53|54|58|59|60|77|80|82|83|90|91)\b|SSL|TLS|certificate/i' => 'tls_failure',
		);
		foreach ( $patterns as $pattern => $code ) {
			if ( preg_match( $pattern, $message ) ) {
				return self::verdict( $code, $message );
			}
		}
		return self::verdict( 'connection_failed', $message );
	}

	/**
	 * Extracts {message, type, code} from an OpenAI error body; null when the body is no such error.
	 *
	 * @since 0.1.0
	 *
	 * @param string $body Raw body.
	 * @return array{message: string, type: string|null, code: string|null, param: string|null}|null
	 */
	public static function parse_error( $body ) {
		$data = json_decode( (string) $body, true );
		if ( ! is_array( $data ) || ! isset( $data['error'] ) ) {
			return null;
		}
		if ( is_string( $data['error'] ) ) {
			return array(
				'message' => $data['error'],
				'type'    => null,
				'code'    => null,
				'param'   => null,
			);
		}
		if ( ! is_array( $data['error'] ) ) {
			return null;
		}
		$text = static function ( $value ) {
			return is_string( $value ) || is_int( $value ) ? (string) $value : null;
		};
		return array(
			'message' => (string) $text( $data['error']['message'] ?? '' ),
			'type'    => $text( $data['error']['type'] ?? null ),
			'code'    => $text( $data['error']['code'] ?? null ),
			'param'   => $text( $data['error']['param'] ?? null ),
		);
	}

	/**
	 * The fallback when neither code, type nor message says what happened.
	 *
	 * @param int    $status  HTTP status.
	 * @param string $step    'model' or 'request'.
	 * @param string $message OpenAI's message, if any.
	 * @return string
	 */
	private static function by_status( $status, $step, $message ) {
		if ( 401 === $status ) {
			return 'invalid_key';
		}
		if ( 403 === $status ) {
			return 'missing_scope';
		}
		if ( 404 === $status ) {
			// "Invalid URL (GET /v1/models)" means the base URL points somewhere that is not the API.
			return ( 'model' === $step && ! preg_match( '/invalid url/i', $message ) && '' !== $message ) ? 'model_not_found' : 'bad_response';
		}
		if ( 408 === $status ) {
			return 'timeout';
		}
		if ( 429 === $status ) {
			return 'rate_limited';
		}
		if ( $status >= 500 ) {
			return 'server_error';
		}
		return 'bad_response';
	}

	/**
	 * Describes a non-JSON body without repeating it (it may be a whole HTML page).
	 *
	 * @param int    $status HTTP status.
	 * @param string $body   Raw body.
	 * @return string
	 */
	private static function describe_body( $status, $body ) {
		$kind = preg_match( '/^\s*</', (string) $body ) ? __( 'an HTML page', 'key-guard-for-openai' ) : __( 'a body that is not JSON', 'key-guard-for-openai' );
		/* translators: 1: HTTP status code, 2: "an HTML page" or "a body that is not JSON". */
		return sprintf( __( 'HTTP %1$d with %2$s.', 'key-guard-for-openai' ), $status, $kind );
	}

	/**
	 * Builds a verdict.
	 *
	 * @param string      $code       Diagnosis code.
	 * @param string      $detail     What was observed.
	 * @param string|null $error_code OpenAI's error code, if any.
	 * @return array{code: string, detail: string, error_code: string|null}
	 */
	private static function verdict( $code, $detail, $error_code = null ) {
		return array(
			'code'       => $code,
			'detail'     => wp_strip_all_tags( (string) $detail ),
			'error_code' => $error_code,
		);
	}

	/**
	 * Finds how long OpenAI asks us to wait, in seconds.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, string> $headers Lower-case header names to values.
	 * @param string                $message OpenAI's message ("Please try again in 20s.").
	 * @return float|null
	 */
	public static function retry_after( array $headers, $message ) {
		if ( isset( $headers['retry-after-ms'] ) && is_numeric( $headers['retry-after-ms'] ) ) {
			return max( 0, (float) $headers['retry-after-ms'] / 1000 );
		}
		if ( isset( $headers['retry-after'] ) ) {
			$value = trim( (string) $headers['retry-after'] );
			if ( is_numeric( $value ) ) {
				return max( 0, (float) $value );
			}
			$time = strtotime( $value );
			if ( false !== $time ) {
				return (float) max( 0, $time - time() );
			}
		}
		if ( preg_match( '/try again in ([0-9hms.]+)/i', (string) $message, $m ) ) {
			return self::duration( $m[1] );
		}
		return null;
	}

	/**
	 * Parses a Go-style duration ("1s", "6m0s", "12ms", "1.5s") into seconds.
	 *
	 * @since 0.1.0
	 *
	 * @param string $text The duration.
	 * @return float|null
	 */
	public static function duration( $text ) {
		if ( ! preg_match_all( '/([0-9]+(?:\.[0-9]+)?)(ms|h|m|s)/', (string) $text, $parts, PREG_SET_ORDER ) ) {
			return null;
		}
		$units   = array(
			'h'  => 3600,
			'm'  => 60,
			's'  => 1,
			'ms' => 0.001,
		);
		$seconds = 0.0;
		foreach ( $parts as $part ) {
			$seconds += (float) $part[1] * $units[ $part[2] ];
		}
		return $seconds;
	}
}
