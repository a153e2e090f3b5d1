<?php
/**
 * The list of diagnosis codes and their facts, read from data/diagnoses.json.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * Reads the one list of diagnosis codes that PHP, the screen and both test suites share: per code, where
 * the fix is (kind), the HTTP statuses it comes from, the status POST /test answers with and the links.
 *
 * @since 0.4.0
 */
final class Diagnosis_Codes {

	/** The data file, relative to the plugin folder. */
	const FILE = 'data/diagnoses.json';

	/** The code used for anything the list does not know: an answer that was not the OpenAI API's. */
	const FALLBACK = 'bad_response';

	/**
	 * Every code with its facts, in the file's order.
	 *
	 * @since 0.4.0
	 *
	 * @return array<string, array{kind: string, http_status: string[], rest_status: int, links: string[]}>
	 */
	public static function all() {
		$data = wp_json_file_decode( dirname( __DIR__, 2 ) . '/' . self::FILE, array( 'associative' => true ) );
		return is_array( $data ) && isset( $data['codes'] ) && is_array( $data['codes'] ) ? $data['codes'] : array();
	}

	/**
	 * The facts of one code; those of the fallback for a code the list does not hold.
	 *
	 * @since 0.4.0
	 *
	 * @param string $code Diagnosis code.
	 * @return array{kind: string, http_status: string[], rest_status: int, links: string[]}
	 */
	public static function get( $code ) {
		$codes = self::all();
		if ( isset( $codes[ $code ] ) ) {
			return $codes[ $code ];
		}
		return $codes[ self::FALLBACK ] ?? array(
			'kind'        => 'site',
			'http_status' => array(),
			'rest_status' => 200,
			'links'       => array(),
		);
	}
}
