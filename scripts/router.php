<?php
/**
 * Router for `php -S HOST:PORT -t SITE scripts/router.php`, standing in for WordPress's .htaccess:
 * real files are served as they are, everything else goes through index.php, so /wp-json/ and
 * pretty permalinks work.
 *
 * @package Key_Guard
 */

$key_guard_root = rtrim( $_SERVER['DOCUMENT_ROOT'], '/' );
// WordPress is not loaded yet, so no wp_parse_url() here.
$key_guard_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url

// Never hand out the SQLite database, dotfiles or the debug log.
if ( preg_match( '#(^|/)\.|^/wp-content/database(/|$)|\.log$|^/wp-config\.php$#', $key_guard_path ) && '/' !== $key_guard_path ) {
	http_response_code( 403 );
	echo 'Forbidden';
	return true;
}

if ( '/' !== $key_guard_path && is_file( $key_guard_root . $key_guard_path ) ) {
	return false;
}

// A directory with its own index.php (/wp-admin/, /wp-admin/network/): php -S serves that index itself.
if ( '/' !== $key_guard_path && is_file( $key_guard_root . rtrim( $key_guard_path, '/' ) . '/index.php' ) ) {
	if ( '/' !== substr( $key_guard_path, -1 ) ) {
		$key_guard_query = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_QUERY ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url
		header( 'Location: ' . $key_guard_path . '/' . ( $key_guard_query ? '?' . $key_guard_query : '' ), true, 301 );
		return true;
	}
	return false;
}

// A subdirectory network's other sites, as multisite's .htaccess rules do: /site2/wp-admin/…,
// /site2/wp-includes/…, /site2/wp-login.php are the same paths without the site's segment.
if ( preg_match( '#^/[_0-9a-zA-Z-]+(/wp-(?:content|admin|includes)(?:/.*)?|/[^/]+\.php)$#', $key_guard_path, $key_guard_match ) && ! is_dir( $key_guard_root . '/' . strtok( $key_guard_path, '/' ) ) ) {
	$key_guard_file = $key_guard_root . $key_guard_match[1];
	if ( is_dir( $key_guard_file ) ) {
		$key_guard_file = rtrim( $key_guard_file, '/' ) . '/index.php';
	}
	// Nothing outside the site (no ../ escape), and the same files refused as above.
	$key_guard_safe = ! preg_match( '#(^|/)\.\.?(/|$)#', $key_guard_match[1] )
		&& ! preg_match( '#(^|/)\.|^/wp-content/database(/|$)|\.log$|^/wp-config\.php$#', $key_guard_match[1] );
	if ( ! $key_guard_safe ) {
		http_response_code( 403 );
		echo 'Forbidden';
		return true;
	}
	if ( is_file( $key_guard_file ) ) {
		if ( '.php' === substr( $key_guard_file, -4 ) ) {
			$key_guard_script           = substr( $key_guard_file, strlen( $key_guard_root ) );
			$_SERVER['SCRIPT_NAME']     = $key_guard_script;
			$_SERVER['PHP_SELF']        = $key_guard_script;
			$_SERVER['SCRIPT_FILENAME'] = $key_guard_file;
			chdir( dirname( $key_guard_file ) );
			require $key_guard_file;
			return true;
		}
		$key_guard_types     = array(
			'css'   => 'text/css',
			'js'    => 'text/javascript',
			'svg'   => 'image/svg+xml',
			'png'   => 'image/png',
			'gif'   => 'image/gif',
			'woff'  => 'font/woff',
			'woff2' => 'font/woff2',
			'json'  => 'application/json',
		);
		$key_guard_extension = strtolower( pathinfo( $key_guard_file, PATHINFO_EXTENSION ) );
		header( 'Content-Type: ' . ( $key_guard_types[ $key_guard_extension ] ?? 'application/octet-stream' ) );
		readfile( $key_guard_file ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_readfile -- A development server's static file.
		return true;
	}
}

// Everything else is WordPress's front controller.
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $key_guard_root . '/index.php';
chdir( $key_guard_root );
require $key_guard_root . '/index.php';
