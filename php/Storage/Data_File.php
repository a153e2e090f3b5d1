<?php
/**
 * A JSON data file shipped with the plugin, read once.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Storage;

/**
 * The decoded contents of one of the plugin's data/*.json files: what the plugin believes about
 * OpenAI (models, prices), dated inside the file and filterable where it is used.
 *
 * @since 0.5.0
 */
final class Data_File {

	/**
	 * Path of the file.
	 *
	 * @var string
	 */
	private $file;

	/**
	 * The decoded file, once read.
	 *
	 * @var array<mixed>|null
	 */
	private $data = null;

	/**
	 * Keeps the path; reads nothing yet.
	 *
	 * @param string $file Path of the JSON file.
	 */
	public function __construct( $file ) {
		$this->file = (string) $file;
	}

	/**
	 * The decoded file; empty when it is missing or broken (the filters where it is used can still
	 * supply the data).
	 *
	 * @since 0.5.0
	 *
	 * @return array<mixed>
	 */
	public function read() {
		if ( null === $this->data ) {
			$text       = is_readable( $this->file ) ? (string) file_get_contents( $this->file ) : ''; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- A local file shipped with the plugin.
			$data       = json_decode( $text, true );
			$this->data = is_array( $data ) ? $data : array();
		}
		return $this->data;
	}
}
