<?php
/**
 * One Site Health test result, in the shape WordPress shows.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Health;

use Key_Guard\Admin\Settings_Page;

/**
 * Builds what a direct Site Health test returns: its label (the finding, in words), status
 * (good, recommended or critical), the badge every test of this plugin shares, a description
 * that says what it means and what to do, and a link to the screen where it is done.
 *
 * @since 0.5.0
 *
 * @phpstan-type Result array{label: string, status: string, badge: array{label: string, color: string}, description: string, actions: string, test: string}
 */
final class Health_Result {

	/**
	 * A result.
	 *
	 * @since 0.5.0
	 *
	 * @param string $test        The test's id (key_guard_…).
	 * @param string $status      good, recommended or critical.
	 * @param string $label       The finding, in words.
	 * @param string $description What it means and what to do.
	 * @param string $tab         The screen's tab the action opens ('' for none, key, usage).
	 * @return Result
	 */
	public static function make( $test, $status, $label, $description, $tab = '' ) {
		$actions = '';
		if ( '' !== $tab ) {
			$url     = admin_url( 'options-general.php?page=' . Settings_Page::SLUG . ( 'key' === $tab ? '' : '#' . $tab ) );
			$text    = 'usage' === $tab ? __( 'Open the usage and limits', 'key-guard-for-openai' ) : __( 'Open the OpenAI key settings', 'key-guard-for-openai' );
			$actions = sprintf( '<p><a href="%s">%s</a></p>', esc_url( $url ), esc_html( $text ) );
		}
		return array(
			'label'       => $label,
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'OpenAI', 'key-guard-for-openai' ),
				'color' => 'blue',
			),
			'description' => '<p>' . esc_html( $description ) . '</p>',
			'actions'     => $actions,
			'test'        => $test,
		);
	}
}
