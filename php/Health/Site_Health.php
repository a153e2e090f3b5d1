<?php
/**
 * The plugin's Site Health tests and Info section.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Health;

/**
 * Adds the direct tests (ids key_guard_…) to Tools, Site Health, and the section
 * key-guard-for-openai to its Info tab. Every test reads what the plugin already knows (the key's
 * facts, its last test, the day counts): none sends a request, so there is no asynchronous test
 * and no cache to keep.
 *
 * @since 0.5.0
 */
final class Site_Health {

	/**
	 * The section's slug on the Info tab.
	 */
	const SECTION = 'key-guard-for-openai';

	/**
	 * The key's tests.
	 *
	 * @var Key_Checks
	 */
	private $key;

	/**
	 * The storage tests.
	 *
	 * @var Storage_Checks
	 */
	private $storage;

	/**
	 * The usage tests.
	 *
	 * @var Usage_Checks
	 */
	private $usage;

	/**
	 * The Info section.
	 *
	 * @var Debug_Info
	 */
	private $info;

	/**
	 * The key's permissions against the traffic.
	 *
	 * @var Permission_Check|null
	 */
	private $permissions;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Checks            $key     The key's tests.
	 * @param Storage_Checks        $storage The storage tests.
	 * @param Usage_Checks          $usage   The usage tests.
	 * @param Debug_Info            $info    The Info section.
	 * @param Permission_Check|null $permissions The key's permissions against the traffic.
	 */
	public function __construct( Key_Checks $key, Storage_Checks $storage, Usage_Checks $usage, Debug_Info $info, ?Permission_Check $permissions = null ) {
		$this->permissions = $permissions;
		$this->key         = $key;
		$this->storage     = $storage;
		$this->usage       = $usage;
		$this->info        = $info;
	}

	/**
	 * Adds the direct tests (filter site_status_tests).
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $tests The tests, direct and async.
	 * @return mixed
	 */
	public function tests( $tests ) {
		if ( ! is_array( $tests ) ) {
			return $tests;
		}
		$ours = array(
			'key_guard_key'        => array( __( 'OpenAI API key', 'key-guard-for-openai' ), array( $this->key, 'key' ) ),
			'key_guard_connection' => array( __( 'OpenAI connection test', 'key-guard-for-openai' ), array( $this->key, 'connection' ) ),
			'key_guard_encryption' => array( __( 'OpenAI key encryption', 'key-guard-for-openai' ), array( $this->storage, 'encryption' ) ),
			'key_guard_decryption' => array( __( 'OpenAI key decryption', 'key-guard-for-openai' ), array( $this->storage, 'decryption' ) ),
			'key_guard_copy'       => array( __( 'OpenAI key on a copy of the site', 'key-guard-for-openai' ), array( $this->storage, 'copy' ) ),
			'key_guard_empty_env'  => array( __( 'Empty OPENAI_API_KEY', 'key-guard-for-openai' ), array( $this->storage, 'empty_env' ) ),
			'key_guard_test_model' => array( __( 'OpenAI test model retirement', 'key-guard-for-openai' ), array( $this->key, 'test_model' ) ),
			'key_guard_budget'     => array( __( 'OpenAI budget', 'key-guard-for-openai' ), array( $this->usage, 'budget' ) ),
			'key_guard_callers'    => array( __( 'Plugins waiting to use OpenAI', 'key-guard-for-openai' ), array( $this->usage, 'callers_waiting' ) ),
		);
		if ( null !== $this->permissions ) {
			$ours['key_guard_permissions'] = array( __( 'OpenAI key permissions', 'key-guard-for-openai' ), array( $this->permissions, 'permissions' ) );
		}
		foreach ( $ours as $id => list( $label, $test ) ) {
			$tests['direct'][ $id ] = array(
				'label' => $label,
				'test'  => $test,
			);
		}
		return $tests;
	}

	/**
	 * Adds the section to the Info tab (filter debug_information).
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $info The sections.
	 * @return mixed
	 */
	public function debug_information( $info ) {
		if ( ! is_array( $info ) ) {
			return $info;
		}
		$info[ self::SECTION ] = array(
			'label'  => __( 'Key Guard for OpenAI', 'key-guard-for-openai' ),
			'fields' => $this->info->fields(),
		);
		return $info;
	}
}
