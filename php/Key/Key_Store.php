<?php
/**
 * Saving and removing the OpenAI key, and recording whoever writes it.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Connection\Endpoint;
use Key_Guard\Plugin;
use Key_Guard\Storage\Encrypted_Option;
use WP_Error;

/**
 * Saves a pasted key to core's option, removes it, and keeps our metadata and events in step with
 * every write to the option, by our screen or anyone else (core's Connectors screen, WP-CLI, another plugin).
 *
 * @since 0.1.0
 */
final class Key_Store {

	/** The option WordPress 7 core and the AI Provider for OpenAI plugin read. */
	const OPTION = Key_Resolver::OPTION;

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
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * Where the key is sent: which keys are taken depends on it.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * Whether a site's own key may be saved (Network_Key::allows_site_keys()); always on a single site.
	 *
	 * @var callable(): bool
	 */
	private $site_keys;

	/**
	 * Who is saving through save(), while it writes (else the current user is recorded).
	 *
	 * @var int|null
	 */
	private $saving_user = null;

	/**
	 * While true, delete() is removing the row and records the removal itself.
	 *
	 * @var bool
	 */
	private $removing = false;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Resolver     $resolver     Where the key comes from.
	 * @param Encrypted_Option $row          The key option's row.
	 * @param Key_Metadata     $meta         The key's metadata.
	 * @param Environment_Keys $environments Keys prepared for environment types.
	 * @param Audit_Log        $audit        The key events log.
	 * @param Endpoint         $endpoint     Where the key is sent.
	 * @param callable|null    $site_keys    Whether a site's own key may be saved on a network (null: always).
	 */
	public function __construct( Key_Resolver $resolver, Encrypted_Option $row, Key_Metadata $meta, Environment_Keys $environments, Audit_Log $audit, Endpoint $endpoint, $site_keys = null ) {
		$this->site_keys    = $site_keys ?? '__return_true';
		$this->resolver     = $resolver;
		$this->row          = $row;
		$this->meta         = $meta;
		$this->environments = $environments;
		$this->audit        = $audit;
		$this->endpoint     = $endpoint;
	}

	/**
	 * Normalises, checks and stores a pasted key; leaves the stored key untouched on refusal.
	 *
	 * @since 0.1.0
	 *
	 * @param string $raw     What the admin pasted.
	 * @param int    $user_id Who saves it.
	 * @return array{notices: array<int, array{code: string, message: string}>}|WP_Error What normalisation removed, plus shape warnings.
	 */
	public function save( $raw, $user_id ) {
		$normalised = Key_Shape::normalise( $raw );
		$key        = $normalised['key'];
		$own        = $this->endpoint->is_openai_own();
		$refusal    = $this->resolver->is_editable() ? Key_Shape::refusal( $key, $own ) : Key_Refusal::read_only();
		$refusal    = $refusal ? $refusal : ( $this->site_keys_allowed() ? null : Key_Refusal::site_keys_off() );
		if ( $refusal ) {
			$this->audit->record( 'refused_save', $refusal->get_error_code() );
			return $refusal;
		}

		$this->saving_user = (int) $user_id;
		try {
			update_option( self::OPTION, $key, false );
		} finally {
			$this->saving_user = null;
		}
		if ( get_option( self::OPTION ) !== $key ) {
			return new WP_Error( 'key_guard_not_saved', __( 'The key could not be saved: another plugin changed or blocked it. Check for plugins that filter this option.', 'key-guard-for-openai' ), array( 'status' => 500 ) );
		}

		return array( 'notices' => array_merge( Key_Shape::removal_messages( $normalised['removed'] ), Key_Shape::warnings( $key, $own ) ) );
	}

	/**
	 * Removes the stored key and our metadata.
	 *
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	public function delete() {
		if ( ! $this->resolver->is_editable() ) {
			return Key_Refusal::read_only();
		}
		$had            = 'none' !== $this->row->state() || $this->environments->in_use();
		$this->removing = true;
		try {
			delete_option( self::OPTION );
		} finally {
			$this->removing = false;
		}
		if ( $had ) {
			$this->key_removed();
		} else {
			$this->meta->forget();
		}
		return true;
	}

	/**
	 * Records a new key written to the option, by our screen or anyone else: the key's metadata and
	 * a `saved` event. A key saved for this site replaces one prepared for its environment type.
	 *
	 * @since 0.3.0
	 *
	 * @param string $key The key written.
	 * @return void
	 */
	public function key_written( $key ) {
		if ( null === $this->saving_user && $this->meta->describes( $key ) ) {
			return; // The stored key written back (a kept mask, an import): not a new key, the age stays.
		}
		$this->environments->forget( wp_get_environment_type() );
		$this->audit->record( 'saved', Key_Shape::kind( $key ) );
		$this->meta->start( $key, null === $this->saving_user ? get_current_user_id() : $this->saving_user, time() );
	}

	/**
	 * Records a key that was written and then taken back because core's settings route refused it
	 * after its live check: a `refused_save` event with the reason; the metadata stays the previous key's.
	 *
	 * @since 0.5.0
	 *
	 * @param string $reason A short machine word: the diagnosis code of OpenAI's answer to core's check.
	 * @return void
	 */
	public function key_refused( $reason ) {
		$this->audit->record( 'refused_save', $reason );
	}

	/**
	 * Records that the key was removed, by our screen or anyone else (core's Remove, its validation
	 * wiping the key, another plugin): the metadata goes, and so does a key prepared for this site's
	 * environment type, which would otherwise keep being handed out.
	 *
	 * @since 0.3.0
	 *
	 * @return void
	 */
	public function key_removed() {
		if ( $this->removing ) {
			return; // delete() finishes the job once the row is gone.
		}
		$this->meta->forget();
		$this->environments->forget( wp_get_environment_type() );
		$this->audit->record( 'removed' );
	}

	/**
	 * Records where a key stored before the plugin ran (core's screen, an older version) lives, once
	 * it is encrypted on activation or upgrade, so a copy of this database holds it back too. When
	 * and by whom it was saved stays unknown; no event is recorded.
	 *
	 * @since 0.3.0
	 *
	 * @param string $key The key re-encrypted in place.
	 * @return void
	 */
	public function adopt( $key ) {
		if ( ! $this->meta->describes( $key ) ) {
			$this->meta->start( $key, null, null );
		}
	}

	/**
	 * Whether the current writer may change the key by any path. On multisite only network
	 * administrators manage it, so a logged-in site administrator's write through core's Connectors
	 * screen or /wp/v2/settings keeps the stored key. Scripts with no user (WP-CLI, cron) may.
	 *
	 * @since 0.3.0
	 *
	 * @return bool
	 */
	public function may_write() {
		return ! is_multisite() || ! get_current_user_id() || current_user_can( Plugin::capability() );
	}

	/**
	 * Whether this site may have a key of its own: on a network, only once a network administrator
	 * allows site keys; always on a single site.
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public function site_keys_allowed() {
		return ! is_multisite() || (bool) ( $this->site_keys )();
	}

	/**
	 * Stores the outcome of a test of the resolved key, tied to its fingerprint; skipped when the key
	 * was changed by another request while the test ran (up to 15 s), and for a key prepared for this
	 * environment type, which has no metadata of its own here.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $result     A Connection_Tester result (a TestResult).
	 * @param string               $tested_key The key the test used.
	 * @return void
	 */
	public function record_test( array $result, $tested_key ) {
		$current  = function () {
			// This request cached the option when the test started: read what is stored now.
			wp_cache_delete( self::OPTION, 'options' );
			return $this->resolver->resolve();
		};
		$resolved = $current();
		// A key from env, a constant or the network has no metadata of its own here: its test is kept apart.
		$outside = in_array( $resolved['source'], array( 'env', 'constant', 'network' ), true );
		if ( '' === $tested_key || $resolved['key'] !== $tested_key || ( ! $outside && $this->environments->in_use() ) ) {
			return;
		}
		// Checked again under the metadata's lock: a key saved while the result was written wins.
		$still = static function () use ( $current, $tested_key ) {
			return $current()['key'] === $tested_key;
		};
		$this->meta->set_last_test( $tested_key, $result, $outside, $still );
	}
}
