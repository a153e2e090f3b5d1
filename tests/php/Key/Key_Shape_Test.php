<?php
/**
 * Tests for Key_Shape (and Key_Refusal behind it).
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Shape;

/**
 * Paste-hazard normalisation, refusals, kinds, shape warnings and the mask, from the fixture the
 * screen's tests read too (tests/fixtures/key-shapes.json), plus what only PHP can express.
 */
final class Key_Shape_Test extends TestCase {

	const FIXTURE = 'fixtures/key-shapes.json';

	/**
	 * The fixture, decoded; throws rather than letting a provider yield no case.
	 *
	 * @return array{define: array<string, string>, cases: array, masks: array}
	 * @throws \RuntimeException When the fixture is missing, unreadable or empty.
	 */
	private static function fixture() {
		$data = self::json_fixture( self::FIXTURE );
		if ( empty( $data['cases'] ) || empty( $data['masks'] ) || ! isset( $data['define'] ) ) {
			throw new \RuntimeException( 'The key-shape fixture tests/' . self::FIXTURE . ' is missing, unreadable or empty.' );
		}
		return $data;
	}

	/**
	 * Expands the fixture's templates: {NAME} from define (or MARKER), {text*N} repeated.
	 *
	 * @param string                $text   A template.
	 * @param array<string, string> $define Named values.
	 * @return string
	 * @throws \RuntimeException For a name the fixture does not define.
	 */
	private static function expand( $text, array $define ) {
		$define['MARKER'] = Key_Shape::MARKER;
		for ( $pass = 0; $pass < 10; $pass++ ) {
			$text = (string) preg_replace_callback(
				'/\{([^{}]+)\}/',
				static function ( $m ) use ( $define ) {
					if ( preg_match( '/^(.+)\*(\d+)$/s', $m[1], $repeat ) ) {
						return str_repeat( $repeat[1], (int) $repeat[2] );
					}
					if ( ! isset( $define[ $m[1] ] ) ) {
						throw new \RuntimeException( "The key-shape fixture does not define {$m[1]}." );
					}
					return $define[ $m[1] ];
				},
				$text
			);
		}
		return $text;
	}

	/**
	 * The shared cases, by name.
	 *
	 * @return array<string, array{0: array}>
	 */
	public function shape_cases() {
		$data  = self::fixture();
		$cases = array();
		foreach ( $data['cases'] as $case ) {
			foreach ( array( 'input', 'key', 'mask' ) as $field ) {
				if ( isset( $case[ $field ] ) ) {
					$case[ $field ] = self::expand( $case[ $field ], $data['define'] );
				}
			}
			$cases[ $case['name'] ] = array( $case );
		}
		return $cases;
	}

	/**
	 * Each pasted text becomes the expected key, reports what was removed, and gets the expected
	 * refusal (a 400 in words) or the expected warnings; its kind and mask are as expected.
	 *
	 * @dataProvider shape_cases
	 *
	 * @param array $case One fixture case.
	 */
	public function test_shape( array $case ) {
		$own        = $case['openai_own'] ?? true;
		$normalised = Key_Shape::normalise( $case['input'] );
		$key        = $normalised['key'];
		$this->assertSame( $case['key'], $key, 'normalised key' );
		$this->assertEqualsCanonicalizing( $case['removed'], $normalised['removed'], 'removed' );
		$this->assertCount( count( $case['removed'] ), Key_Shape::removal_messages( $normalised['removed'] ) );

		$refusal = Key_Shape::refusal( $key, $own );
		if ( null === $case['refusal'] ) {
			$this->assertNull( $refusal, $refusal ? $refusal->get_error_code() : '' );
			$warnings = Key_Shape::warnings( $key, $own );
			$this->assertSame( $case['warnings'], wp_list_pluck( $warnings, 'code' ), 'warnings' );
			$message = implode( ' ', wp_list_pluck( $warnings, 'message' ) );
		} else {
			$this->assertInstanceOf( \WP_Error::class, $refusal );
			$this->assertSame( $case['refusal'], $refusal->get_error_code() );
			$this->assertSame( 400, $refusal->get_error_data()['status'] );
			$message = $refusal->get_error_message();
		}
		foreach ( $case['message_contains'] ?? array() as $words ) {
			$this->assertStringContainsString( $words, $message );
		}
		if ( isset( $case['kind'] ) ) {
			$this->assertSame( $case['kind'], Key_Shape::kind( $key ), 'kind' );
		}
		if ( isset( $case['mask'] ) ) {
			$this->assertSame( $case['mask'], Key_Shape::mask( $key ), 'mask' );
		}
	}

	/**
	 * More masks, by key.
	 *
	 * @return array<string, array{0: string, 1: string}>
	 */
	public function mask_cases() {
		$data  = self::fixture();
		$cases = array();
		foreach ( $data['masks'] as $case ) {
			$cases[ '"' . $case['key'] . '"' ] = array( self::expand( $case['key'], $data['define'] ), $case['mask'] );
		}
		return $cases;
	}

	/**
	 * The mask shows the prefix and, only for a long enough secret part, its last four characters.
	 *
	 * @dataProvider mask_cases
	 *
	 * @param string $key  A key.
	 * @param string $mask Its mask.
	 */
	public function test_mask( $key, $mask ) {
		$this->assertSame( $mask, Key_Shape::mask( $key ) );
	}

	/**
	 * Whatever the length, a mask never shows more than a quarter of the part after the prefix.
	 */
	public function test_mask_never_reveals_more_than_a_quarter_of_the_secret() {
		$prefixes = array_merge( array_keys( Key_Shape::PREFIXES ), array_keys( Key_Shape::FOREIGN_PREFIXES ), array( 'sk-', '' ) );
		foreach ( $prefixes as $prefix ) {
			for ( $length = 0; $length <= 60; $length++ ) {
				$key      = $prefix . substr( str_repeat( 'Zy9_', 16 ), 0, $length );
				$mask     = Key_Shape::mask( $key );
				$shown    = explode( "\u{2026}", $mask, 2 )[1] ?? '';
				$revealed = strlen( $shown );
				$this->assertLessThanOrEqual( $length / 4, $revealed, "mask of \"$key\" is \"$mask\"" );
				$this->assertNotNull( Key_Shape::refusal( $mask ), 'a mask is always refused as a key' );
			}
		}
	}

	/**
	 * Invalid UTF-8 cannot live in the JSON fixture: it is refused as invalid characters, named in words.
	 */
	public function test_invalid_utf8_is_refused() {
		$error = Key_Shape::refusal( "sk-proj-\xC3\x28" . str_repeat( 'a', 40 ) );
		$this->assertSame( 'key_guard_invalid_characters', $error->get_error_code() );
		$this->assertStringContainsString( 'not valid text', $error->get_error_message() );
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
	 * Refusals about which keys were pasted never echo them.
	 */
	public function test_paste_refusals_do_not_echo_the_keys() {
		$key  = Sim_Keys::key( 'ok' );
		$pair = Key_Shape::normalise( $key . "\n" . Sim_Keys::key( 'ok', 'b2' ) )['key'];
		foreach ( array( $pair, 'gsk_' . substr( $key, 8, 60 ), 'x' . $key ) as $text ) {
			$message = Key_Shape::refusal( $text )->get_error_message();
			$this->assertStringNotContainsString( substr( $key, 10, 12 ), $message );
		}
	}

	/**
	 * The simulator's keys, which every other suite uses, are well-formed project keys.
	 */
	public function test_simulator_keys_pass() {
		$key = Sim_Keys::key( 'ok' );
		$this->assertNull( Key_Shape::refusal( $key ) );
		$this->assertSame( array(), Key_Shape::warnings( $key ) );
		$this->assertSame( 'project', Key_Shape::kind( $key ) );
		$this->assertNull( Key_Shape::refusal( Sim_Keys::random() ) );
	}
}
