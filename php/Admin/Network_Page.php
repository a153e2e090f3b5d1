<?php
/**
 * Network Admin → Settings → OpenAI key.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Admin;

use Key_Guard\Network\Network_Key_Store;
use Key_Guard\Network\Network_Settings;
use Key_Guard\Network\Network_Status;
use Key_Guard\Network\Network_Usage;
use Key_Guard\Usage\Spend_Alerts;

/**
 * The network administrators' screen: the network key (masked, saved or removed), whether sites
 * may use their own key, the network-wide monthly budget, and this month's use, in total and per
 * site. A plain form posted to edit.php (core's way for network settings), each change checked by
 * nonce and capability, its outcome shown once after the redirect.
 *
 * @since 0.5.0
 */
final class Network_Page {

	const SLUG = 'key-guard-network';

	/** The edit.php action the forms post to. */
	const ACTION = 'key_guard_network';

	/**
	 * The network key.
	 *
	 * @var Network_Key_Store
	 */
	private $key;

	/**
	 * The network's settings.
	 *
	 * @var Network_Settings
	 */
	private $settings;

	/**
	 * The network key's facts.
	 *
	 * @var Network_Status
	 */
	private $status;

	/**
	 * What the network's sites used.
	 *
	 * @var Network_Usage
	 */
	private $usage;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Network_Key_Store $key      Saves, removes and confirms the network key.
	 * @param Network_Settings  $settings The network's settings.
	 * @param Network_Usage     $usage    What the network's sites used.
	 * @param Network_Status    $status   The network key's facts.
	 */
	public function __construct( Network_Key_Store $key, Network_Settings $settings, Network_Usage $usage, Network_Status $status ) {
		$this->status   = $status;
		$this->key      = $key;
		$this->settings = $settings;
		$this->usage    = $usage;
	}

	/**
	 * Adds the page under the network's Settings.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function add_page() {
		add_submenu_page( 'settings.php', __( 'OpenAI key', 'key-guard-for-openai' ), __( 'OpenAI key', 'key-guard-for-openai' ), 'manage_network_options', self::SLUG, array( $this, 'render' ) );
	}

	/**
	 * Handles a form: saves or removes the network key, or saves the settings; then back to the page.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function handle() {
		check_admin_referer( self::ACTION );
		if ( ! current_user_can( 'manage_network_options' ) ) {
			wp_die( esc_html__( 'Only network administrators can manage the network key and its settings.', 'key-guard-for-openai' ), '', array( 'response' => 403 ) );
		}
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- Checked above by check_admin_referer().
		$task = isset( $_POST['key_guard_task'] ) ? sanitize_key( wp_unslash( $_POST['key_guard_task'] ) ) : '';
		if ( 'save_key' === $task ) {
			// The key is checked by Key_Shape inside save(); sanitize_text_field() would hide what a paste got wrong.
			$raw     = isset( $_POST['key_guard_key'] ) ? (string) wp_unslash( $_POST['key_guard_key'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized
			$outcome = $this->key->save( $raw, get_current_user_id() );
			$done    = __( 'Network key saved. Sites without a key of their own use it now.', 'key-guard-for-openai' );
		} elseif ( 'remove_key' === $task ) {
			$outcome = $this->key->delete();
			$done    = __( 'Network key removed.', 'key-guard-for-openai' );
		} elseif ( 'confirm_copy' === $task ) {
			$outcome = $this->key->confirm_here();
			$done    = __( 'This copy of the network now uses the production network key.', 'key-guard-for-openai' );
		} else {
			$budget  = isset( $_POST['key_guard_budget'] ) ? trim( sanitize_text_field( wp_unslash( $_POST['key_guard_budget'] ) ) ) : '';
			$outcome = '' === $budget || is_numeric( $budget )
				? $this->settings->update(
					array(
						'allow_site_keys'    => ! empty( $_POST['key_guard_allow_site_keys'] ),
						'monthly_budget_usd' => '' === $budget ? null : (float) $budget,
					)
				)
				: new \WP_Error( 'key_guard_invalid_network_settings', __( 'Network monthly budget: enter an amount in US dollars, such as 50, or leave the field empty for no network budget. Nothing was saved.', 'key-guard-for-openai' ) );
			$done    = __( 'Network settings saved.', 'key-guard-for-openai' );
		}
		// phpcs:enable
		$this->remember( is_wp_error( $outcome ) ? array( 'error', $outcome->get_error_message() ) : array( 'success', $done ) );
		wp_safe_redirect( network_admin_url( 'settings.php?page=' . self::SLUG ) );
		exit;
	}

	/**
	 * Renders the page.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function render() {
		$status = $this->status->describe();
		$report = $this->usage->report( gmdate( 'Y-m-01' ), gmdate( 'Y-m-d' ) );
		echo '<div class="wrap key-guard-network"><h1>' . esc_html__( 'OpenAI key for the network', 'key-guard-for-openai' ) . '</h1>';
		$this->notice();
		echo '<h2>' . esc_html__( 'Network key', 'key-guard-for-openai' ) . '</h2><p>';
		if ( $status['configured'] ) {
			/* translators: %s: the masked key, e.g. sk-proj-…x4Yz. */
			printf( esc_html__( 'Every site without a key of its own uses %s.', 'key-guard-for-openai' ), '<code>' . esc_html( $status['masked'] ) . '</code>' );
		} elseif ( 'undecryptable' === $status['storage'] ) {
			esc_html_e( 'The saved network key cannot be decrypted: the secret it was encrypted with changed. Paste the key again.', 'key-guard-for-openai' );
		} else {
			esc_html_e( 'No network key is set. Paste one to give it to every site of the network.', 'key-guard-for-openai' );
		}
		echo '</p>';
		if ( $status['held'] ) {
			/* translators: %s: the address of the network the key was saved on. */
			echo '<div class="notice notice-warning inline"><p>' . esc_html( sprintf( __( 'This is a copy of the network at %s, and its production key is held back: no site of this copy uses it, so the copy cannot spend on the production account. Use it here only if this copy should.', 'key-guard-for-openai' ), (string) $status['saved_site'] ) ) . '</p>';
			$this->open_form( 'confirm_copy' );
			submit_button( __( 'Use the production network key on this copy', 'key-guard-for-openai' ), 'secondary', 'confirm', false );
			echo '</form></div>';
		}
		if ( ! $status['editable'] ) {
			echo '<p>' . esc_html__( 'OPENAI_API_KEY is set in the server environment or wp-config.php: it is the key of every site, and a network key would not be used.', 'key-guard-for-openai' ) . '</p>';
		} else {
			$this->key_forms( $status['configured'] );
		}
		$this->settings_form( $status );
		$this->usage_table( $report );
		echo '</div>';
	}

	/**
	 * The forms that save and remove the network key.
	 *
	 * @param bool $configured Whether a network key is set.
	 * @return void
	 */
	private function key_forms( $configured ) {
		$this->open_form( 'save_key' );
		echo '<table class="form-table" role="presentation"><tr><th scope="row"><label for="key-guard-network-key">' . esc_html( $configured ? __( 'Replace the network key', 'key-guard-for-openai' ) : __( 'Network key', 'key-guard-for-openai' ) ) . '</label></th><td>';
		echo '<input type="password" id="key-guard-network-key" name="key_guard_key" class="regular-text" autocomplete="off" spellcheck="false" required aria-describedby="key-guard-network-key-help" />';
		echo '<p class="description" id="key-guard-network-key-help">' . esc_html__( 'A secret key from platform.openai.com. It is stored encrypted and never shown again.', 'key-guard-for-openai' ) . '</p></td></tr></table>';
		submit_button( __( 'Save network key', 'key-guard-for-openai' ) );
		echo '</form>';
		if ( $configured ) {
			$this->open_form( 'remove_key' );
			echo '<p>' . esc_html__( 'Removing it leaves every site without a key of its own with no key.', 'key-guard-for-openai' ) . '</p>';
			submit_button( __( 'Remove network key', 'key-guard-for-openai' ), 'delete', 'remove' );
			echo '</form>';
		}
	}

	/**
	 * The form of the network's settings.
	 *
	 * @param array<string, mixed> $status The network key's status, with the settings.
	 * @return void
	 */
	private function settings_form( array $status ) {
		echo '<h2>' . esc_html__( 'Sites and budget', 'key-guard-for-openai' ) . '</h2>';
		$this->open_form( 'settings' );
		echo '<table class="form-table" role="presentation"><tr><th scope="row">' . esc_html__( 'Site keys', 'key-guard-for-openai' ) . '</th><td>';
		echo '<label><input type="checkbox" name="key_guard_allow_site_keys" value="1"' . checked( $status['allow_site_keys'], true, false ) . ' /> ' . esc_html__( 'Allow a site to use a key of its own instead of the network key', 'key-guard-for-openai' ) . '</label></td></tr>';
		echo '<tr><th scope="row"><label for="key-guard-network-budget">' . esc_html__( 'Network monthly budget (US dollars)', 'key-guard-for-openai' ) . '</label></th><td>';
		$budget = null === $status['monthly_budget_usd'] ? '' : (string) $status['monthly_budget_usd'];
		echo '<input type="text" inputmode="decimal" id="key-guard-network-budget" name="key_guard_budget" class="small-text" value="' . esc_attr( $budget ) . '" aria-describedby="key-guard-network-budget-help" />';
		echo '<p class="description" id="key-guard-network-budget-help">' . esc_html__( 'The most all sites together may spend on OpenAI in a calendar month (UTC). Once it is reached, every site\'s requests are held back until the month ends. Leave empty for no network budget; each site keeps its own limits too.', 'key-guard-for-openai' ) . '</p></td></tr></table>';
		submit_button( __( 'Save settings', 'key-guard-for-openai' ) );
		echo '</form>';
	}

	/**
	 * This month's use, in total and per site.
	 *
	 * @param array<string, mixed> $report Network_Usage::report().
	 * @return void
	 */
	private function usage_table( array $report ) {
		echo '<h2>' . esc_html__( 'Use this month', 'key-guard-for-openai' ) . '</h2>';
		$budget = $this->settings->monthly_budget_usd();
		echo '<p>';
		if ( null === $budget ) {
			/* translators: %s: an amount in US dollars. */
			printf( esc_html__( 'All sites together spent an estimated %s.', 'key-guard-for-openai' ), esc_html( Spend_Alerts::usd( $report['total']['cost_usd'] ) ) );
		} else {
			/* translators: 1: an amount in US dollars, 2: the network budget in US dollars. */
			printf( esc_html__( 'All sites together spent an estimated %1$s of the network budget of %2$s.', 'key-guard-for-openai' ), esc_html( Spend_Alerts::usd( $report['total']['cost_usd'] ) ), esc_html( Spend_Alerts::usd( $budget ) ) );
		}
		echo '</p><table class="widefat striped"><caption class="screen-reader-text">' . esc_html__( 'OpenAI use per site this month', 'key-guard-for-openai' ) . '</caption><thead><tr>';
		foreach ( array( __( 'Site', 'key-guard-for-openai' ), __( 'Requests', 'key-guard-for-openai' ), __( 'Held back', 'key-guard-for-openai' ), __( 'Tokens', 'key-guard-for-openai' ), __( 'Estimated cost', 'key-guard-for-openai' ) ) as $heading ) {
			echo '<th scope="col">' . esc_html( $heading ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		foreach ( $report['sites'] as $site ) {
			echo '<tr><th scope="row"><a href="' . esc_url( get_admin_url( $site['site_id'], 'options-general.php?page=key-guard-for-openai' ) ) . '">' . esc_html( '' !== $site['name'] ? $site['name'] : $site['url'] ) . '</a></th>';
			echo '<td>' . esc_html( number_format_i18n( $site['requests'] ) ) . '</td><td>' . esc_html( number_format_i18n( $site['blocked'] ) ) . '</td>';
			echo '<td>' . esc_html( number_format_i18n( $site['input_tokens'] + $site['output_tokens'] ) ) . '</td><td>' . esc_html( Spend_Alerts::usd( $site['cost_usd'] ) ) . '</td></tr>';
		}
		echo '</tbody></table>';
	}

	/**
	 * Opens a form that posts a task to edit.php, with its nonce.
	 *
	 * @param string $task The task.
	 * @return void
	 */
	private function open_form( $task ) {
		echo '<form method="post" action="' . esc_url( network_admin_url( 'edit.php?action=' . self::ACTION ) ) . '">';
		wp_nonce_field( self::ACTION );
		echo '<input type="hidden" name="key_guard_task" value="' . esc_attr( $task ) . '" />';
	}

	/**
	 * Keeps the outcome of a change for the page the redirect leads to (a minute, this user only).
	 *
	 * @param array{0: string, 1: string} $notice Type (success or error) and message.
	 * @return void
	 */
	private function remember( array $notice ) {
		set_site_transient( self::ACTION . '_' . get_current_user_id(), $notice, 60 );
	}

	/**
	 * Shows the outcome of the last change, once.
	 *
	 * @return void
	 */
	private function notice() {
		$name   = self::ACTION . '_' . get_current_user_id();
		$notice = get_site_transient( $name );
		if ( ! is_array( $notice ) || ! isset( $notice[0], $notice[1] ) ) {
			return;
		}
		delete_site_transient( $name );
		$type = 'error' === $notice[0] ? 'error' : 'success';
		echo '<div class="notice notice-' . esc_attr( $type ) . '" role="' . ( 'error' === $type ? 'alert' : 'status' ) . '"><p>' . esc_html( (string) $notice[1] ) . '</p></div>';
	}
}
