<?php
/**
 * The facts about the key that the screen and the REST API show.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Connection\Model_Choice;
use Key_Guard\Network\Network_Key;
use Key_Guard\Storage\Encrypted_Option;
use Key_Guard\Storage\Key_Cipher;

/**
 * Describes the key in effect (never the key itself): where it comes from, its mask and kind, who
 * saved it and when, its last test, and the warnings about it. Reads only: it writes nothing.
 *
 * @since 0.4.0
 *
 * @phpstan-type KeyStatus array{configured: bool, source: string, editable: bool, masked: string, kind: string|null, saved_at: string|null, saved_by: int|null, saved_by_name: string|null, last_test: array<string, mixed>|null, warnings: array<int, array{code: string, message: string}>, default_model: string, environment: string, environments: array<int, array{environment: string, current: bool, configured: bool, readable: bool, masked: string, saved_at: string|null, saved_by: int|null, saved_by_name: string|null, site: string|null}>, storage: string, storage_warning: string|null, held: bool, shared_secret: bool, age_days: int|null}
 */
final class Key_Status {

	/**
	 * Where the key comes from.
	 *
	 * @var Key_Resolver
	 */
	private $resolver;

	/**
	 * The key option's row.
	 *
	 * @var Encrypted_Option
	 */
	private $row;

	/**
	 * The key's metadata.
	 *
	 * @var Key_Metadata
	 */
	private $meta;

	/**
	 * Keys prepared for environment types.
	 *
	 * @var Environment_Keys
	 */
	private $environments;

	/**
	 * The copy hold.
	 *
	 * @var Copy_Hold
	 */
	private $hold;

	/**
	 * The warnings about the key.
	 *
	 * @var Key_Warnings
	 */
	private $warnings;

	/**
	 * The model the connection test uses.
	 *
	 * @var Model_Choice
	 */
	private $models;

	/**
	 * Gives the network key, on a network; null on a single site.
	 *
	 * @var (callable(): Network_Key)|null
	 */
	private $network;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Resolver     $resolver     Where the key comes from.
	 * @param Encrypted_Option $row          The key option's row.
	 * @param Key_Metadata     $meta         The key's metadata.
	 * @param Environment_Keys $environments Keys prepared for environment types.
	 * @param Copy_Hold        $hold         The copy hold.
	 * @param Key_Warnings     $warnings     The warnings about the key.
	 * @param Model_Choice     $models       The model the connection test uses.
	 * @param callable|null    $network      Gives the network key; null on a single site.
	 */
	public function __construct( Key_Resolver $resolver, Encrypted_Option $row, Key_Metadata $meta, Environment_Keys $environments, Copy_Hold $hold, Key_Warnings $warnings, Model_Choice $models, $network = null ) {
		$this->network      = $network;
		$this->resolver     = $resolver;
		$this->row          = $row;
		$this->meta         = $meta;
		$this->environments = $environments;
		$this->hold         = $hold;
		$this->warnings     = $warnings;
		$this->models       = $models;
	}

	/**
	 * Describes the key for the screen and the REST API: facts about it, never the key.
	 *
	 * @since 0.1.0
	 *
	 * @return KeyStatus last_test is the stored TestResult of the key in use.
	 */
	public function describe() {
		$resolved     = $this->resolver->resolve();
		$key          = $resolved['key'];
		$outside      = in_array( $resolved['source'], array( 'env', 'constant' ), true );
		$meta         = $this->meta->read();
		$environments = $this->environments->describe();
		$prepared     = 'database' === $resolved['source'] && $this->environments->in_use() ? wp_list_filter( $environments, array( 'current' => true ) ) : array();
		$prepared     = $prepared ? reset( $prepared ) : null;
		$same         = ! $outside && $this->meta->describes( $key );
		$saved_by     = $same && $meta['saved_by'] ? (int) $meta['saved_by'] : null;
		$saved_at     = $same && $meta['saved_at'] ? gmdate( 'c', (int) $meta['saved_at'] ) : null;
		$shown_at     = $prepared ? $prepared['saved_at'] : $saved_at;
		$kind         = Key_Shape::kind( $key );
		// Admin keys are refused on save; one set by env/constant is reported by a warning, not as a kind.
		$kind     = 'admin' === $kind ? 'unknown' : $kind;
		$held     = 'none' === $resolved['source'] && $this->hold->is_holding();
		$network  = null === $this->network || ! is_multisite() ? null : ( $this->network )();
		$warnings = $this->warnings->for_key( $resolved, $shown_at, $held, null !== $prepared );
		if ( 'network' === $resolved['source'] && $network ) {
			// The network's key: who saved it and when are the network's; its test is kept apart.
			$about    = $network->saved();
			$shown_at = $about['saved_at'] ? gmdate( 'c', $about['saved_at'] ) : null;
			$saved_by = $about['saved_by'];
			if ( 'none' !== $this->row->state() ) {
				$warnings[] = array(
					'code'    => 'site_key_ignored',
					'message' => __( 'This site has a key of its own, but sites of this network use the network key until a network administrator allows site keys.', 'key-guard-for-openai' ),
				);
			}
		}
		if ( 'none' === $resolved['source'] && $network && $network->is_held() ) {
			$warnings[] = array(
				'code'    => 'network_held',
				'message' => __( 'The network key was saved on the production network and this copy of it holds the key back, so this site has no key. A network administrator can allow it here under Network Admin, Settings, OpenAI key.', 'key-guard-for-openai' ),
			);
		}
		$outside_test = $outside || 'network' === $resolved['source'];
		$site_keys    = ! $network || $network->allows_site_keys();

		return array(
			'configured'      => '' !== $key,
			'source'          => $resolved['source'],
			'editable'        => ! $outside && $site_keys,
			'masked'          => Key_Shape::mask( $key ),
			'kind'            => '' === $key ? null : $kind,
			'saved_at'        => $shown_at,
			'saved_by'        => $prepared ? $prepared['saved_by'] : $saved_by,
			'saved_by_name'   => $prepared ? $prepared['saved_by_name'] : Audit_Log::user_name( $saved_by ),
			'last_test'       => $prepared ? null : $this->meta->last_test( $key, $outside_test ),
			'warnings'        => $warnings,
			'default_model'   => $this->models->default_model(),
			'environment'     => wp_get_environment_type(),
			'environments'    => $environments,
			'storage'         => $this->row->state(),
			'storage_warning' => in_array( $this->row->state(), array( 'encrypted', 'undecryptable' ), true ) && Key_Cipher::secret_in_database() ? Key_Warnings::salts_in_database() : null,
			'held'            => $held,
			'shared_secret'   => Key_Cipher::uses_constant(),
			'age_days'        => $shown_at ? max( 0, (int) floor( ( time() - strtotime( $shown_at ) ) / DAY_IN_SECONDS ) ) : null,
		);
	}
}
