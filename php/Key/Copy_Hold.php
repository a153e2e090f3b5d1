<?php
/**
 * Holding a production key back on a copy of the site.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Storage\Encrypted_Option;
use WP_Error;

/**
 * A key saved on production is not handed to anyone on a non-production copy of the site (another
 * address or environment type) until an administrator confirms the copy may use it.
 *
 * @since 0.4.0
 */
final class Copy_Hold {

	/**
	 * The key's metadata (where it was saved, the confirmation).
	 *
	 * @var Key_Metadata
	 */
	private $meta;

	/**
	 * The autoloaded facts the hold is decided from.
	 *
	 * @var Key_Facts
	 */
	private $facts;

	/**
	 * The key option's row.
	 *
	 * @var Encrypted_Option
	 */
	private $row;

	/**
	 * Keys prepared for environment types.
	 *
	 * @var Environment_Keys
	 */
	private $environments;

	/**
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Metadata     $meta         The key's metadata.
	 * @param Key_Facts        $facts        The autoloaded facts the hold is decided from.
	 * @param Encrypted_Option $row          The key option's row.
	 * @param Environment_Keys $environments Keys prepared for environment types.
	 * @param Audit_Log        $audit        The key events log.
	 */
	public function __construct( Key_Metadata $meta, Key_Facts $facts, Encrypted_Option $row, Environment_Keys $environments, Audit_Log $audit ) {
		$this->meta         = $meta;
		$this->facts        = $facts;
		$this->row          = $row;
		$this->environments = $environments;
		$this->audit        = $audit;
	}

	/**
	 * Whether a key (the opened row) is held: saved on production, now read on a non-production
	 * site at another address or environment, and not confirmed here.
	 *
	 * @since 0.2.0
	 *
	 * @param string $key The key.
	 * @return bool
	 */
	public function is_held( $key ) {
		if ( '' === $key || 'production' === wp_get_environment_type() ) {
			return false;
		}
		$saved = $this->saved();
		if ( 'production' !== $saved['environment'] || $saved['fingerprint'] !== $this->meta->fingerprint( $key ) || null === $this->moved_from() ) {
			return false;
		}
		return self::here() !== $saved['confirmed'];
	}

	/**
	 * Whether the stored key is being held back on this site (a prepared key in use is not).
	 *
	 * @since 0.2.0
	 *
	 * @return bool
	 */
	public function is_holding() {
		return ! $this->environments->in_use() && $this->is_held( $this->row->plaintext() );
	}

	/**
	 * Lets this site use a held production key from now on (until it moves again).
	 *
	 * @since 0.2.0
	 *
	 * @return true|WP_Error
	 */
	public function confirm_here() {
		if ( ! $this->is_holding() ) {
			return new WP_Error( 'key_guard_nothing_held', __( 'No saved key is being held back on this site.', 'key-guard-for-openai' ), array( 'status' => 409 ) );
		}
		$this->meta->confirm( self::here() );
		$this->audit->record( 'confirmed', wp_get_environment_type() );
		return true;
	}

	/**
	 * Where the stored key was saved, when that is another site address or environment type.
	 *
	 * @since 0.2.0
	 *
	 * @return array{site: string, environment: string}|null Null when saved here (or before this was recorded).
	 */
	public function moved_from() {
		$meta = $this->saved();
		$same = untrailingslashit( home_url() ) === untrailingslashit( $meta['site'] ) && wp_get_environment_type() === $meta['environment'];
		if ( '' === $meta['site'] || $same ) {
			return null;
		}
		return array(
			'site'        => $meta['site'],
			'environment' => $meta['environment'],
		);
	}

	/**
	 * Where and as which key the stored key was saved, and the confirmation: from the autoloaded
	 * facts (no query), or from the metadata on a site whose facts are not written yet.
	 *
	 * @return array{fingerprint: string, site: string, environment: string, confirmed: string}
	 */
	private function saved() {
		$facts = $this->facts->read();
		return null === $facts ? $this->meta->read() : $facts;
	}

	/**
	 * This site's identity for a confirmation: environment type and address.
	 *
	 * @return string
	 */
	private static function here() {
		return wp_get_environment_type() . '|' . untrailingslashit( home_url() );
	}
}
