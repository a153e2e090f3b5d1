<?php
/**
 * OpenAI's platform pages and the permissions of a restricted key, as data.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Setup;

/**
 * Reads data/platform.json (dated, filterable): the platform pages the set-up guide links to, and
 * which permission of a restricted OpenAI key each API path needs, read (GET) or write (anything
 * else). Names them in words. No state but the file read once.
 *
 * @since 0.5.0
 *
 * @phpstan-type Permission array{id: string, paths: string[], read: string|null, write: string|null}
 */
final class Platform {

	/**
	 * Path of the data file.
	 *
	 * @var string
	 */
	private $file;

	/**
	 * The file's content, once read.
	 *
	 * @var array<string, mixed>|null
	 */
	private $data = null;

	/**
	 * Keeps the data file's path.
	 *
	 * @param string $file Path of data/platform.json.
	 */
	public function __construct( $file ) {
		$this->file = $file;
	}

	/**
	 * The platform pages, by name (dashboard, projects, billing, api_keys, limits, usage, data_controls).
	 *
	 * @since 0.5.0
	 *
	 * @return array<string, string>
	 */
	public function links() {
		$links = $this->data()['links'] ?? array();
		/**
		 * Filters the OpenAI platform pages the set-up guide links to.
		 *
		 * @since 0.5.0
		 *
		 * @param array<string, string> $links URLs by name.
		 */
		$links = apply_filters( 'key_guard_platform_links', is_array( $links ) ? $links : array() );
		$safe  = array();
		foreach ( (array) $links as $name => $url ) {
			if ( is_string( $url ) && 0 === strpos( $url, 'https://' ) ) {
				$safe[ (string) $name ] = esc_url_raw( $url );
			}
		}
		return $safe;
	}

	/**
	 * The permissions of a restricted key, in the dialog's order.
	 *
	 * @since 0.5.0
	 *
	 * @return array<int, Permission>
	 */
	public function permissions() {
		$permissions = $this->data()['permissions'] ?? array();
		/**
		 * Filters which permission of a restricted OpenAI key each API path needs.
		 *
		 * @since 0.5.0
		 *
		 * @param array<int, array{id: string, paths: string[], read: string|null, write: string|null}> $permissions The permissions.
		 */
		$permissions = apply_filters( 'key_guard_key_permissions', is_array( $permissions ) ? $permissions : array() );
		$valid       = array();
		foreach ( (array) $permissions as $permission ) {
			if ( is_array( $permission ) && isset( $permission['id'], $permission['paths'] ) && is_string( $permission['id'] ) && is_array( $permission['paths'] ) ) {
				$valid[] = array(
					'id'    => $permission['id'],
					'paths' => array_values( array_filter( $permission['paths'], 'is_string' ) ),
					'read'  => isset( $permission['read'] ) && is_string( $permission['read'] ) ? $permission['read'] : null,
					'write' => isset( $permission['write'] ) && is_string( $permission['write'] ) ? $permission['write'] : null,
				);
			}
		}
		return $valid;
	}

	/**
	 * The permission an endpoint needs (by its first path segment), null when none is known.
	 *
	 * @since 0.5.0
	 *
	 * @param string $endpoint The endpoint below the base URL, e.g. chat/completions.
	 * @return Permission|null
	 */
	public function permission_for( $endpoint ) {
		$first = (string) strtok( (string) $endpoint, '/' );
		foreach ( $this->permissions() as $permission ) {
			if ( in_array( $first, $permission['paths'], true ) ) {
				return $permission;
			}
		}
		return null;
	}

	/**
	 * A permission's name as OpenAI's dialog shows it, in words.
	 *
	 * @since 0.5.0
	 *
	 * @param string $id The permission.
	 * @return string
	 */
	public static function label( $id ) {
		$labels = array(
			'models'             => __( 'Models (List models)', 'key-guard-for-openai' ),
			'model_capabilities' => __( 'Model capabilities (Chat completions, Embeddings, Images, Audio, Moderations)', 'key-guard-for-openai' ),
			'responses'          => __( 'Responses API', 'key-guard-for-openai' ),
			'assistants'         => __( 'Assistants', 'key-guard-for-openai' ),
			'threads'            => __( 'Threads', 'key-guard-for-openai' ),
			'files'              => __( 'Files', 'key-guard-for-openai' ),
			'vector_stores'      => __( 'Vector stores', 'key-guard-for-openai' ),
			'fine_tuning'        => __( 'Fine-tuning', 'key-guard-for-openai' ),
			'batch'              => __( 'Batch', 'key-guard-for-openai' ),
			'realtime'           => __( 'Realtime', 'key-guard-for-openai' ),
		);
		return $labels[ $id ] ?? ucfirst( str_replace( array( '_', '-' ), ' ', $id ) ); // One a filter added: its id in words.
	}

	/**
	 * The level of access in words: Read or Write.
	 *
	 * @since 0.5.0
	 *
	 * @param string $access read or write.
	 * @return string
	 */
	public static function access_label( $access ) {
		return 'read' === $access ? __( 'Read', 'key-guard-for-openai' ) : __( 'Write', 'key-guard-for-openai' );
	}

	/**
	 * The file's content.
	 *
	 * @return array<string, mixed>
	 */
	private function data() {
		if ( null === $this->data ) {
			$raw        = is_readable( $this->file ) ? file_get_contents( $this->file ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- A data file of the plugin's own.
			$data       = is_string( $raw ) ? json_decode( $raw, true ) : null;
			$this->data = is_array( $data ) ? $data : array();
		}
		return $this->data;
	}
}
