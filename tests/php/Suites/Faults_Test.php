<?php
/**
 * The fault contract end to end: each upstream or network fault through POST /test, as an administrator.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Admin\Assets;
use Key_Guard\Admin\Settings_Page;
use Key_Guard\Audit\Audit_Log;
use Key_Guard\Connection\Advice;
use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Shape;
use Key_Guard\Key\Key_Store;
use Key_Guard\REST\Controller;


/**
 * Every fault, testing the stored key and testing a typed key: the answer is the diagnosis, nothing
 * stored changes (but the stored key's last test), and the settings screen still works afterwards.
 */
final class Faults_Test extends TestCase {

	/**
	 * Each fault: diagnosis code, HTTP status reported, requests that reach the simulator (a 5xx is
	 * retried once, after the default 1 s wait, as it carries no retry-after).
	 */
	const FAULTS = array(
		'server_error'         => array( 'server_error', 500, 2 ),
		'overloaded'           => array( 'server_error', 503, 2 ),
		'bad_gateway_html'     => array( 'server_error', 502, 2 ),
		'gateway_timeout_html' => array( 'server_error', 504, 2 ),
		'non_json'             => array( 'bad_response', 200, 1 ),
		'slow'                 => array( 'timeout', null, 1 ),
		'connection_failed'    => array( 'connection_failed', null, 1 ),
		'dns_failure'          => array( 'dns_failure', null, 0 ),
		'refused'              => array( 'connection_failed', null, 0 ),
	);

	/** PHP errors the page must not raise while the fault is handled. */
	const NOTICES = E_WARNING | E_NOTICE | E_DEPRECATED | E_USER_WARNING | E_USER_NOTICE | E_USER_DEPRECATED;

	/**
	 * Every fault × (the stored key | a typed key while another key is stored): 18 cases.
	 *
	 * @return array
	 */
	public function fault_cases() {
		$cases = array();
		foreach ( array_keys( self::FAULTS ) as $fault ) {
			$cases[ "$fault, stored key" ] = array( $fault, 'stored' );
			$cases[ "$fault, typed key" ]  = array( $fault, 'typed' );
		}
		return $cases;
	}

	/**
	 * A fault yields its diagnosis in a 200 report, changes nothing stored, and leaves the screen working.
	 *
	 * The slow fault runs on the real 14 s budget when the stored key is tested, and on a 2 s budget
	 * (the key_guard_test_timeout filter) for the typed key, to keep the suite quick.
	 *
	 * @dataProvider fault_cases
	 *
	 * @param string $fault A key of self::FAULTS.
	 * @param string $path  'stored' or 'typed'.
	 */
	public function test_fault( $fault, $path ) {
		list( $code, $status, $attempts ) = self::FAULTS[ $fault ];
		$this->expectOutputString( '' );
		wp_set_current_user( self::user( 'administrator' ) );

		$scenario = in_array( $fault, array( 'dns_failure', 'refused' ), true ) ? 'ok' : $fault;
		$faulty   = Sim_Keys::key( $scenario, 'faults' );
		$stored   = 'stored' === $path ? $faulty : Sim_Keys::key( 'ok', 'faultsstored' );
		$this->assertSame( 200, self::rest( 'POST', '/key', array( 'key' => $stored ) )->get_status() );
		if ( 'dns_failure' === $fault ) {
			putenv( 'OPENAI_BASE_URL=http://key-guard-faults.invalid/v1' );
		} elseif ( 'refused' === $fault ) {
			putenv( 'OPENAI_BASE_URL=http://127.0.0.1:' . self::closed_port() . '/v1' );
		}
		$budget = static function () {
			return 2;
		};
		if ( 'slow' === $fault && 'typed' === $path ) {
			add_filter( 'key_guard_test_timeout', $budget );
		}

		$status_before = self::rest( 'GET', '/key' )->get_data();
		$raw_before    = self::raw_option();
		$meta_before   = self::raw_row( Key_Metadata::OPTION );
		$audit_before  = get_option( Audit_Log::OPTION );
		$others_before = self::other_options();
		wp_remote_post( self::control_url() . '/reset' );

		$errors = array();
		set_error_handler(
			static function ( $number, $message, $file, $line ) use ( &$errors ) {
				if ( error_reporting() & $number ) { // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.runtime_configuration_error_reporting -- reads it: @-silenced calls stay silent.
					$errors[] = "$message in $file:$line";
				}
				return true;
			},
			self::NOTICES
		);
		try {
			$response = self::rest( 'POST', '/test', 'typed' === $path ? array( 'key' => $faulty ) : array() );
			$after    = self::rest( 'GET', '/key' );
			$html     = self::admin_page();
		} finally {
			restore_error_handler();
			remove_filter( 'key_guard_test_timeout', $budget );
		}
		$this->assertSame( array(), $errors, 'No PHP warning, notice or deprecation while handling the fault.' );

		// The answer: a 200 report with the fault's own diagnosis, in words.
		$this->assertSame( 200, $response->get_status() );
		$result = $response->get_data();
		$this->assertFalse( $result['ok'] );
		$this->assertSame( $code, $result['code'], $result['checks'][1]['detail'] );
		$this->assertSame( $status, $result['http_status'] );
		$this->assertSame( 'stored' === $path ? 'stored' : 'candidate', $result['key_source'] );
		$this->assertSame( array( 'pass', 'fail', 'skip' ), wp_list_pluck( $result['checks'], 'status' ) );
		$this->assertSame( Advice::for_code( $code )['message'], $result['message'] );
		$this->assertNotSame( '', trim( $result['advice'] ) );
		$this->assertNotSame( '', trim( $result['checks'][1]['detail'] ) );
		$json = (string) wp_json_encode( $result );
		$this->assertStringNotContainsStringIgnoringCase( '<html', $json, 'An upstream page is described, not repeated.' );
		$this->assertStringNotContainsString( substr( $faulty, 10, 20 ), $json );
		$this->assertLessThan( 'slow' === $fault && 'typed' === $path ? 4000 : 15000, $result['latency_ms'], 'The time budget is kept.' );
		$this->assertCount( $attempts, self::upstream_requests(), 'Requests that reached the simulator (5xx: one retry).' );

		// Nothing stored changes: the key row byte for byte, the key, our metadata but the stored key's last test, other options.
		wp_cache_delete( Key_Store::OPTION, 'options' );
		wp_cache_delete( Key_Metadata::OPTION, 'options' );
		$this->assertSame( $raw_before, self::raw_option() );
		$this->assertSame( $stored, get_option( Key_Store::OPTION ) );
		$meta = get_option( Key_Metadata::OPTION );
		if ( 'stored' === $path ) {
			$this->assertSame( $result, $meta['last_test'], 'A test of the stored key records its outcome.' );
			$this->assertSame( array_diff_key( maybe_unserialize( $meta_before ), array( 'last_test' => 0 ) ), array_diff_key( $meta, array( 'last_test' => 0 ) ) );
		} else {
			$this->assertSame( $meta_before, self::raw_row( Key_Metadata::OPTION ), 'A typed key\'s test records nothing.' );
		}
		$audit = get_option( Audit_Log::OPTION );
		$this->assertSame( array( 'tested', ( 'typed' === $path ? 'typed_' : '' ) . $code ), array( $audit[0]['event'], $audit[0]['outcome'] ) );
		$this->assertSame( $audit_before, array_slice( $audit, 1 ), 'The audit log only gains the test.' );
		$this->assertSame( $others_before, self::other_options() );

		// The screen keeps working: the status route and the page with its preloaded status.
		$this->assertSame( 200, $after->get_status() );
		$status_after = $after->get_data();
		$this->assertTrue( $status_after['configured'] );
		$this->assertSame( Key_Shape::mask( $stored ), $status_after['masked'] );
		$this->assertSame( $status_before['masked'], $status_after['masked'] );
		$this->assertSame( 'stored' === $path ? $result : $status_before['last_test'], $status_after['last_test'] );
		$this->assertStringContainsString( 'id="key-guard-root"', $html['page'] );
		$this->assertStringNotContainsString( 'notice-error', $html['page'] );
		$this->assertDoesNotMatchRegularExpression( '/(Fatal error|Warning|Notice|Deprecated|Parse error):|on line \d+/i', $html['page'] );
		$this->assertSame( $status_after, $html['preload'] );
	}

	/**
	 * Prints the settings screen as WordPress would: its assets with the preloaded status, then its shell.
	 *
	 * @return array{page: string, preload: mixed} The shell's HTML and the GET /key body preloaded for the script.
	 */
	private static function admin_page() {
		if ( ! is_readable( dirname( KEY_GUARD_FILE ) . '/build/settings.asset.php' ) ) {
			self::fail( 'The screen is not built: run npm run build first.' );
		}
		$scripts = wp_scripts();
		$saved   = $scripts->get_data( 'wp-api-fetch', 'after' );
		$page    = new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) );
		$page->enqueue();
		$inline = $scripts->get_data( 'wp-api-fetch', 'after' );
		$scripts->add_data( 'wp-api-fetch', 'after', $saved );
		wp_dequeue_script( Assets::handle( Settings_Page::ENTRY ) );
		wp_dequeue_style( Assets::handle( Settings_Page::ENTRY ) );
		preg_match( '/createPreloadingMiddleware\( (.*) \) \);$/s', (string) end( $inline ), $match );
		$preload = json_decode( $match[1] ?? '', true );
		ob_start();
		$page->render();
		return array(
			'page'    => (string) ob_get_clean(),
			'preload' => $preload[ '/' . Controller::NAMESPACE . '/key' ]['body'] ?? null,
		);
	}

	/**
	 * A local port nothing listens on: bound by the system, then released.
	 *
	 * @return int
	 */
	private static function closed_port() {
		$server = stream_socket_server( 'tcp://127.0.0.1:0', $number, $message );
		self::assertNotFalse( $server, (string) $message );
		$port = (int) substr( (string) strrchr( (string) stream_socket_get_name( $server, false ), ':' ), 1 );
		fclose( $server );
		return $port;
	}

	/**
	 * The simulator's control routes.
	 *
	 * @return string
	 */
	private static function control_url() {
		return preg_replace( '#/v1$#', '', self::simulator_url() ) . '/__simulator';
	}

	/**
	 * The API requests the simulator received since the last reset.
	 *
	 * @return array
	 */
	private static function upstream_requests() {
		$requests = json_decode( wp_remote_retrieve_body( wp_remote_get( self::control_url() . '/requests' ) ), true );
		self::assertIsArray( $requests, 'The simulator answers its control route.' );
		return $requests;
	}

	/**
	 * One option's raw row, bypassing every filter and cache.
	 *
	 * @param string $name Option name.
	 * @return string|null
	 */
	private static function raw_row( $name ) {
		global $wpdb;
		return $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $name ) );
	}

	/**
	 * Every other option row, raw: all but the key, our metadata, the audit log and transients.
	 *
	 * @return array<string, string>
	 */
	private static function other_options() {
		global $wpdb;
		$rows = array_column( $wpdb->get_results( "SELECT option_name, option_value FROM {$wpdb->options}", ARRAY_A ), 'option_value', 'option_name' );
		foreach ( array_keys( $rows ) as $name ) {
			if ( in_array( $name, array( Key_Store::OPTION, Key_Metadata::OPTION, Audit_Log::OPTION ), true ) || preg_match( '/^_(site_)?transient_/', $name ) ) {
				unset( $rows[ $name ] );
			}
		}
		ksort( $rows );
		return $rows;
	}
}
