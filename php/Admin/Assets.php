<?php
/**
 * The built script entries of the plugin's screens.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Admin;

/**
 * Registers and enqueues one built entry of build/ by name (build/{name}.js with its
 * {name}.asset.php and {name}.css), as wp-scripts writes them: each screen asks for its own entry,
 * and chunks an entry loads later come from the same folder.
 *
 * @since 0.4.0
 */
final class Assets {

	/** Script and style handles are this prefix plus the entry name. */
	const HANDLE_PREFIX = 'key-guard-';

	/**
	 * Path of plugin.php.
	 *
	 * @var string
	 */
	private $plugin_file;

	/**
	 * Keeps the plugin file path.
	 *
	 * @param string $plugin_file Path of plugin.php.
	 */
	public function __construct( $plugin_file ) {
		$this->plugin_file = $plugin_file;
	}

	/**
	 * The handle of an entry's script and style.
	 *
	 * @since 0.4.0
	 *
	 * @param string $entry Entry name, e.g. settings.
	 * @return string
	 */
	public static function handle( $entry ) {
		return self::HANDLE_PREFIX . $entry;
	}

	/**
	 * Whether an entry has been built (npm run build, or a release zip).
	 *
	 * @since 0.4.0
	 *
	 * @param string $entry Entry name.
	 * @return bool
	 */
	public function is_built( $entry ) {
		return is_array( $this->manifest( $entry ) );
	}

	/**
	 * Enqueues an entry's script (with its translations) and style, on top of wp-components.
	 *
	 * @since 0.4.0
	 *
	 * @param string $entry Entry name.
	 * @return string|null The handle, or null when the entry is not built.
	 */
	public function enqueue( $entry ) {
		$asset = $this->manifest( $entry );
		if ( ! is_array( $asset ) ) {
			return null;
		}
		$handle = self::handle( $entry );
		$url    = plugins_url( 'build/', $this->plugin_file );
		wp_enqueue_script( $handle, $url . $entry . '.js', $asset['dependencies'] ?? array(), $asset['version'] ?? KEY_GUARD_VERSION, true );
		wp_set_script_translations( $handle, 'key-guard-for-openai', plugin_dir_path( $this->plugin_file ) . 'languages' );
		$this->add_chunk_translations( $handle, $url, $asset['version'] ?? KEY_GUARD_VERSION );
		wp_enqueue_style( 'wp-components' );
		if ( is_readable( $this->dir() . $entry . '.css' ) ) {
			wp_enqueue_style( $handle, $url . $entry . '.css', array( 'wp-components' ), $asset['version'] ?? KEY_GUARD_VERSION );
			wp_style_add_data( $handle, 'rtl', 'replace' );
		}
		return $handle;
	}

	/**
	 * Hands the page the translations of every chunk the screens load later (build/*.js without
	 * an .asset.php, such as the Usage tab): WordPress loads translations only for registered
	 * scripts, and a chunk is fetched by the screen's own code. Each chunk is registered (never
	 * enqueued) so WordPress finds its translation file, and its words are given to wp.i18n
	 * before the entry runs.
	 *
	 * @param string $handle  The entry's handle.
	 * @param string $url     The build folder's URL.
	 * @param string $version The build's version.
	 * @return void
	 */
	private function add_chunk_translations( $handle, $url, $version ) {
		$languages = plugin_dir_path( $this->plugin_file ) . 'languages';
		foreach ( (array) glob( $this->dir() . '*.js' ) as $file ) {
			$chunk = basename( (string) $file, '.js' );
			if ( ! preg_match( '/^[a-z0-9-]+$/', $chunk ) || is_readable( $this->dir() . $chunk . '.asset.php' ) ) {
				continue;
			}
			$chunk_handle = $handle . '-' . $chunk;
			wp_register_script( $chunk_handle, $url . $chunk . '.js', array(), $version, true );
			$json = load_script_textdomain( $chunk_handle, 'key-guard-for-openai', $languages );
			if ( is_string( $json ) && '' !== $json ) {
				wp_add_inline_script(
					$handle,
					'( function ( domain, translations ) { var data = translations.locale_data[ domain ] || translations.locale_data.messages; data[""].domain = domain; wp.i18n.setLocaleData( data, domain ); } )( "key-guard-for-openai", ' . $json . ' );',
					'before'
				);
			}
		}
	}

	/**
	 * The entry's dependency manifest ({name}.asset.php), or null when not built.
	 *
	 * @param string $entry Entry name.
	 * @return array{dependencies?: string[], version?: string}|null
	 */
	private function manifest( $entry ) {
		$file = $this->dir() . $entry . '.asset.php';
		if ( ! preg_match( '/^[a-z0-9-]+$/', $entry ) || ! is_readable( $file ) ) {
			return null;
		}
		$asset = require $file;
		return is_array( $asset ) ? $asset : null;
	}

	/**
	 * The build folder.
	 *
	 * @return string
	 */
	private function dir() {
		return plugin_dir_path( $this->plugin_file ) . 'build/';
	}
}
