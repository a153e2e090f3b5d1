<?php
/**
 * When to rotate the key: it is old, or someone who could read it lost access.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Audit;

use Key_Guard\Connection\Advice;
use Key_Guard\Key\Key_Facts;
use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Resolver;
use Key_Guard\Plugin;

/**
 * Notices an old key and administrators leaving, and tells the admins to rotate the key through a
 * dismissible admin notice and the key's warnings.
 *
 * @since 0.2.0
 */
final class Rotation_Advice {

	/** Why rotation is advised after an administrator left: {user, at}. */
	const OPTION = 'key_guard_rotation_reason';

	/** Per-user dismissals: notice id => the reason's time it dismissed. */
	const DISMISSED_META = 'key_guard_dismissed';

	const DEFAULT_DAYS = 90;

	/**
	 * Where the key comes from.
	 *
	 * @var Key_Resolver
	 */
	private $resolver;

	/**
	 * The key's metadata (when it was saved).
	 *
	 * @var Key_Metadata
	 */
	private $meta;

	/**
	 * The autoloaded facts about the key (when it was saved), read without a query.
	 *
	 * @var Key_Facts
	 */
	private $facts;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Resolver $resolver Where the key comes from.
	 * @param Key_Metadata $meta     The key's metadata (its fingerprint; read only before the facts exist).
	 * @param Key_Facts    $facts    The autoloaded facts about the key.
	 */
	public function __construct( Key_Resolver $resolver, Key_Metadata $meta, Key_Facts $facts ) {
		$this->resolver = $resolver;
		$this->meta     = $meta;
		$this->facts    = $facts;
	}

	/**
	 * Days after which a saved key should be rotated: KEY_GUARD_ROTATION_DAYS, then the filter.
	 *
	 * @since 0.2.0
	 *
	 * @return int 0 turns the age advice off.
	 */
	public static function max_age_days() {
		$days = defined( 'KEY_GUARD_ROTATION_DAYS' ) && is_numeric( KEY_GUARD_ROTATION_DAYS ) ? (int) KEY_GUARD_ROTATION_DAYS : self::DEFAULT_DAYS;
		/**
		 * Filters after how many days the key should be rotated (0: never advise).
		 *
		 * @since 0.2.0
		 *
		 * @param int $days Days.
		 */
		return max( 0, (int) apply_filters( 'key_guard_rotation_days', $days ) );
	}

	/**
	 * Records that an administrator was removed from the site (on a single site, deleted). On a
	 * network, where only super admins manage the key, leaving one site takes nobody's access away:
	 * a super admin keeps the network, a site administrator never had the key.
	 *
	 * @since 0.4.0
	 *
	 * @param int $user_id The user.
	 * @return void
	 */
	public function user_removed( $user_id ) {
		if ( is_multisite() && 'manage_network_options' === Plugin::capability() ) {
			return;
		}
		$this->user_deleted( $user_id );
	}

	/**
	 * Records that an administrator was deleted (from the network, on multisite).
	 *
	 * @since 0.2.0
	 *
	 * @param int $user_id The user.
	 * @return void
	 */
	public function user_deleted( $user_id ) {
		if ( user_can( (int) $user_id, Plugin::capability() ) ) {
			$this->advise( (int) $user_id );
		}
	}

	/**
	 * Records that a network administrator lost the role (on multisite, the ones who manage the key).
	 *
	 * @since 0.3.0
	 *
	 * @param int $user_id The user.
	 * @return void
	 */
	public function super_admin_revoked( $user_id ) {
		if ( is_super_admin( (int) $user_id ) ) {
			$this->advise( (int) $user_id );
		}
	}

	/**
	 * Records that an administrator's new role no longer lets them manage options.
	 *
	 * @since 0.2.0
	 *
	 * @param int      $user_id   The user.
	 * @param string   $role      The new role.
	 * @param string[] $old_roles The roles before.
	 * @return void
	 */
	public function role_changed( $user_id, $role, $old_roles ) {
		$capability = Plugin::capability();
		if ( is_multisite() && 'manage_network_options' === $capability ) {
			return; // Site roles never let anyone manage the key on a network: super admins do.
		}
		$could = false;
		foreach ( (array) $old_roles as $old ) {
			$object = get_role( $old );
			$could  = $could || ( $object && $object->has_cap( $capability ) );
		}
		if ( $could && ! user_can( (int) $user_id, $capability ) ) {
			$this->advise( (int) $user_id );
		}
	}

	/**
	 * Stores the reason to rotate, with who left and when; never the key.
	 *
	 * @param int $user_id Who left.
	 * @return void
	 */
	private function advise( $user_id ) {
		$user   = get_userdata( $user_id );
		$reason = array(
			'user' => $user ? $user->display_name : (string) $user_id,
			'at'   => time(),
		);
		// On a network the one who left could read every site's key: every site is told.
		if ( is_multisite() ) {
			update_site_option( self::OPTION, $reason );
		} else {
			update_option( self::OPTION, $reason, false );
		}
	}

	/**
	 * The stored reason to rotate after someone left: {user, at}, network-wide on multisite.
	 *
	 * @since 0.3.0
	 *
	 * @return mixed The stored value; false when none.
	 */
	public static function reason() {
		return is_multisite() ? get_site_option( self::OPTION ) : get_option( self::OPTION );
	}

	/**
	 * The current reasons to rotate, for the key's warnings and the notice; `since` tells one
	 * occurrence from the next, so a dismissal lasts until the reason changes.
	 *
	 * @since 0.2.0
	 *
	 * @param bool        $configured Whether a key is set.
	 * @param string|null $saved_at   When it was saved here (ISO 8601), if known.
	 * @return array<int, array{code: string, message: string, since: int}>
	 */
	public static function warnings( $configured, $saved_at ) {
		if ( ! $configured ) {
			return array();
		}
		$status = array( 'saved_at' => $saved_at );
		$out    = array();
		$reason = self::reason();
		if ( is_array( $reason ) && isset( $reason['at'], $reason['user'] ) ) {
			$out[] = array(
				'code'    => 'rotate_after_admin_left',
				/* translators: 1: a user's name, 2: a date. */
				'message' => sprintf( __( '%1$s lost administrator access on %2$s and may have seen the OpenAI key: create a new key on the OpenAI API keys page, paste it here, then revoke the old one.', 'key-guard-for-openai' ), (string) $reason['user'], wp_date( get_option( 'date_format' ), (int) $reason['at'] ) ),
				'since'   => (int) $reason['at'],
			);
		}
		$days = self::max_age_days();
		$age  = $status['saved_at'] ? (int) floor( ( time() - strtotime( $status['saved_at'] ) ) / DAY_IN_SECONDS ) : 0;
		if ( $days > 0 && $age >= $days ) {
			$out[] = array(
				'code'    => 'key_old',
				/* translators: %d: the key's age in days. */
				'message' => sprintf( _n( 'The OpenAI key was saved %d day ago: rotate it (create a new key, paste it here, revoke the old one).', 'The OpenAI key was saved %d days ago: rotate it (create a new key, paste it here, revoke the old one).', $age, 'key-guard-for-openai' ), $age ),
				'since'   => (int) strtotime( $status['saved_at'] ),
			);
		}
		return $out;
	}

	/**
	 * The reasons to rotate now, from two small facts (is a key set, when was it saved), not the
	 * key's whole status: the notice runs on every admin page.
	 *
	 * @return array<int, array{code: string, message: string, since: int}>
	 */
	private function current() {
		$key   = $this->resolver->resolve()['key'];
		$facts = $this->facts->read();
		$facts = null === $facts ? $this->meta->read() : $facts;
		$saved = $facts['saved_at'] && '' !== $key && $facts['fingerprint'] === $this->meta->fingerprint( $key );
		return self::warnings( '' !== $key, $saved ? gmdate( 'c', (int) $facts['saved_at'] ) : null );
	}

	/**
	 * Shows the reasons to rotate to administrators on admin screens, until each dismisses them.
	 *
	 * @since 0.2.0
	 *
	 * @return void
	 */
	public function show_notices() {
		if ( ! current_user_can( Plugin::capability() ) ) {
			return;
		}
		$dismissed = get_user_meta( get_current_user_id(), self::DISMISSED_META, true );
		$dismissed = is_array( $dismissed ) ? $dismissed : array();
		foreach ( $this->current() as $warning ) {
			if ( isset( $dismissed[ $warning['code'] ] ) && (int) $dismissed[ $warning['code'] ] === $warning['since'] ) {
				continue;
			}
			$dismiss = wp_nonce_url( admin_url( 'admin-post.php?action=key_guard_dismiss&notice=' . $warning['code'] ), 'key_guard_dismiss' );
			printf(
				'<div class="notice notice-warning key-guard-rotate"><p>%1$s <a href="%2$s" target="_blank" rel="noopener noreferrer">%3$s</a> · <a href="%4$s">%5$s</a></p></div>',
				esc_html( $warning['message'] ),
				esc_url( Advice::LINKS['api_keys'] ),
				esc_html__( 'OpenAI API keys', 'key-guard-for-openai' ),
				esc_url( $dismiss ),
				esc_html__( 'Dismiss', 'key-guard-for-openai' )
			);
		}
	}

	/**
	 * Dismisses a notice for the current user until its reason changes (a new save, another admin leaving).
	 *
	 * @since 0.2.0
	 *
	 * @return void
	 */
	public function dismiss() {
		check_admin_referer( 'key_guard_dismiss' );
		if ( ! current_user_can( Plugin::capability() ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'key-guard-for-openai' ), '', array( 'response' => 403 ) );
		}
		$code = isset( $_GET['notice'] ) ? sanitize_key( wp_unslash( $_GET['notice'] ) ) : '';
		foreach ( $this->current() as $warning ) {
			if ( $warning['code'] === $code ) {
				$dismissed          = get_user_meta( get_current_user_id(), self::DISMISSED_META, true );
				$dismissed          = is_array( $dismissed ) ? $dismissed : array();
				$dismissed[ $code ] = $warning['since'];
				update_user_meta( get_current_user_id(), self::DISMISSED_META, $dismissed );
			}
		}
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}
}
