<?php
/**
 * Plugin Name: Key Guard cluster probe
 * Description: Test sites of tests/cluster only (copied in by startCluster): REST endpoints that say which web server, PHP worker and database connection answered, read and write the object cache, count in a table atomically or not, and send a request to the OpenAI simulator. Open to anyone: never on a real site.
 *
 * @package Key_Guard
 */

defined( 'ABSPATH' ) || exit;

const KEY_GUARD_CLUSTER_NAMESPACE   = 'key-guard-cluster/v1';
const KEY_GUARD_CLUSTER_CACHE_GROUP = 'key-guard-cluster';

/**
 * The counts table's name.
 *
 * @return string
 */
function key_guard_cluster_table() {
	global $wpdb;
	return $wpdb->prefix . 'kg_cluster_counts';
}

/**
 * Creates the counts table (once, from the test, before any request counts).
 *
 * @return bool Whether the table exists.
 */
function key_guard_cluster_install() {
	global $wpdb;
	$table = key_guard_cluster_table();
	$wpdb->query( "CREATE TABLE IF NOT EXISTS {$table} ( name VARCHAR(64) NOT NULL PRIMARY KEY, n BIGINT UNSIGNED NOT NULL DEFAULT 0 ) ENGINE=InnoDB {$wpdb->get_charset_collate()}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- a table name.
	return $table === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) );
}

/**
 * Who answered: the web server's port, the PHP worker and its server process, the database.
 *
 * @param WP_REST_Request $request Request: pause_ms, how long to hold the worker (so parallel
 *                                 requests need several).
 * @return array
 */
function key_guard_cluster_who( WP_REST_Request $request ) {
	global $wpdb;
	usleep( 1000 * (int) $request['pause_ms'] );
	$db = $wpdb->get_row( 'SELECT VERSION() AS version, CONNECTION_ID() AS connection_id, DATABASE() AS name, @@socket AS socket, @@datadir AS datadir', ARRAY_A );
	return array(
		'port'         => (int) ( $_SERVER['SERVER_PORT'] ?? 0 ),
		'host'         => sanitize_text_field( wp_unslash( $_SERVER['HTTP_HOST'] ?? '' ) ),
		'pid'          => getmypid(),
		// The web server's process group: serve.mjs starts php -S as a group leader, and the workers
		// it forks (PHP_CLI_SERVER_WORKERS) stay in its group, so this is the server's own pid.
		'server_pid'   => function_exists( 'posix_getpgid' ) ? posix_getpgid( 0 ) : null,
		'home'         => home_url(),
		'db'           => array(
			'version'       => $db['version'],
			'connection_id' => (int) $db['connection_id'],
			'name'          => $db['name'],
			'socket'        => $db['socket'],
			'datadir'       => $db['datadir'],
		),
		'object_cache' => (bool) wp_using_ext_object_cache(),
	);
}

/**
 * Adds one to a named count: atomically (one upsert) or by reading, waiting and writing back,
 * which loses counts when requests overlap (the mistake the usage guard must not make).
 *
 * @param WP_REST_Request $request Request: name, mode (atomic|racy), pause_ms (racy only).
 * @return array
 */
function key_guard_cluster_count( WP_REST_Request $request ) {
	global $wpdb;
	$table = key_guard_cluster_table();
	$name  = $request['name'];
	if ( 'atomic' === $request['mode'] ) {
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$table} ( name, n ) VALUES ( %s, 1 ) ON DUPLICATE KEY UPDATE n = n + 1", $name ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- a table name.
	} else {
		$n = (int) $wpdb->get_var( $wpdb->prepare( "SELECT n FROM {$table} WHERE name = %s", $name ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- a table name.
		usleep( 1000 * (int) $request['pause_ms'] );
		$wpdb->replace(
			$table,
			array(
				'name' => $name,
				'n'    => $n + 1,
			)
		);
	}
	return array(
		'port'  => (int) ( $_SERVER['SERVER_PORT'] ?? 0 ),
		'pid'   => getmypid(),
		'error' => $wpdb->last_error,
	);
}

/**
 * Sends a Responses request to OPENAI_BASE_URL with the HTTP API, as a plugin would.
 *
 * @param WP_REST_Request $request Request: key, model, safe (wp_safe_remote_post instead of wp_remote_post),
 *                                 max_output_tokens, guard (false: without the usage guard's hooks).
 * @return array
 */
function key_guard_cluster_openai( WP_REST_Request $request ) {
	if ( ! defined( 'OPENAI_BASE_URL' ) ) {
		return array( 'error' => 'OPENAI_BASE_URL is not defined (start the cluster with the simulator)' );
	}
	if ( false === $request['guard'] && function_exists( 'key_guard' ) ) {
		// The bench's B side: the same request with the usage guard's two hooks removed.
		if ( ! remove_filter( 'pre_http_request', key_guard()->callback( 'meter', 'decide' ), PHP_INT_MAX ) || ! remove_action( 'http_api_debug', key_guard()->callback( 'meter', 'account' ), 10 ) ) {
			return array( 'error' => 'the usage guard\'s hooks could not be removed' );
		}
	}
	$send     = $request['safe'] ? 'wp_safe_remote_post' : 'wp_remote_post';
	$response = $send(
		OPENAI_BASE_URL . '/responses',
		array(
			'headers' => array(
				'Authorization' => 'Bearer ' . $request['key'],
				'Content-Type'  => 'application/json',
			),
			'body'    => wp_json_encode( key_guard_cluster_openai_body( $request ) ),
			'timeout' => 10,
		)
	);
	if ( is_wp_error( $response ) ) {
		return array(
			'error' => $response->get_error_message(),
			'code'  => $response->get_error_code(),
			'data'  => $response->get_error_data(),
		);
	}
	return array(
		'port'   => (int) ( $_SERVER['SERVER_PORT'] ?? 0 ),
		'status' => wp_remote_retrieve_response_code( $response ),
		'body'   => json_decode( wp_remote_retrieve_body( $response ), true ),
	);
}

/**
 * The Responses body the probe sends: the model, a short input and, when asked, a declared
 * output maximum (what the usage guard reserves for a budget).
 *
 * @param WP_REST_Request $request Request: model, max_output_tokens.
 * @return array
 */
function key_guard_cluster_openai_body( WP_REST_Request $request ) {
	$body = array(
		'model' => $request['model'],
		'input' => 'Say hello.',
	);
	if ( $request['max_output_tokens'] ) {
		$body['max_output_tokens'] = (int) $request['max_output_tokens'];
	}
	return $body;
}

/**
 * The schema of a `pause_ms` argument: how long a request holds its worker, in milliseconds.
 *
 * @return array
 */
function key_guard_cluster_pause_arg() {
	return array(
		'type'    => 'integer',
		'minimum' => 0,
		'maximum' => 1000,
		'default' => 0,
	);
}

add_action(
	'rest_api_init',
	static function () {
		$open = '__return_true';
		register_rest_route(
			KEY_GUARD_CLUSTER_NAMESPACE,
			'/whoami',
			array(
				'methods'             => 'GET',
				'callback'            => 'key_guard_cluster_who',
				'permission_callback' => $open,
				'args'                => array( 'pause_ms' => key_guard_cluster_pause_arg() ),
			)
		);
		register_rest_route(
			KEY_GUARD_CLUSTER_NAMESPACE,
			'/cache',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => static function ( WP_REST_Request $request ) {
						$value = wp_cache_get( $request['key'], KEY_GUARD_CLUSTER_CACHE_GROUP, false, $found );
						return array(
							'port'  => (int) ( $_SERVER['SERVER_PORT'] ?? 0 ),
							'found' => $found,
							'value' => $value,
						);
					},
					'permission_callback' => $open,
					'args'                => array(
						'key' => array(
							'type'     => 'string',
							'required' => true,
						),
					),
				),
				array(
					'methods'             => 'POST',
					'callback'            => static function ( WP_REST_Request $request ) {
						return array(
							'port'   => (int) ( $_SERVER['SERVER_PORT'] ?? 0 ),
							'stored' => wp_cache_set( $request['key'], $request['value'], KEY_GUARD_CLUSTER_CACHE_GROUP, 300 ),
						);
					},
					'permission_callback' => $open,
					'args'                => array(
						'key'   => array(
							'type'     => 'string',
							'required' => true,
						),
						'value' => array(
							'type'     => 'string',
							'required' => true,
						),
					),
				),
			)
		);
		register_rest_route(
			KEY_GUARD_CLUSTER_NAMESPACE,
			'/count',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => static function ( WP_REST_Request $request ) {
						global $wpdb;
						$table = key_guard_cluster_table();
						return array( 'n' => (int) $wpdb->get_var( $wpdb->prepare( "SELECT n FROM {$table} WHERE name = %s", $request['name'] ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- a table name.
					},
					'permission_callback' => $open,
					'args'                => array(
						'name' => array(
							'type'     => 'string',
							'required' => true,
						),
					),
				),
				array(
					'methods'             => 'POST',
					'callback'            => 'key_guard_cluster_count',
					'permission_callback' => $open,
					'args'                => array(
						'name'     => array(
							'type'      => 'string',
							'required'  => true,
							'maxLength' => 64,
						),
						'mode'     => array(
							'type'    => 'string',
							'enum'    => array( 'atomic', 'racy' ),
							'default' => 'atomic',
						),
						'pause_ms' => key_guard_cluster_pause_arg(),
					),
				),
			)
		);
		register_rest_route(
			KEY_GUARD_CLUSTER_NAMESPACE,
			'/openai',
			array(
				'methods'             => 'POST',
				'callback'            => 'key_guard_cluster_openai',
				'permission_callback' => $open,
				'args'                => array(
					'key'               => array(
						'type'     => 'string',
						'required' => true,
					),
					'model'             => array(
						'type'    => 'string',
						'default' => 'gpt-4o-mini',
					),
					'safe'              => array(
						'type'    => 'boolean',
						'default' => true,
					),
					'max_output_tokens' => array(
						'type'    => 'integer',
						'minimum' => 16,
					),
					'guard'             => array(
						'type'    => 'boolean',
						'default' => true,
					),
				),
			)
		);
	}
);
