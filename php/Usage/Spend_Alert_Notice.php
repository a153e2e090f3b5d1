<?php
/**
 * The admin notice of the latest spend alert.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Admin\Settings_Page;
use Key_Guard\Plugin;

/**
 * Keeps the latest spend alert and shows it to the users who manage the key, on every admin
 * screen, until its period ends or they dismiss it (a nonce'd link through admin-post.php, so it
 * works without JavaScript).
 *
 * @since 0.5.0
 */
final class Spend_Alert_Notice {

	/** The latest alert, for the admin notice. */
	const OPTION = 'key_guard_spend_alert';

	/** The alert a user dismissed last (user meta). */
	const DISMISSED_META = 'key_guard_spend_alert_dismissed';

	/** The admin-post.php action and the nonce action of the dismiss link. */
	const ACTION = 'key_guard_dismiss_spend_alert';

	/**
	 * Keeps an alert for the notice (not autoloaded: read on admin screens only).
	 *
	 * @since 0.5.0
	 *
	 * @param array{kind: string, period: string, budget: float, threshold: int, spent: float|int, subject: string, message: string} $alert kind, period, budget, threshold, spent, subject.
	 * @return void
	 */
	public function keep( array $alert ) {
		update_option( self::OPTION, $alert, false );
	}

	/**
	 * Shows the latest alert of the current period to users who manage the key, until dismissed.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function show() {
		if ( ! current_user_can( Plugin::capability() ) ) {
			return;
		}
		$alert = get_option( self::OPTION );
		if ( ! is_array( $alert ) || ! isset( $alert['kind'], $alert['period'], $alert['threshold'] ) ) {
			return;
		}
		$current = 'monthly' === $alert['kind'] ? wp_date( 'Y-m' ) : wp_date( 'Y-m-d' );
		if ( $current !== $alert['period'] || get_user_meta( get_current_user_id(), self::DISMISSED_META, true ) === self::id( $alert ) ) {
			return;
		}
		wp_admin_notice(
			sprintf(
				'<p><strong>%1$s</strong></p><p><a href="%2$s">%3$s</a> · <a href="%4$s">%5$s</a></p>',
				esc_html( (string) ( $alert['subject'] ?? '' ) ),
				esc_url( admin_url( 'options-general.php?page=' . Settings_Page::SLUG . '#usage' ) ),
				esc_html__( 'See the usage', 'key-guard-for-openai' ),
				esc_url( wp_nonce_url( admin_url( 'admin-post.php?action=' . self::ACTION ), self::ACTION ) ),
				esc_html__( 'Dismiss', 'key-guard-for-openai' )
			),
			array(
				'type'               => $alert['threshold'] >= 100 ? 'error' : 'warning',
				'additional_classes' => array( 'key-guard-spend-alert' ),
				'paragraph_wrap'     => false,
			)
		);
	}

	/**
	 * Dismisses the current alert for the current user (admin-post.php, nonce checked).
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
		$alert = get_option( self::OPTION );
		if ( is_array( $alert ) && isset( $alert['kind'], $alert['period'], $alert['threshold'] ) ) {
			update_user_meta( get_current_user_id(), self::DISMISSED_META, self::id( $alert ) );
		}
		$back = wp_get_referer();
		wp_safe_redirect( $back ? $back : admin_url() );
		exit;
	}

	/**
	 * An alert's identity: kind, period and threshold.
	 *
	 * @param array<string, mixed> $alert The alert as kept (kind, period and threshold set).
	 * @return string
	 */
	private static function id( array $alert ) {
		return $alert['kind'] . ':' . $alert['period'] . ':' . $alert['threshold'];
	}
}
