<?php
/**
 * Tests for Key_Shape.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Shape;


/**
 * Paste-hazard normalisation, refusals, kinds, shape warnings and the mask.
 */
final class Key_Shape_Test extends TestCase {

	/**
	 * Pasted text, the key it must become, and what must be reported removed.
	 *
	 * @return array
	 */
	public function normalise_cases() {
		$key = Sim_Keys::key( 'ok' );
		return array(
			'clean'               => array( $key, $key, array() ),
			'spaces around'       => array( "  $key \t", $key, array( 'whitespace' ) ),
			'trailing newline'    => array( "$key\n", $key, array( 'line_breaks' ) ),
			'line break inside'   => array( substr( $key, 0, 80 ) . "\r\n" . substr( $key, 80 ), $key, array( 'line_breaks' ) ),
			'zero-width inside'   => array( substr( $key, 0, 10 ) . "\u{200B}" . substr( $key, 10 ) . "\u{FEFF}", $key, array( 'invisible' ) ),
			'non-breaking spaces' => array( "\u{00A0}$key\u{202F}", $key, array( 'nbsp' ) ),
			'double quotes'       => array( "\"$key\"", $key, array( 'quotes' ) ),
			'single quotes'       => array( "'$key'", $key, array( 'quotes' ) ),
			'smart quotes'        => array( "\u{201C}$key\u{201D}", $key, array( 'quotes' ) ),
			'bearer'              => array( "Bearer $key", $key, array( 'bearer' ) ),
			'bearer lower case'   => array( "bearer  $key", $key, array( 'bearer' ) ),
			'everything at once'  => array( " \"Bearer $key\"\n", $key, array( 'line_breaks', 'whitespace', 'quotes', 'bearer' ) ),
			'quotes inside space' => array( "' $key '", $key, array( 'quotes', 'whitespace' ) ),
		);
	}

	/**
	 * Normalisation.
	 *
	 * @dataProvider normalise_cases
	 *
	 * @param string   $raw      Pasted.
	 * @param string   $expected Key.
	 * @param string[] $removed  Codes.
	 */
	public function test_normalise( $raw, $expected, array $removed ) {
		$result = Key_Shape::normalise( $raw );
		$this->assertSame( $expected, $result['key'] );
		$this->assertEqualsCanonicalizing( $removed, $result['removed'] );
		$this->assertCount( count( $removed ), Key_Shape::removal_messages( $result['removed'] ) );
	}

	/**
	 * Normalised input and the refusal code it must get.
	 *
	 * @return array
	 */
	public function refusal_cases() {
		$key = Sim_Keys::key( 'ok' );
		return array(
			'empty'              => array( '', 'key_guard_empty' ),
			'core mask'          => array( "\u{2022}\u{2022}\u{2022}\u{2022}" . substr( $key, -4 ), 'key_guard_masked' ),
			'our mask'           => array( Key_Shape::mask( $key ), 'key_guard_masked' ),
			'openai echo'        => array( 'sk-proj-****************************abcd', 'key_guard_masked' ),
			'admin key'          => array( 'sk-admin-' . str_repeat( 'a', 40 ) . 'T3BlbkFJ' . str_repeat( 'b', 40 ), 'key_guard_admin_key' ),
			'too long'           => array( 'sk-proj-' . str_repeat( 'a', 500 ), 'key_guard_too_long' ),
			'too short'          => array( 'sk-abc', 'key_guard_too_short' ),
			'space inside'       => array( 'sk-proj-abc def' . str_repeat( 'a', 30 ), 'key_guard_invalid_characters' ),
			'cyrillic homoglyph' => array( "sk-proj-\u{0430}" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'html'               => array( '<script>alert(1)</script>' . $key, 'key_guard_invalid_characters' ),
			'sql'                => array( "sk-' OR 1=1 --" . str_repeat( 'a', 20 ), 'key_guard_invalid_characters' ),
			'control character'  => array( "sk-proj-\x07" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
			'invalid utf-8'      => array( "sk-proj-\xC3\x28" . str_repeat( 'a', 40 ), 'key_guard_invalid_characters' ),
		);
	}

	/**
	 * Refusals.
	 *
	 * @dataProvider refusal_cases
	 *
	 * @param string $key  Input.
	 * @param string $code Expected WP_Error code.
	 */
	public function test_refusal( $key, $code ) {
		$error = Key_Shape::refusal( $key );
		$this->assertInstanceOf( \WP_Error::class, $error );
		$this->assertSame( $code, $error->get_error_code() );
		$this->assertSame( 400, $error->get_error_data()['status'] );
		$this->assertNotSame( '', $error->get_error_message() );
	}

	/**
	 * The refusal names the offending character by code point and position, not by echoing the key.
	 */
	public function test_invalid_character_is_named_by_code_point() {
		$error = Key_Shape::refusal( "sk-proj-\u{0430}" . str_repeat( 'a', 40 ) );
		$this->assertStringContainsString( 'U+0430', $error->get_error_message() );
		$this->assertStringContainsString( 'position 9', $error->get_error_message() );
	}

	/**
	 * Well-formed keys of every kind pass.
	 */
	public function test_well_formed_keys_pass() {
		$this->assertNull( Key_Shape::refusal( Sim_Keys::key( 'ok' ) ) );
		$this->assertNull( Key_Shape::refusal( 'sk-' . str_repeat( 'x', 20 ) . 'T3BlbkFJ' . str_repeat( 'y', 20 ) ) );
	}

	/**
	 * Kinds by prefix.
	 */
	public function test_kind() {
		$this->assertSame( 'project', Key_Shape::kind( Sim_Keys::key( 'ok' ) ) );
		$this->assertSame( 'service_account', Key_Shape::kind( 'sk-svcacct-abc' ) );
		$this->assertSame( 'user', Key_Shape::kind( 'sk-None-abc' ) );
		$this->assertSame( 'admin', Key_Shape::kind( 'sk-admin-abc' ) );
		$this->assertSame( 'legacy', Key_Shape::kind( 'sk-' . str_repeat( 'a', 20 ) . 'T3BlbkFJ' . str_repeat( 'b', 20 ) ) );
		$this->assertSame( 'unknown', Key_Shape::kind( 'or-v1-abcdef' ) );
	}

	/**
	 * Truncation warnings: warned, never refused.
	 */
	public function test_truncated_shapes_warn() {
		$key = Sim_Keys::key( 'ok' );
		$this->assertSame( array(), Key_Shape::warnings( $key ) );
		$cut = substr( $key, 0, -10 );
		$this->assertNull( Key_Shape::refusal( $cut ) );
		$this->assertSame( 'looks_truncated', Key_Shape::warnings( $cut )[0]['code'] );
		$this->assertSame( 'looks_truncated', Key_Shape::warnings( substr( $key, 0, 60 ) )[0]['code'] );
		$this->assertSame( 'unexpected_prefix', Key_Shape::warnings( 'abc' . $key )[0]['code'] );
	}

	/**
	 * The mask shows the prefix and the last four characters only.
	 */
	public function test_mask() {
		$key  = Sim_Keys::key( 'ok' );
		$mask = Key_Shape::mask( $key );
		$this->assertSame( "sk-proj-\u{2026}" . substr( $key, -4 ), $mask );
		$this->assertSame( '', Key_Shape::mask( '' ) );
		$this->assertSame( "\u{2026}" . substr( 'abcdefghijklmnopqrstuvwxyz', -4 ), Key_Shape::mask( 'abcdefghijklmnopqrstuvwxyz' ) );
	}
}
