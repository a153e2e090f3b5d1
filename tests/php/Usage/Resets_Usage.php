<?php
/**
 * Starting each usage test from empty tables and no limits.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Usage\Limits;
use Key_Guard\Usage\Spend_Alert_Notice;

/**
 * Empties the usage tables and removes the limits and the last alert around each test, and sends
 * requests to the simulator the way any plugin would.
 */
trait Resets_Usage {

	/**
	 * Empties the plugin's usage tables (as installed by the plugin) and its limits.
	 */
	protected static function reset_usage() {
		global $wpdb;
		// Other suites uninstall and reinstall the plugin's data: start from an installed site.
		if ( ! self::kg( 'quota' )->exists() || ! self::kg( 'usage' )->exists() || ! self::kg( 'requests' )->exists() || get_option( 'key_guard_version' ) !== KEY_GUARD_VERSION ) {
			self::kg( 'installer' )->install();
		}
		// A test that let a request go without its answer leaves it awaited: account it now, not at
		// the end of the test run, and empty the tables after.
		self::kg( 'meter' )->account_unanswered();
		foreach ( array( 'usage', 'requests', 'quota' ) as $name ) {
			$wpdb->query( 'DELETE FROM ' . self::kg( $name )->name() ); // phpcs:ignore WordPress.DB -- Test clean-up of our own tables.
		}
		delete_option( Limits::OPTION );
		delete_option( Spend_Alert_Notice::OPTION );
	}

	/**
	 * Starts catching mail.
	 */
	protected function catch_mails() {
		$this->mails = array();
		add_filter( 'pre_wp_mail', array( $this, 'catch_mail' ), 10, 2 );
	}

	/**
	 * Stops catching mail.
	 */
	protected function release_mails() {
		remove_filter( 'pre_wp_mail', array( $this, 'catch_mail' ) );
	}

	/**
	 * Mail the site sent in this test, caught before it leaves (pre_wp_mail).
	 *
	 * @var array[]
	 */
	protected $mails = array();

	/**
	 * Catches the site's mail instead of sending it.
	 *
	 * @param null|bool $short Another filter's answer.
	 * @param array     $atts  to, subject, message, headers, attachments.
	 * @return bool
	 */
	public function catch_mail( $short, $atts ) {
		$this->mails[] = $atts;
		return true;
	}

	/**
	 * Sets limits as the screen would.
	 *
	 * @param array $changes The fields to change.
	 * @throws \RuntimeException When the limits refuse them.
	 */
	protected static function limit( array $changes ) {
		$saved = self::kg( 'limits' )->update( $changes );
		if ( is_wp_error( $saved ) ) {
			throw new \RuntimeException( $saved->get_error_message() );
		}
	}

	/**
	 * A request to the API (the simulator) through wp_remote_post, as any plugin sends it.
	 *
	 * @param array  $body     The JSON body.
	 * @param string $endpoint The path below the base URL.
	 * @param string $scenario The simulator scenario the key plays.
	 * @return array|\WP_Error
	 */
	protected static function post_openai( array $body, $endpoint = '/responses', $scenario = 'ok' ) {
		return wp_remote_post(
			self::simulator_url() . $endpoint,
			array(
				'headers' => array(
					'Authorization' => 'Bearer ' . Sim_Keys::key( $scenario, 'usage' ),
					'Content-Type'  => 'application/json',
				),
				'body'    => wp_json_encode( $body ),
				'timeout' => 10,
			)
		);
	}

	/**
	 * A request as the HTTP API runs it through its public hooks: let go by pre_http_request (an
	 * assertion), then its answer, or its failure, handed to http_api_debug.
	 *
	 * @param string               $url      The request's URL.
	 * @param array<string, mixed> $args     The HTTP API's arguments.
	 * @param array|\WP_Error      $answer   The answer, or the failure.
	 * @param mixed                $reported The URL http_api_debug reports (default: $url).
	 */
	protected static function through_hooks( $url, array $args, $answer, $reported = null ) {
		self::assertFalse( apply_filters( 'pre_http_request', false, $args, $url ), 'let go' ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- The HTTP API's own hook, fired as the HTTP API does.
		do_action( 'http_api_debug', $answer, 'response', 'Requests', $args, null === $reported ? $url : $reported ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- The HTTP API's own hook, fired as the HTTP API does.
	}

	/**
	 * An answer as the HTTP API hands it over.
	 *
	 * @param string $body   Its body.
	 * @param string $type   Its content type.
	 * @param int    $status Its status.
	 * @return array<string, mixed>
	 */
	protected static function answer( $body, $type = 'application/json', $status = 200 ) {
		return array(
			'headers'  => array( 'content-type' => $type ),
			'body'     => $body,
			'response' => array( 'code' => $status ),
		);
	}

	/**
	 * The day rows of today, keyed model|caller.
	 *
	 * @return array<string, array>
	 */
	protected static function today_rows() {
		$today = wp_date( 'Y-m-d' );
		$rows  = array();
		foreach ( self::kg( 'usage' )->rows( $today, $today ) as $row ) {
			$rows[ $row['model'] . '|' . $row['caller'] ] = $row;
		}
		return $rows;
	}
}
