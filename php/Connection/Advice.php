<?php
/**
 * Headlines and advice for every diagnosis code, with the links data/diagnoses.json names for it.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * Says, in words a site owner can act on, what a diagnosis means and where to fix it.
 *
 * @since 0.1.0
 */
final class Advice {

	const LINKS = array(
		'api_keys'  => 'https://platform.openai.com/api-keys',
		'billing'   => 'https://platform.openai.com/settings/organization/billing/overview',
		'limits'    => 'https://platform.openai.com/settings/organization/limits',
		'projects'  => 'https://platform.openai.com/settings/organization/projects',
		'org'       => 'https://platform.openai.com/settings/organization/general',
		'models'    => 'https://platform.openai.com/docs/models',
		'status'    => 'https://status.openai.com/',
		'countries' => 'https://platform.openai.com/docs/supported-countries',
		'help'      => 'https://help.openai.com/',
		// Not OpenAI's: where WordPress documents WP_HTTP_BLOCK_EXTERNAL and WP_ACCESSIBLE_HOSTS.
		'wp_block'  => 'https://developer.wordpress.org/reference/classes/wp_http/block_request/',
	);

	/**
	 * The headline, advice and links for a code. With a scope, `connected` is the key that generates
	 * but lacks that permission (the models lookup was refused): a warning, not a failure.
	 *
	 * @since 0.1.0
	 *
	 * @param string                                                                                                                                       $code    Diagnosis code (one of data/diagnoses.json; any other gets bad_response's).
	 * @param array{model?: string, scope?: string, wait?: float|null, base_url?: string, suggestion?: string|null, shutdown?: int|null, tried?: string[]} $context model, scope (permission named by OpenAI), wait (seconds), base_url; for
	 *                                                                                                                                                              model_not_found also suggestion, shutdown, tried (see Model_Advice::missing()).
	 * @return array{message: string, advice: string, links: array<int, array{label: string, url: string}>}
	 */
	public static function for_code( $code, array $context = array() ) {
		$model = isset( $context['model'] ) ? (string) $context['model'] : '';
		$scope = isset( $context['scope'] ) ? (string) $context['scope'] : '';
		$wait  = isset( $context['wait'] ) ? (int) ceil( (float) $context['wait'] ) : 0;
		$base  = self::origin( isset( $context['base_url'] ) ? (string) $context['base_url'] : '' );

		switch ( $code ) {
			case 'connected':
				if ( '' !== $scope ) {
					/* translators: %s: the permission OpenAI named, e.g. api.model.read. */
					$advice = sprintf( __( 'The key is restricted and lacks the permission "%s". Generating text does not need it, so the site can use the key as it is; looking up models does. If a plugin here offers a list of models, edit the key on the API keys page and allow "Models: Read".', 'key-guard-for-openai' ), $scope );
					return self::make( __( 'The key works and can generate text, but lacks a permission.', 'key-guard-for-openai' ), $advice, 'missing_scope', $code );
				}
				return self::make( __( 'The key works and can generate text.', 'key-guard-for-openai' ), __( 'Nothing to do. To avoid surprises on your bill, set a monthly budget for this project.', 'key-guard-for-openai' ), $code );
			case 'no_key':
				return self::make( __( 'No API key is set.', 'key-guard-for-openai' ), __( 'Create a secret key on the OpenAI API keys page and paste it here, or define OPENAI_API_KEY in wp-config.php.', 'key-guard-for-openai' ), $code );
			case 'malformed_key':
				return self::make( __( 'This is not a valid OpenAI key.', 'key-guard-for-openai' ), __( 'Copy the key again from the OpenAI API keys page with its copy button, and paste it without changes.', 'key-guard-for-openai' ), $code );
			case 'admin_key':
				return self::make( __( 'This is an admin key, which cannot generate text.', 'key-guard-for-openai' ), __( 'Admin keys only work for OpenAI\'s Admin API. Create a project key on the API keys page and use that instead.', 'key-guard-for-openai' ), $code );
			case 'invalid_key':
				return self::make( __( 'OpenAI does not accept this key.', 'key-guard-for-openai' ), __( 'The key is wrong, incomplete, revoked or deleted (OpenAI answers the same for all four). Copy it again from the API keys page, or create a new key and paste it here.', 'key-guard-for-openai' ), $code );
			case 'account_deactivated':
				return self::make( __( 'The OpenAI account behind this key is deactivated.', 'key-guard-for-openai' ), __( 'Only OpenAI can reactivate it: contact OpenAI support from the help center, or use a key from another account.', 'key-guard-for-openai' ), $code );
			case 'wrong_organization':
				return self::make( __( 'The key and the organization do not match.', 'key-guard-for-openai' ), __( 'Check the OPENAI_ORG_ID setting on this server: remove it, or set it to the organization that owns the key (Organization settings show its ID). A user key must also belong to an organization.', 'key-guard-for-openai' ), $code );
			case 'ip_not_allowed':
				return self::make( __( 'OpenAI refuses requests from this server\'s IP address.', 'key-guard-for-openai' ), __( 'The project allows only certain IP addresses. Add this server\'s outgoing IP address to the project\'s IP allowlist, or ask your host for it.', 'key-guard-for-openai' ), $code );
			case 'region_blocked':
				return self::make( __( 'OpenAI does not serve the country this server is in.', 'key-guard-for-openai' ), __( 'The block applies to the server\'s location, not yours. Host the site in a supported country or route requests through a supported region.', 'key-guard-for-openai' ), $code );
			case 'missing_scope':
				$advice = '' !== $scope
					/* translators: %s: the permission OpenAI named, e.g. api.model.read. */
					? sprintf( __( 'The key works but is restricted and lacks the permission "%s". On the API keys page, edit the key and allow it (Models: Read for api.model.read; Model capabilities or Responses: Write for requests), or choose "All" permissions.', 'key-guard-for-openai' ), $scope )
					: __( 'The key works but is restricted and lacks a permission this test needs. On the API keys page, edit the key and allow "Models: Read" and "Model capabilities: Write", or choose "All" permissions.', 'key-guard-for-openai' );
				return self::make( __( 'The key is valid but not allowed to do this.', 'key-guard-for-openai' ), $advice, $code );
			case 'insufficient_quota':
				return self::make( __( 'The key works, but the account has no credit left or hit its spend limit.', 'key-guard-for-openai' ), __( 'Add credit on the billing page, or raise the organization or project budget on the limits page. Retrying will not help until then.', 'key-guard-for-openai' ), $code );
			case 'billing_not_active':
				return self::make( __( 'Billing is not set up for this OpenAI account.', 'key-guard-for-openai' ), __( 'Add a payment method or buy credit on the billing page; the key starts working a few minutes later.', 'key-guard-for-openai' ), $code );
			case 'model_not_found':
				$text = Model_Advice::missing( $context );
				return self::make( $text['message'], $text['advice'], $code );
			case 'model_not_allowed':
				/* translators: %s: model name. */
				$headline = sprintf( __( 'This project is not allowed to use the model "%s".', 'key-guard-for-openai' ), $model );
				return self::make( $headline, __( 'In the project\'s settings, allow this model under model usage (limits), or test another model.', 'key-guard-for-openai' ), $code );
			case 'rate_limited':
				$advice = $wait > 0
					/* translators: %d: seconds to wait. */
					? sprintf( _n( 'The key works, but too many requests were sent. Wait %d second and test again; if it happens often, raise the limits or lower the traffic.', 'The key works, but too many requests were sent. Wait %d seconds and test again; if it happens often, raise the limits or lower the traffic.', $wait, 'key-guard-for-openai' ), $wait )
					: __( 'The key works, but too many requests were sent. Wait a minute and test again; if it happens often, raise the limits or lower the traffic.', 'key-guard-for-openai' );
				return self::make( __( 'OpenAI is rate limiting this key.', 'key-guard-for-openai' ), $advice, $code );
			case 'server_error':
				return self::make( __( 'OpenAI had a server error.', 'key-guard-for-openai' ), __( 'This is on OpenAI\'s side, not yours. Check the status page and test again in a few minutes; quote the request ID if you contact support.', 'key-guard-for-openai' ), $code );
			case 'timeout':
				return self::make( __( 'OpenAI did not answer in time.', 'key-guard-for-openai' ), __( 'This server waited and got no answer. Test again; if it keeps happening, ask your host whether outgoing HTTPS connections from this server are slowed or blocked by a firewall.', 'key-guard-for-openai' ), $code );
			case 'dns_failure':
				/* translators: %s: the API base URL. */
				$advice = sprintf( __( 'This is on this server\'s side, not OpenAI\'s: its DNS could not resolve %s. Ask your host to check the server\'s DNS settings and that outgoing connections are allowed.', 'key-guard-for-openai' ), $base );
				return self::make( __( 'This server could not look up OpenAI\'s address.', 'key-guard-for-openai' ), $advice, $code );
			case 'connection_failed':
				/* translators: %s: the API base URL. */
				$advice = sprintf( __( 'This is on this server\'s side, not OpenAI\'s: the connection to %s was refused, dropped or blocked before OpenAI could answer. If wp-config.php sets WP_HTTP_BLOCK_EXTERNAL, add the API host to WP_ACCESSIBLE_HOSTS; otherwise ask your host whether a firewall blocks outgoing HTTPS, and check OPENAI_BASE_URL if you set it.', 'key-guard-for-openai' ), $base );
				return self::make( __( 'This server could not connect to OpenAI.', 'key-guard-for-openai' ), $advice, $code );
			case 'site_limit_reached':
				return self::make( __( 'This site\'s own usage limit held the test back.', 'key-guard-for-openai' ), __( 'Nothing was sent to OpenAI: a limit set under Usage on this screen was reached (the details name it). Raise or remove that limit, or wait until its period ends, then test again.', 'key-guard-for-openai' ), $code );
			case 'tls_failure':
				return self::make( __( 'The secure connection to OpenAI failed.', 'key-guard-for-openai' ), __( 'This is on this server\'s side, not OpenAI\'s: it could not set up a secure connection, often because its certificate bundle or OpenSSL is outdated, or because a proxy intercepts HTTPS. Ask your host to check them.', 'key-guard-for-openai' ), $code );
			default:
				/* translators: %s: the API base URL. */
				$advice = sprintf( __( 'Something between this site and OpenAI (a proxy, a firewall page, or a wrong OPENAI_BASE_URL) answered instead. Check that %s is the OpenAI API address, then test again.', 'key-guard-for-openai' ), $base );
				return self::make( __( 'The answer did not come from the OpenAI API.', 'key-guard-for-openai' ), $advice, $code );
		}
	}

	/**
	 * Assembles an entry with the links data/diagnoses.json names for the codes, with translated labels.
	 *
	 * @param string $message Headline.
	 * @param string $advice  Advice.
	 * @param string ...$codes Diagnosis codes whose links apply, in order.
	 * @return array{message: string, advice: string, links: array<int, array{label: string, url: string}>}
	 */
	private static function make( $message, $advice, ...$codes ) {
		$labels = array(
			'api_keys'  => __( 'OpenAI API keys', 'key-guard-for-openai' ),
			'billing'   => __( 'OpenAI billing', 'key-guard-for-openai' ),
			'limits'    => __( 'OpenAI limits and budgets', 'key-guard-for-openai' ),
			'projects'  => __( 'OpenAI projects', 'key-guard-for-openai' ),
			'org'       => __( 'OpenAI organization settings', 'key-guard-for-openai' ),
			'models'    => __( 'OpenAI models', 'key-guard-for-openai' ),
			'status'    => __( 'OpenAI status', 'key-guard-for-openai' ),
			'countries' => __( 'Supported countries', 'key-guard-for-openai' ),
			'help'      => __( 'OpenAI help center', 'key-guard-for-openai' ),
			'wp_block'  => __( 'Blocking outgoing requests in WordPress', 'key-guard-for-openai' ),
		);
		$links  = array();
		foreach ( $codes as $code ) {
			$links = array_merge( $links, Diagnosis_Codes::get( $code )['links'] );
		}
		return array(
			'message' => $message,
			'advice'  => $advice,
			'links'   => array_map(
				static function ( $id ) use ( $labels ) {
					return array(
						'label' => $labels[ $id ],
						'url'   => self::LINKS[ $id ],
					);
				},
				array_values( array_unique( $links ) )
			),
		);
	}

	/**
	 * A base URL as shown to people: scheme, host and port only, never a user, password, path or
	 * query that may carry a gateway's credentials.
	 *
	 * @param string $url The base URL.
	 * @return string
	 */
	private static function origin( $url ) {
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['host'] ) ) {
			return '';
		}
		return ( $parts['scheme'] ?? 'https' ) . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
	}
}
