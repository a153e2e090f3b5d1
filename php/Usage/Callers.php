<?php
/**
 * Who on the site sends an OpenAI request.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

/**
 * Names the code that sent a request, from the call stack: a plugin (its folder), a theme
 * (theme:slug), a must-use plugin (mu:file) or core; this plugin's own requests (the connection
 * test) are key-guard-for-openai. Frames of core, of this plugin's meter and of AI provider
 * plugins and AI client libraries are passed over: with WordPress's AI client, the caller is the
 * plugin that asked the client, not the provider or core's client code. Only run for OpenAI
 * requests: reading a stack costs a few microseconds.
 *
 * @since 0.5.0
 */
final class Callers {

	/** This plugin's own caller id, whatever its folder is named. */
	const OWN = 'key-guard-for-openai';

	/** The caller id of core (and of code outside plugins and themes). */
	const CORE = 'core';

	/** Path parts of AI client libraries, wherever they are bundled: never the caller. */
	const CLIENT_LIBRARIES = array( '/php-ai-client/', '/wp-ai-client/', '/ai-client/' );

	/**
	 * This plugin's folder.
	 *
	 * @var string
	 */
	private $own_dir;

	/**
	 * Folder prefixes and what a path below each is, built on first use: [prefix, kind].
	 *
	 * @var array<int, array{0: string, 1: string}>|null
	 */
	private $roots = null;

	/**
	 * Installed plugins' names by folder, read on first use.
	 *
	 * @var array<string, string>|null
	 */
	private $plugin_names = null;

	/**
	 * Keeps this plugin's folder.
	 *
	 * @param string $own_dir This plugin's folder.
	 */
	public function __construct( $own_dir ) {
		$this->own_dir = self::normal( $own_dir );
	}

	/**
	 * The caller of the current request, from the stack.
	 *
	 * @since 0.5.0
	 *
	 * @return string A caller id.
	 */
	public function current() {
		return $this->from_trace( debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_debug_backtrace -- Attribution of OpenAI requests, never output.
	}

	/**
	 * The caller a stack names: its innermost frame in a plugin, theme or must-use plugin that is
	 * neither this plugin's meter nor an AI provider or client; core when there is none.
	 *
	 * @since 0.5.0
	 *
	 * @param array<int, array<string, mixed>> $frames Frames, innermost first (debug_backtrace()).
	 * @return string
	 */
	public function from_trace( array $frames ) {
		$providers = $this->providers();
		foreach ( $frames as $frame ) {
			if ( empty( $frame['file'] ) || ! is_string( $frame['file'] ) ) {
				continue;
			}
			$id = $this->of_file( self::normal( $frame['file'] ) );
			if ( null !== $id && ! in_array( $id, $providers, true ) ) {
				return $id;
			}
		}
		return self::CORE;
	}

	/**
	 * What a caller id is: plugin, theme, mu or core.
	 *
	 * @since 0.5.0
	 *
	 * @param string $id A caller id.
	 * @return string
	 */
	public static function kind( $id ) {
		if ( self::CORE === $id ) {
			return 'core';
		}
		$colon = strpos( $id, ':' );
		return false === $colon ? 'plugin' : substr( $id, 0, $colon );
	}

	/**
	 * A caller's name in words: the plugin's or theme's name when installed, else its id.
	 *
	 * @since 0.5.0
	 *
	 * @param string $id A caller id.
	 * @return string
	 */
	public function label( $id ) {
		$kind = self::kind( $id );
		if ( 'core' === $kind ) {
			return __( 'WordPress core', 'key-guard-for-openai' );
		}
		if ( self::OWN === $id ) {
			return __( 'Key Guard for OpenAI (connection tests)', 'key-guard-for-openai' );
		}
		if ( 'theme' === $kind ) {
			$theme = wp_get_theme( substr( $id, 6 ) );
			/* translators: %s: a theme's name. */
			return sprintf( __( 'Theme: %s', 'key-guard-for-openai' ), $theme->exists() ? $theme->get( 'Name' ) : substr( $id, 6 ) );
		}
		if ( 'mu' === $kind ) {
			/* translators: %s: a must-use plugin's file name. */
			return sprintf( __( 'Must-use plugin: %s', 'key-guard-for-openai' ), substr( $id, 3 ) );
		}
		return $this->plugin_name( $id );
	}

	/**
	 * The caller id of a file, null for core, this plugin's meter and AI client libraries.
	 *
	 * @param string $file A normalised path.
	 * @return string|null
	 */
	private function of_file( $file ) {
		foreach ( self::CLIENT_LIBRARIES as $part ) {
			if ( false !== strpos( $file, $part ) ) {
				return null;
			}
		}
		foreach ( $this->roots() as list( $prefix, $kind ) ) {
			if ( 0 !== strpos( $file, $prefix ) ) {
				continue;
			}
			if ( 'own' === $kind ) {
				// The meter's own frames, and the stand-in its hooks call, are how the request was
				// seen, not who sent it; files outside php/ (a development copy's tests and tools)
				// are not the plugin's code.
				$code = 0 === strpos( $file, $prefix . 'php/' ) && 0 !== strpos( $file, $prefix . 'php/Usage/' ) && $prefix . 'php/Lazy_Service.php' !== $file;
				return $code ? self::OWN : null;
			}
			if ( 0 === strpos( $kind, 'linked:' ) ) {
				return substr( $kind, 7 );
			}
			$rest  = substr( $file, strlen( $prefix ) );
			$slash = strpos( $rest, '/' );
			$first = false === $slash ? $rest : substr( $rest, 0, $slash );
			if ( 'plugin' === $kind ) {
				return false === $slash ? (string) preg_replace( '/\.php$/', '', $first ) : $first;
			}
			return $kind . ':' . $first;
		}
		return null;
	}

	/**
	 * The folders of this plugin, plugins (also where symlinked plugins really are), must-use
	 * plugins and themes; longest first so the most precise wins.
	 *
	 * @return array<int, array{0: string, 1: string}>
	 */
	private function roots() {
		if ( null !== $this->roots ) {
			return $this->roots;
		}
		global $wp_plugin_paths, $wp_theme_directories;
		$roots = array( array( $this->own_dir, 'own' ) );
		foreach ( (array) $wp_plugin_paths as $plugin_dir => $real_dir ) {
			// A symlinked plugin runs from its real folder: map it back to its folder's name.
			$real = self::normal( $real_dir );
			if ( $real !== $this->own_dir ) {
				$roots[] = array( $real, 'linked:' . basename( (string) $plugin_dir ) );
			}
		}
		$dirs = array();
		if ( defined( 'WPMU_PLUGIN_DIR' ) ) {
			$dirs[] = array( WPMU_PLUGIN_DIR, 'mu' );
		}
		if ( defined( 'WP_PLUGIN_DIR' ) ) {
			$dirs[] = array( WP_PLUGIN_DIR, 'plugin' );
		}
		foreach ( (array) $wp_theme_directories as $dir ) {
			$dirs[] = array( $dir, 'theme' );
		}
		foreach ( $dirs as list( $dir, $kind ) ) {
			// A stack names files by their real path: a symlinked folder is found under both.
			foreach ( array_unique( array( (string) $dir, (string) realpath( (string) $dir ) ) ) as $path ) {
				if ( '' !== $path ) {
					$roots[] = array( self::normal( $path ), $kind );
				}
			}
		}
		usort(
			$roots,
			static function ( $a, $b ) {
				return strlen( $b[0] ) <=> strlen( $a[0] );
			}
		);
		$this->roots = $roots;
		return $this->roots;
	}

	/**
	 * The plugin folders that provide models to an AI client: never the caller.
	 *
	 * @return string[]
	 */
	private function providers() {
		/**
		 * Filters the plugins (folder names) that only carry other plugins' AI requests, such as a
		 * provider for WordPress's AI client: requests through them count for the plugin that asked.
		 *
		 * @since 0.5.0
		 *
		 * @param string[] $providers Plugin folder names.
		 */
		$providers = apply_filters( 'key_guard_provider_plugins', array( 'ai-provider-for-openai' ) );
		return is_array( $providers ) ? array_values( array_filter( $providers, 'is_string' ) ) : array();
	}

	/**
	 * An installed plugin's name by its folder (or single file), else the folder.
	 *
	 * @param string $slug The folder.
	 * @return string
	 */
	private function plugin_name( $slug ) {
		if ( null === $this->plugin_names ) {
			if ( ! function_exists( 'get_plugins' ) ) {
				require_once ABSPATH . 'wp-admin/includes/plugin.php'; // @phpstan-ignore constant.notFound (WordPress defines it; PHPStan runs without WordPress.)
			}
			$this->plugin_names = array();
			foreach ( get_plugins() as $file => $data ) {
				$folder                        = '.' === dirname( $file ) ? basename( $file, '.php' ) : dirname( $file );
				$this->plugin_names[ $folder ] = (string) $data['Name'];
			}
		}
		$name = $this->plugin_names[ $slug ] ?? '';
		return '' !== $name ? $name : $slug;
	}

	/**
	 * A path with forward slashes and a trailing slash for folders.
	 *
	 * @param string $path A path.
	 * @return string
	 */
	private static function normal( $path ) {
		$path = str_replace( '\\', '/', (string) $path );
		return '.php' === substr( $path, -4 ) ? $path : trailingslashit( $path );
	}
}
