<?php
/**
 * The notice that leads to the key screen after activation, while no key is set.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Admin;

use Key_Guard\Key\Key_Resolver;
use Key_Guard\Plugin;

/**
 * Activation marks the site; until a key is set there, the people who manage the key see a notice
 * on every admin screen but ours, with a link to our screen, until each dismisses it. Dismissing is a
 * plain nonce'd link through admin-post.php, so it works without JavaScript.
 *
 * @since 0.5.0
 */
final class Setup_Notice {

	/**
	 * When the plugin was activated on this site without a key; removed as soon as a key is set.
	 * Autoloaded while it exists (a few bytes), so it costs no query; once removed it costs nothing,
	 * whereas a missing non-autoloaded option is looked up on every request.
	 */
	const OPTION = 'key_guard_setup_notice';

	/** Per user: the activation time whose notice the user dismissed (a later activation shows it again). */
	const DISMISSED_META = 'key_guard_setup_notice_dismissed';

	/** The admin-post.php action and the nonce action of the dismiss link. */
	const ACTION = 'key_guard_dismiss_setup';

	/**
	 * Where the key comes from.
	 *
	 * @var Key_Resolver
	 */
	private $resolver;

	/**
	 * Keeps the resolver.
	 *
	 * @param Key_Resolver $resolver Where the key comes from.
	 */
	public function __construct( Key_Resolver $resolver ) {
		$this->resolver = $resolver;
	}

	/**
	 * Marks this site for the notice (on activation), unless a key is set already.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function mark() {
		if ( ! $this->has_key() ) {
			update_option( self::OPTION, time(), true );
		}
	}

	/**
	 * When the pending notice was marked, or 0 when none is pending on this site.
	 *
	 * @since 0.5.0
	 *
	 * @return int
	 */
	public function pending_since() {
		$all = wp_load_alloptions();
		return isset( $all[ self::OPTION ] ) ? (int) $all[ self::OPTION ] : 0;
	}

	/**
	 * Prints the notice for a user who manages the key, on any admin screen but ours, while no key is
	 * set and the user has not dismissed it; forgets the mark once a key is set.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function show() {
		$since = $this->pending_since();
		if ( ! $since || ! current_user_can( Plugin::capability() ) || $this->is_our_screen() ) {
			return;
		}
		if ( $this->has_key() ) {
			delete_option( self::OPTION );
			return;
		}
		if ( (int) get_user_meta( get_current_user_id(), self::DISMISSED_META, true ) === $since ) {
			return;
		}
		$message = sprintf(
			'<p><strong>%1$s</strong> %2$s</p><p><a class="button button-primary" href="%3$s">%4$s</a> <a href="%5$s">%6$s</a></p>',
			esc_html__( 'Key Guard for OpenAI is active.', 'key-guard-for-openai' ),
			esc_html__( 'Add your OpenAI API key so that this site can use OpenAI.', 'key-guard-for-openai' ),
			esc_url( admin_url( 'options-general.php?page=' . Settings_Page::SLUG ) ),
			esc_html__( 'Add your OpenAI key', 'key-guard-for-openai' ),
			esc_url( wp_nonce_url( admin_url( 'admin-post.php?action=' . self::ACTION ), self::ACTION ) ),
			esc_html__( 'Dismiss', 'key-guard-for-openai' )
		);
		wp_admin_notice(
			$message,
			array(
				'type'               => 'info',
				'additional_classes' => array( 'key-guard-setup-notice' ),
				'paragraph_wrap'     => false,
			)
		);
	}

	/**
	 * Dismisses the notice for the current user (admin-post.php, nonce checked), then goes back.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function dismiss() {
		check_admin_referer( self::ACTION );
		if ( ! current_user_can( Plugin::capability() ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'key-guard-for-openai' ), '', array( 'response' => 403 ) );
		}
		$since = $this->pending_since();
		if ( $since ) {
			update_user_meta( get_current_user_id(), self::DISMISSED_META, $since );
		}
		$back = wp_get_referer();
		wp_safe_redirect( $back ? $back : admin_url() );
		exit;
	}

	/**
	 * Whether a key is set, from any source (environment, constant, this screen).
	 *
	 * @return bool
	 */
	private function has_key() {
		return '' !== $this->resolver->resolve()['key'];
	}

	/**
	 * Whether the current screen is our settings page, which says the same thing itself.
	 *
	 * @return bool
	 */
	private function is_our_screen() {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		return $screen && 'settings_page_' . Settings_Page::SLUG === $screen->id;
	}
}
