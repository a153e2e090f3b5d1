<?php
/**
 * The plugin's class autoloader, for plugin.php and uninstall.php (which runs without the plugin).
 *
 * PSR-4: Key_Guard\Folder\Class_Name → php/Folder/Class_Name.php; the plugin ships without Composer's vendor folder.
 *
 * @package Key_Guard
 */

defined( 'ABSPATH' ) || exit;

spl_autoload_register(
	static function ( $class_name ) {
		if ( 0 === strpos( $class_name, 'Key_Guard\\' ) ) {
			$file = __DIR__ . '/' . str_replace( '\\', '/', substr( $class_name, 10 ) ) . '.php';
			if ( is_readable( $file ) ) {
				require_once $file;
			}
		}
	}
);
