<?php
/**
 * A table of the plugin's own, per site.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Storage;

/**
 * What every table of ours shares: its name after the site's prefix (so each site of a network has
 * its own), creation through dbDelta (safe to run again: the installer runs it on every new
 * version), and removal.
 *
 * @since 0.5.0
 */
abstract class Custom_Table {

	/**
	 * The table's name after the site's prefix.
	 *
	 * @return string
	 */
	abstract protected function suffix();

	/**
	 * The columns and keys, one per line, as dbDelta reads them (two spaces after PRIMARY KEY).
	 *
	 * @return string
	 */
	abstract protected function columns();

	/**
	 * The table of the current site.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function name() {
		global $wpdb;
		return $wpdb->prefix . $this->suffix();
	}

	/**
	 * Creates or updates the table of the current site (dbDelta: safe to run again).
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function install() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php'; // @phpstan-ignore constant.notFound (WordPress defines it; PHPStan runs without WordPress.)
		dbDelta( 'CREATE TABLE ' . $this->name() . " (\n" . $this->columns() . "\n) " . $wpdb->get_charset_collate() . ';' );
	}

	/**
	 * Removes the table of the current site.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function drop() {
		global $wpdb;
		$wpdb->query( 'DROP TABLE IF EXISTS ' . $this->name() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery, WordPress.DB.DirectDatabaseQuery.SchemaChange -- The table's own name; a schema change.
	}

	/**
	 * Whether the table of the current site exists.
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public function exists() {
		global $wpdb;
		return $this->name() === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $this->name() ) ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- A schema question.
	}
}
