<?php
/**
 * The facts about the network key that the network screen, REST and WP-CLI show.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Network;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Key\Key_Resolver;
use Key_Guard\Key\Key_Shape;

/**
 * Describes the network key (never the key itself) with the network's settings. Reads only.
 *
 * @since 0.5.0
 *
 * @phpstan-type NetworkKeyStatus array{scope: string, configured: bool, source: string, editable: bool, masked: string, kind: string|null, saved_at: string|null, saved_by: int|null, saved_by_name: string|null, storage: string, allow_site_keys: bool, monthly_budget_usd: float|null, held: bool, saved_site: string|null}
 */
final class Network_Status {

	/**
	 * The network key.
	 *
	 * @var Network_Key
	 */
	private $key;

	/**
	 * Saves, removes and confirms the network key.
	 *
	 * @var Network_Key_Store
	 */
	private $store;

	/**
	 * The network's settings.
	 *
	 * @var Network_Settings
	 */
	private $settings;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Network_Key       $key      The network key.
	 * @param Network_Key_Store $store    Saves, removes and confirms it.
	 * @param Network_Settings  $settings The network's settings.
	 */
	public function __construct( Network_Key $key, Network_Key_Store $store, Network_Settings $settings ) {
		$this->key      = $key;
		$this->store    = $store;
		$this->settings = $settings;
	}

	/**
	 * What saves, removes and confirms the network key.
	 *
	 * @since 0.5.0
	 *
	 * @return Network_Key_Store
	 */
	public function store() {
		return $this->store;
	}

	/**
	 * Describes the network key for the network screen and GET /key?scope=network: never the key.
	 *
	 * @since 0.5.0
	 *
	 * @return NetworkKeyStatus
	 */
	public function describe() {
		$resolved = ( new Key_Resolver() )->resolve();
		$outside  = in_array( $resolved['source'], array( 'env', 'constant' ), true );
		$key      = $this->key->key();
		$stored   = $this->key->saved();
		$kind     = '' === $key ? null : Key_Shape::kind( $key );
		return array(
			'scope'              => 'network',
			'configured'         => '' !== $key,
			'source'             => $outside ? $resolved['source'] : ( '' === $key ? 'none' : 'network' ),
			'editable'           => ! $outside,
			'masked'             => Key_Shape::mask( $key ),
			'kind'               => 'admin' === $kind ? 'unknown' : $kind,
			'saved_at'           => '' !== $key && $stored['saved_at'] ? gmdate( 'c', $stored['saved_at'] ) : null,
			'saved_by'           => '' !== $key ? $stored['saved_by'] : null,
			'saved_by_name'      => '' !== $key ? Audit_Log::user_name( $stored['saved_by'] ) : null,
			'storage'            => $this->key->state(),
			'allow_site_keys'    => $this->key->allows_site_keys(),
			'monthly_budget_usd' => $this->settings->monthly_budget_usd(),
			'held'               => $this->key->is_held(),
			'saved_site'         => $this->key->is_held() ? $stored['site'] : null,
		);
	}
}
