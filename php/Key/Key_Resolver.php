<?php
/**
 * Where the OpenAI key comes from.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Network\Network_Key;

/**
 * Resolves the key exactly as WordPress core does: a non-empty environment variable, then a
 * non-empty constant, then the option; every other piece asks here. On a network, the option of a
 * site that runs on the network key answers with it (Key_Option): its source is then "network".
 *
 * @since 0.4.0
 */
final class Key_Resolver {

	/** The option WordPress 7 core and the AI Provider for OpenAI plugin read. */
	const OPTION = 'connectors_ai_openai_api_key';

	/** The environment variable and constant core reads first. */
	const ENV_NAME = 'OPENAI_API_KEY';

	/**
	 * Gives the network key, on a network; null on a single site.
	 *
	 * @var (callable(): Network_Key)|null
	 */
	private $network;

	/**
	 * Keeps the collaborators.
	 *
	 * @param (callable(): Network_Key)|null $network Gives the network key (made when first asked); null on a single site.
	 */
	public function __construct( $network = null ) {
		$this->network = $network;
	}

	/**
	 * Resolves the key and its source the way core does.
	 *
	 * @since 0.1.0
	 *
	 * @return array{key: string, source: string} Source is env, constant, database, network or none.
	 */
	public function resolve() {
		$env = getenv( self::ENV_NAME );
		if ( is_string( $env ) && '' !== $env ) {
			return array(
				'key'    => $env,
				'source' => 'env',
			);
		}
		if ( defined( self::ENV_NAME ) && is_string( constant( self::ENV_NAME ) ) && '' !== constant( self::ENV_NAME ) ) {
			return array(
				'key'    => (string) constant( self::ENV_NAME ),
				'source' => 'constant',
			);
		}
		$stored = get_option( self::OPTION, '' );
		if ( is_string( $stored ) && '' !== $stored ) {
			return array(
				'key'    => $stored,
				'source' => $this->from_network( $stored ) ? 'network' : 'database',
			);
		}
		return array(
			'key'    => '',
			'source' => 'none',
		);
	}

	/**
	 * Whether the option answered with the network key on this site.
	 *
	 * @param string $stored What the option answered.
	 * @return bool
	 */
	private function from_network( $stored ) {
		if ( null === $this->network || ! is_multisite() ) {
			return false;
		}
		$network = ( $this->network )();
		return $stored === $network->key() && $network->in_effect();
	}

	/**
	 * Whether the key comes from the server's configuration (env or constant), not from the database.
	 *
	 * @since 0.4.0
	 *
	 * @return bool
	 */
	public function is_configured_outside() {
		return in_array( $this->resolve()['source'], array( 'env', 'constant' ), true );
	}

	/**
	 * Whether the key can be changed here: not when it comes from env or a constant.
	 *
	 * @since 0.1.0
	 *
	 * @return bool
	 */
	public function is_editable() {
		return ! $this->is_configured_outside();
	}

	/**
	 * Whether OPENAI_API_KEY is set in the environment but empty: core ignores it, its AI client may not.
	 *
	 * @since 0.4.0
	 *
	 * @return bool
	 */
	public function has_empty_env() {
		return '' === getenv( self::ENV_NAME );
	}

	/**
	 * Registers the core option as a setting unless core or the OpenAI provider plugin already did.
	 *
	 * Runs late on init so that whoever owns the setting registers it first.
	 *
	 * @since 0.1.0
	 *
	 * @return void
	 */
	public static function register_setting() {
		if ( array_key_exists( self::OPTION, get_registered_settings() ) ) {
			return;
		}
		register_setting(
			'key_guard',
			self::OPTION,
			array(
				'type'         => 'string',
				'description'  => __( 'OpenAI API key.', 'key-guard-for-openai' ),
				'default'      => '',
				'show_in_rest' => false,
			)
		);
	}
}
