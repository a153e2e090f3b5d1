<?php
/**
 * Bench helper, run with the PHP CLI against a bench site: `php site-facts.php SITE_DIR ACTION`.
 *
 * Actions (each prints one JSON line):
 * - set-key:    saves the key given as third argument (encrypted while the plugin is active).
 * - deactivate: deactivates the plugin (the key goes back to plaintext, as for any user).
 * - autoload:   bytes of the autoloaded options the plugin stores (ours, and the key's row if it
 *               were autoloaded), with their names.
 * - lookup:     what another plugin pays to read the key: queries of the first get_option() in a
 *               fresh request, and microseconds per later call (median of 7 runs of 20,000 calls).
 * - guard:      what the usage guard adds to a request through the HTTP API, A/B in one process
 *               (its two hooks on, then removed): microseconds and database writes per OpenAI
 *               request (the HTTP API's hooks fired as the transport does, with a real answer
 *               body, no network) without limits and with a daily cap and a monthly budget, and
 *               per request to another host. Medians of 7 runs of 200 requests.
 *
 * @package Key_Guard
 */

// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals -- a command-line script, not plugin code.
// phpcs:disable WordPress.DB.DirectDatabaseQuery -- it measures the database itself.

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	exit( 1 );
}
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
define( 'SAVEQUERIES', false );
require rtrim( $argv[1], '/' ) . '/wp-load.php';
global $wpdb;

$option = 'connectors_ai_openai_api_key';
switch ( $argv[2] ) {
	case 'set-key':
		update_option( $option, (string) ( $argv[3] ?? '' ), false );
		echo wp_json_encode( array( 'saved' => '' !== get_option( $option ) ) ), "\n";
		break;
	case 'deactivate':
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		deactivate_plugins( 'key-guard-for-openai/plugin.php' );
		echo wp_json_encode( array( 'active' => is_plugin_active( 'key-guard-for-openai/plugin.php' ) ) ), "\n";
		break;
	case 'autoload':
		$rows = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT option_name, LENGTH(option_name) + LENGTH(option_value) AS bytes FROM {$wpdb->options} WHERE autoload IN ('yes','on','auto-on','auto') AND ( option_name LIKE %s OR option_name = %s )",
				$wpdb->esc_like( 'key_guard_' ) . '%',
				$option
			)
		);
		echo wp_json_encode(
			array(
				'bytes'   => array_sum( wp_list_pluck( $rows, 'bytes' ) ),
				'options' => wp_list_pluck( $rows, 'option_name' ),
			)
		), "\n";
		break;
	case 'lookup':
		wp_cache_flush();
		wp_load_alloptions();
		$before = $wpdb->num_queries;
		$key    = get_option( $option );
		$first  = $wpdb->num_queries - $before;
		$runs   = array();
		for ( $run = 0; $run < 7; $run++ ) {
			$started = hrtime( true );
			for ( $i = 0; $i < 20000; $i++ ) {
				get_option( $option );
			}
			$runs[] = ( hrtime( true ) - $started ) / 1000 / 20000;
		}
		sort( $runs );
		echo wp_json_encode(
			array(
				'configured'    => is_string( $key ) && '' !== $key,
				'first_queries' => $first,
				'later_us'      => round( $runs[3], 3 ),
			)
		), "\n";
		break;
	case 'guard':
		echo wp_json_encode( key_guard_bench_guard() ), "\n";
		break;
}

/**
 * The usage guard's cost per request, A/B (see the header).
 *
 * @return array
 */
function key_guard_bench_guard() {
	global $wpdb;
	$limits = key_guard()->get( 'limits' );
	$writes = 0;
	add_filter(
		'query',
		static function ( $sql ) use ( &$writes ) {
			if ( preg_match( '/^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i', $sql ) ) {
				++$writes;
			}
			return $sql;
		}
	);
	$openai   = 'https://api.openai.com/v1/responses';
	$other    = 'https://example.com/wp-json/wp/v2/posts';
	$args     = array(
		'method'  => 'POST',
		'body'    => '{"model":"gpt-4o-mini","input":"Summarise this post in one sentence.","max_output_tokens":200}',
		'headers' => array( 'Authorization' => 'Bearer sk-bench' ),
	);
	$response = array(
		'headers'  => new WpOrg\Requests\Utility\CaseInsensitiveDictionary( array( 'content-type' => 'application/json' ) ),
		'body'     => '{"id":"resp_1","object":"response","model":"gpt-4o-mini-2024-07-18","service_tier":"default","usage":{"input_tokens":21,"input_tokens_details":{"cached_tokens":0},"output_tokens":35,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":56}}',
		'response' => array(
			'code'    => 200,
			'message' => 'OK',
		),
		'cookies'  => array(),
	);
	$one      = static function ( $url ) use ( $args, $response ) {
		$pre = apply_filters( 'pre_http_request', false, $args, $url );
		if ( false === $pre ) {
			do_action( 'http_api_debug', $response, 'response', 'WpOrg\Requests\Requests', $args, $url );
		}
	};
	$measure  = static function ( $url ) use ( $one, &$writes ) {
		$runs  = array();
		$count = array();
		for ( $run = 0; $run < 7; $run++ ) {
			$writes  = 0;
			$started = hrtime( true );
			for ( $i = 0; $i < 200; $i++ ) {
				$one( $url );
			}
			$runs[]  = ( hrtime( true ) - $started ) / 1000 / 200;
			$count[] = $writes / 200;
		}
		sort( $runs );
		return array( $runs[3], max( $count ) );
	};
	$on       = array();
	delete_option( 'key_guard_limits' );
	$on['openai'] = $measure( $openai );
	$on['other']  = $measure( $other );
	$limits->update(
		array(
			'requests_per_day'   => 1000000,
			'monthly_budget_usd' => 1000000,
		)
	);
	$on['limited'] = $measure( $openai );
	delete_option( 'key_guard_limits' );
	if ( ! remove_filter( 'pre_http_request', key_guard()->callback( 'meter', 'decide' ), PHP_INT_MAX ) || ! remove_action( 'http_api_debug', key_guard()->callback( 'meter', 'account' ), 10 ) ) {
		fwrite( STDERR, "The usage guard's hooks could not be removed for the B side.\n" );
		exit( 1 );
	}
	$off_openai = $measure( $openai );
	$off_other  = $measure( $other );
	foreach ( array( 'key_guard_usage', 'key_guard_requests', 'key_guard_quota' ) as $table ) {
		$wpdb->query( "DELETE FROM {$wpdb->prefix}{$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own tables, emptied after the bench.
	}
	return array(
		'openai_us'         => round( $on['openai'][0] - $off_openai[0], 1 ),
		'openai_writes'     => $on['openai'][1],
		'limited_us'        => round( $on['limited'][0] - $off_openai[0], 1 ),
		'limited_writes'    => $on['limited'][1],
		'other_us'          => round( $on['other'][0] - $off_other[0], 2 ),
		'other_writes'      => $on['other'][1],
		'baseline_hooks_us' => round( $off_openai[0], 2 ),
	);
}
